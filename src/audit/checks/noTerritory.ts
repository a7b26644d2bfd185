/**
 * no-territory (with --rules): no rule matches the record (for a contact with an account: its
 * account). Records waiting in a queue that no rule names are left alone.
 */
import { kindRole } from '../../kinds/registry.js';
import type { Check } from '../check.js';
import { IN_UNNAMED_QUEUE } from '../territories.js';

export const noTerritory: Check = {
  id: 'no-territory',
  applies: (kind, context) => context.settings.rules !== undefined && kindRole(kind) === 'record',
  perRecord: true,
  joins: ['territory'],
  condition: `(t.territory IS NULL AND NOT ${IN_UNNAMED_QUEUE})`,
  detail: `CASE WHEN r.account_id IS NOT NULL THEN 'no rule matches its account' ELSE 'no rule matches' END`,
};
