import { importEntity, type ImportFormat } from './format.js';

/**
 * Dynamics 365's "Import from CSV": a column headed with the table's name maps to its primary key
 * (the record's GUID), so the row updates that record; `Owner` is resolved to the user (or team) of
 * that full name, the way its exports name owners.
 */
export const dynamics: ImportFormat = {
  header: (kind) => [importEntity(kind, 'dynamics', 'Dynamics 365'), 'Owner'],
  ownerKey: 'name',
};
