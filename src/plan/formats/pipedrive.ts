import { kindSpec } from '../../kinds/registry.js';
import { importEntity, type ImportFormat } from './format.js';

/**
 * Pipedrive's spreadsheet import updates the items whose Pipedrive system id it is given
 * (`Deal - ID`, mapped to the ID field) and takes the owner as the user's name, as its exports write
 * both (`Deal - Owner`; an activity's `Activity - Assigned to user`).
 */
export const pipedrive: ImportFormat = {
  header: (kind) => {
    const entity = importEntity(kind, 'pipedrive', 'Pipedrive');
    return [`${entity} - ID`, `${entity} - ${kindSpec(kind).importEntity?.pipedriveOwner ?? 'Owner'}`];
  },
  ownerKey: 'name',
};
