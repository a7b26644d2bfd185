import { kindSpec } from '../../kinds/registry.js';
import type { ImportFormat } from './format.js';

/** Zoho's import updates the records whose `Record Id` it has, and takes the owner's email. */
export const zoho: ImportFormat = {
  header: (kind) => ['Record Id', kindSpec(kind).importOwnerColumn.zoho],
  ownerKey: 'email',
};
