/**
 * inactive-team-member: a team membership (account or opportunity team) held by an inactive user
 * (HubSpot's `Deactivated User` included), a user no owner matches, or a system user. A placeholder
 * owner counts as no one, as the owner checks have it.
 */
import { kindRole } from '../../kinds/registry.js';
import type { Check } from '../check.js';

export const inactiveTeamMember: Check = {
  id: 'inactive-team-member',
  applies: (kind) => kindRole(kind) === 'membership',
  // The member was resolved as an owner at load: no join needed.
  condition: (context) =>
    `(${context.sql.inactive} OR ${context.sql.unknown} OR r.owner_type = 'system' OR ${context.sql.unowned})`,
  detail: `CASE WHEN r.owner_issue = 'empty' THEN 'no member'
    WHEN r.owner_issue IN ('unknown', 'ambiguous') THEN 'no such user'
    WHEN r.owner_type = 'system' THEN 'member is a system user'
    ELSE 'member is inactive' END`,
};
