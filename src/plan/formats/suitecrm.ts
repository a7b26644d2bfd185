import type { ImportFormat } from './format.js';

/** SuiteCRM's import maps columns named like its fields, and updates the records whose id it has. */
export const suitecrm: ImportFormat = {
  header: () => ['id', 'assigned_user_id'],
  ownerKey: 'id',
};
