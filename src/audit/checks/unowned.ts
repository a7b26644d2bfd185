/** unowned: the owner value is empty, `000000000000000AAA`, or a configured placeholder owner. */
import { kindRole } from '../../kinds/registry.js';
import type { Check } from '../check.js';

export const unowned: Check = {
  id: 'unowned',
  // Team members are checked by inactive-team-member.
  applies: (kind) => kindRole(kind) !== 'membership',
  condition: (context) => context.sql.unowned,
  detail: `CASE WHEN r.owner_issue = 'empty' THEN 'no owner' ELSE 'placeholder owner' END`,
};
