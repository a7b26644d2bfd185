/**
 * account-owner-mismatch: a contact whose account is in the snapshot, both owned by known owners
 * (active or not; placeholders do not count), with different owners.
 */
import type { Check } from '../check.js';
import { SQL } from '../context.js';

export const accountOwnerMismatch: Check = {
  id: 'account-owner-mismatch',
  applies: (kind) => kind !== 'accounts',
  joins: ['account'],
  condition: `(a.id IS NOT NULL AND r.owner_id IS NOT NULL AND a.owner_id IS NOT NULL AND r.owner_id != a.owner_id
    AND NOT ${SQL.placeholder} AND NOT (a.owner_id IN temp.placeholder_ids))`,
  detail: `'account ' || a.id || ' is owned by ' || coalesce((SELECT ao.name FROM owners ao WHERE ao.snapshot_id = a.snapshot_id AND ao.id = a.owner_id), a.owner_id)`,
};
