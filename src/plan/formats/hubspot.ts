import { kindSpec } from '../../kinds/registry.js';
import type { ImportFormat } from './format.js';

/** HubSpot's import matches records by `Record ID` and takes the owner's email in the object's owner property. */
export const hubspot: ImportFormat = {
  header: (kind) => ['Record ID', kindSpec(kind).importOwnerColumn.hubspot],
  ownerKey: 'email',
};
