/**
 * account-owner-mismatch: an open record of a kind whose parent is accounts (contacts,
 * opportunities, cases) whose account is in the snapshot, both owned by known owners (active or
 * not; placeholders do not count), with different owners. Config `mismatchKinds` narrows the kinds.
 */
import { isChildOf, kindRole, PARENT_KIND } from '../../kinds/registry.js';
import type { Check } from '../check.js';

export const accountOwnerMismatch: Check = {
  id: 'account-owner-mismatch',
  applies: (kind, context) =>
    isChildOf(kind, PARENT_KIND) &&
    kindRole(kind) === 'record' &&
    (context.settings.mismatchKinds?.includes(kind) ?? true),
  // The account's owner was stored with the contact at load.
  condition: (
    context,
  ) => `(r.owner_id IS NOT NULL AND r.account_owner_id IS NOT NULL AND r.owner_id != r.account_owner_id
    AND NOT ${context.sql.placeholder} AND NOT ${context.sql.placeholderAccountOwner})`,
  detail: `'account ' || r.account_id || ' is owned by ' || coalesce((SELECT ao.name FROM owners ao WHERE ao.snapshot_id = r.snapshot_id AND ao.id = r.account_owner_id), r.account_owner_id)`,
};
