/** unknown-owner: an owner value that matches no owner (deleted user, typo) or two (ambiguous name). */
import { kindRole } from '../../kinds/registry.js';
import type { Check } from '../check.js';
import { TEAMS_HINT } from '../ownerTeams.js';

export const unknownOwner: Check = {
  id: 'unknown-owner',
  // Team members are checked by inactive-team-member.
  applies: (kind) => kindRole(kind) !== 'membership',
  condition: (context) => context.sql.unknown,
  detail: (context) => {
    const teams = context.filesNeedingTeams();
    const hint =
      teams.length > 0 ? ` WHEN r.file_id IN (${teams.join(', ')}) THEN 'no such owner (${TEAMS_HINT})'` : '';
    return `CASE WHEN r.owner_issue = 'ambiguous' THEN 'ambiguous name'${hint} ELSE 'no such owner' END`;
  },
};
