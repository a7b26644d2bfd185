/**
 * territory-conflict (with --rules): the record's territory has owners, and the record's active owner
 * (user or queue) is not one of them. Unowned, inactive and unknown owners are left to their checks;
 * records waiting in a queue that no rule names are not conflicts (a plan leaves them there).
 */
import { kindRole } from '../../kinds/registry.js';
import type { Check } from '../check.js';
import { IN_UNNAMED_QUEUE } from '../territories.js';

export const territoryConflict: Check = {
  id: 'territory-conflict',
  applies: (kind, context) => context.settings.rules !== undefined && kindRole(kind) === 'record',
  perRecord: true,
  joins: ['territory'],
  condition: (
    context,
  ) => `(t.territory IS NOT NULL AND r.owner_active = 1 AND r.owner_type IN ('user', 'queue') AND NOT ${context.sql.placeholder} AND NOT ${IN_UNNAMED_QUEUE}
    AND EXISTS (SELECT 1 FROM temp.territory_owner x WHERE x.territory = t.territory)
    AND NOT EXISTS (SELECT 1 FROM temp.territory_owner x WHERE x.territory = t.territory AND x.owner_id = r.owner_id))`,
  detail: `'territory ' || t.territory`,
};
