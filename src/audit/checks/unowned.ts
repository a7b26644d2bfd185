/** unowned: the owner value is empty, `000000000000000AAA`, or a configured placeholder owner. */
import type { Check } from '../check.js';

export const unowned: Check = {
  id: 'unowned',
  applies: () => true,
  condition: (context) => context.sql.unowned,
  detail: `CASE WHEN r.owner_issue = 'empty' THEN 'no owner' ELSE 'placeholder owner' END`,
};
