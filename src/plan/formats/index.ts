import { dynamics } from './dynamics.js';
import type { ImportFormat } from './format.js';
import { generic } from './generic.js';
import { hubspot } from './hubspot.js';
import { odoo } from './odoo.js';
import { pipedrive } from './pipedrive.js';
import { salesforce } from './salesforce.js';
import { suitecrm } from './suitecrm.js';
import { zoho } from './zoho.js';

export { ownerCell, type ImportFormat, type OwnerKey } from './format.js';

/** Every CRM a plan can be written for (`--crm`), each with its importer's file shape. */
export const IMPORT_FORMATS = {
  salesforce,
  hubspot,
  zoho,
  suitecrm,
  odoo,
  dynamics,
  pipedrive,
  generic,
} as const satisfies Record<string, ImportFormat>;
