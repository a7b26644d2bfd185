import { dynamics } from './dynamics.js';
import { generic } from './generic.js';
import { hubspot } from './hubspot.js';
import { pipedrive } from './pipedrive.js';
import { PRESET_NAMES, type Preset, type PresetName } from './preset.js';
import { salesforce } from './salesforce.js';
import { salesforceReport } from './salesforceReport.js';
import { odoo } from './odoo.js';
import { suitecrm } from './suitecrm.js';
import { zoho } from './zoho.js';

export { PRESET_NAMES, type Preset, type PresetName };

/** In detection order: the most distinctive headers first, `generic` last. */
export const PRESETS: readonly Preset[] = [
  dynamics,
  pipedrive,
  zoho,
  suitecrm,
  odoo,
  hubspot,
  salesforce,
  salesforceReport,
  generic,
];

export function presetNamed(name: string): Preset | undefined {
  return PRESETS.find((preset) => preset.name === name);
}

/**
 * The first preset whose recognition the headers pass: headers alone, no ids, names or folder. A load
 * decides each file's preset from all the evidence (identifyFile.ts).
 */
export function detectPreset(headers: ReadonlySet<string>): Preset {
  return PRESETS.find((preset) => preset.recognises(headers))!;
}
