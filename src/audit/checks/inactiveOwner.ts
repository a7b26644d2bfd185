/** inactive-owner: the owner resolves to an inactive owner, or is HubSpot's `Deactivated User`. */
import { kindRole } from '../../kinds/registry.js';
import type { Check } from '../check.js';

export const inactiveOwner: Check = {
  id: 'inactive-owner',
  // Team members are checked by inactive-team-member.
  applies: (kind) => kindRole(kind) !== 'membership',
  condition: (context) => context.sql.inactive,
  detail: `CASE WHEN r.owner_issue = 'deactivated' THEN 'Deactivated User' ELSE 'owner is inactive' END`,
};
