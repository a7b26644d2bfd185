import type { ImportFormat } from './format.js';

/** Odoo's import-compatible form: records and the salesperson by external id. */
export const odoo: ImportFormat = {
  header: () => ['id', 'user_id/id'],
  ownerKey: 'id',
};
