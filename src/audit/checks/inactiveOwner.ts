/** inactive-owner: the owner resolves to an inactive owner, or is HubSpot's `Deactivated User`. */
import type { Check } from '../check.js';

export const inactiveOwner: Check = {
  id: 'inactive-owner',
  applies: () => true,
  condition: (context) => context.sql.inactive,
  detail: `CASE WHEN r.owner_issue = 'deactivated' THEN 'Deactivated User' ELSE 'owner is inactive' END`,
};
