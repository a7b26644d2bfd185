/** unknown-owner: an owner value that matches no owner (deleted user, typo) or two (ambiguous name). */
import type { Check } from '../check.js';

export const unknownOwner: Check = {
  id: 'unknown-owner',
  applies: () => true,
  condition: (context) => context.sql.unknown,
  detail: `CASE WHEN r.owner_issue = 'ambiguous' THEN 'ambiguous name' ELSE 'no such owner' END`,
};
