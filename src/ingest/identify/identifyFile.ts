/**
 * What a file holds, decided once from evidence, strongest first: what the user said (`--preset`,
 * `--kind`, config `columns`); then Salesforce ids (an `Id` column of Salesforce ids names the
 * object by its key prefix, and no other CRM may claim the file); then the export the file came in
 * (a folder's or zip's CRM, decided once from its files); then names and headers, scored, where the
 * best must beat the runner-up clearly. The decision carries its evidence, for `load --explain`.
 */
import path from 'node:path';
import { hasHeadersOf, kindFromHeaders, kindFromName } from './kinds.js';
import { kindOfSalesforcePrefix, kindSpec, OWNERS_KIND } from '../../kinds/registry.js';
import type { ColumnMapping } from './layout.js';
import { headerKey, type FileKind } from '../../records/model.js';
import { objectNamed, objectOfIds, prefixOfObject, type IdentifiedObject } from './salesforceObjects.js';
import { PRESETS, presetNamed, type Preset, type PresetName } from './presets/index.js';

/** Rows whose ids tell a file's object. */
export const IDENTIFYING_ROWS = 100;

export interface FileStart {
  /** The file's own name. */
  name: string;
  /** Header keys (headerKey). */
  headers: ReadonlySet<string>;
  /** The `Id` column's values in the first IDENTIFYING_ROWS rows; undefined without such a column. */
  ids: readonly string[] | undefined;
  /** Data rows seen (at most IDENTIFYING_ROWS). */
  rows: number;
}

/** What the user said about a file. */
export interface Said {
  preset?: PresetName;
  kind?: FileKind;
  columns?: ColumnMapping;
}

/** The CRM of the folder or zip a file came in, and why. */
export interface ExportCrm {
  preset: PresetName;
  evidence: string;
}

export interface Identification {
  /** The kind to load; undefined: the file is not loaded (see `reason`). */
  kind?: FileKind;
  /** The CRM read: the preset whose column names apply. */
  preset: PresetName;
  /** The Salesforce object, when its ids or its name told it. */
  object?: string;
  /** Why, strongest evidence first (`Id prefix 005 in 45 of 45 rows`). */
  evidence: string[];
  /** The next best reading, when there was one. */
  runnerUp?: string;
  /** Why the file is not loaded. */
  reason?: string;
  /** Refused because two readings were as good: those two. */
  ambiguous?: { preset: PresetName; kind: FileKind }[];
}

const SALESFORCE_PRESETS: readonly PresetName[] = ['salesforce', 'salesforce-report'];

export function isSalesforcePreset(name: PresetName): boolean {
  return SALESFORCE_PRESETS.includes(name);
}

/** Which Salesforce preset reads a file with an `Id` column: the report one only when its labels fit and the API names do not. */
function salesforcePresetFor(headers: ReadonlySet<string>): PresetName {
  return presetNamed('salesforce-report')!.recognises(headers) && !presetNamed('salesforce')!.recognises(headers)
    ? 'salesforce-report'
    : 'salesforce';
}

/** The Salesforce object a file's ids name, if most of them are Salesforce ids. */
export function salesforceEvidence(start: FileStart): IdentifiedObject | undefined {
  return start.ids && objectOfIds(start.ids, path.parse(start.name).name);
}

function idsEvidence(found: IdentifiedObject): string {
  return `Id prefix ${found.prefix} in ${found.count} of ${found.values} rows`;
}

/** A kind a config `columns` mapping settles: it names the id or owner column and the file has every header it names. */
function kindByColumns(headers: ReadonlySet<string>, columns: ColumnMapping | undefined): FileKind | undefined {
  const kinds = Object.entries(columns ?? {}).filter(([, mapping]) => {
    const named = Object.entries(mapping ?? {});
    return (
      named.some(([field]) => field === 'id' || field === 'owner') &&
      named.every(([, header]) => headers.has(headerKey(header!)))
    );
  });
  return kinds.length === 1 ? (kinds[0][0] as FileKind) : undefined;
}

/** A Salesforce file by the object it is named after (a Weekly Export names each file after its object). */
function bySalesforceName(start: FileStart, preset: PresetName, evidence: string[]): Identification | undefined {
  const object = objectNamed(path.parse(start.name).name);
  if (!object) return undefined;
  const prefix = prefixOfObject(object);
  const kind = prefix ? kindOfSalesforcePrefix(prefix) : undefined;
  const because = [...evidence, `named after the Salesforce object ${object}`];
  return kind
    ? { kind, preset, object, evidence: because }
    : { preset, object, evidence: because, reason: 'named after the object' };
}

export function identifyFile(start: FileStart, said: Said = {}, within?: ExportCrm): Identification {
  const byIds = salesforceEvidence(start);
  if (byIds) {
    const preset = said.preset ?? salesforcePresetFor(start.headers);
    const kind = said.kind ?? kindOfSalesforcePrefix(byIds.prefix);
    const evidence = [
      ...(said.kind ? [`--kind ${said.kind}`] : []),
      ...(said.preset ? [`--preset ${said.preset}`] : []),
      idsEvidence(byIds),
      ...(within ? [within.evidence] : []),
    ];
    return kind
      ? { kind, preset, object: byIds.object, evidence }
      : { preset, object: byIds.object, evidence, reason: `key prefix ${byIds.prefix}` };
  }
  // A header-only file with Salesforce's own columns is one object of a Weekly Export, known by its name.
  const headerOnlySalesforce = start.rows === 0 && presetNamed('salesforce')!.recognises(start.headers);
  const crm = said.preset ?? within?.preset ?? (headerOnlySalesforce ? 'salesforce' : undefined);
  const context = said.preset ? [`--preset ${said.preset}`] : within ? [within.evidence] : [];
  const byConfig = said.kind ? undefined : kindByColumns(start.headers, said.columns);
  const kindSaid = said.kind ?? byConfig;
  const kindEvidence = said.kind
    ? [`--kind ${said.kind}`]
    : byConfig
      ? [`config columns.${byConfig} names its headers`]
      : [];

  // In a Salesforce export (or with --preset salesforce) a file without Salesforce ids is known by its object's name.
  if (crm && isSalesforcePreset(crm) && !kindSaid) {
    const preset = said.preset ?? salesforcePresetFor(start.headers);
    const named = bySalesforceName(start, preset, context);
    if (named) return named;
    if (start.rows === 0) return { preset, evidence: context, reason: 'header-only file of an unknown object' };
  }
  // Within an export: its CRM's presets, and (but in a Salesforce export) the generic names of a list made by hand.
  const presets = !crm
    ? PRESETS
    : said.preset
      ? [presetNamed(crm)!]
      : isSalesforcePreset(crm)
        ? SALESFORCE_PRESETS.map((name) => presetNamed(name)!)
        : [presetNamed(crm)!, presetNamed('generic')!];
  return byNamesAndHeaders(start, presets, kindSaid, [...context, ...kindEvidence], !crm);
}

interface Candidate {
  preset: Preset;
  kind: FileKind;
  score: number;
  evidence: string[];
}

/** Points: a preset that recognises the headers, a name of the kind, the kind's own headers, and the columns the preset finds for it. */
const POINTS = {
  recognised: 4,
  name: 3,
  headers: 2,
  otherHeaders: 1,
  id: 1,
  owner: 2,
  ownField: 1,
  ownFieldsAtMost: 3,
};
/** Fields every kind of person or record has: they tell no kind from another. */
const SHARED_FIELDS = new Set([
  'id',
  'name',
  'owner',
  'first_name',
  'last_name',
  'email',
  'created',
  'last_activity',
  'team',
  'territories',
]);

/** The kind's own fields (an opportunity's stage and amount, a contact's account, an owner's active flag). */
function ownFields(kind: FileKind): readonly string[] {
  const fields: readonly string[] =
    kind === OWNERS_KIND ? ['active', 'inactive', 'user_type', 'username'] : kindSpec(kind).fields;
  return fields.filter((field) => !SHARED_FIELDS.has(field));
}
/** How far the best reading must lead the next one with another CRM or kind. */
const CLEAR_LEAD = 2;

function scored(
  start: FileStart,
  preset: Preset,
  kind: FileKind,
  byName: FileKind | undefined,
  byHeaders: FileKind | undefined,
  constrained: boolean,
): Candidate | undefined {
  const aliases = preset.columns[kind];
  if (!aliases) return undefined;
  const has = (field: keyof typeof aliases) => (aliases[field] ?? []).find((alias) => start.headers.has(alias));
  const id = has('id');
  if (!id) return undefined;
  const evidence: string[] = [];
  let score = POINTS.id;
  // A CRM competes only when the headers look like its exports; generic names are no CRM's.
  if (preset.name !== 'generic' && preset.recognises(start.headers)) {
    score += POINTS.recognised;
    evidence.push(`headers of a ${preset.name} export`);
  } else if (preset.name !== 'generic' && !constrained) return undefined;
  if (byName === kind) {
    score += POINTS.name;
    evidence.push(`file name says ${kind}`);
  }
  if (byHeaders === kind) {
    score += POINTS.headers;
    evidence.push(`headers say ${kind}`);
  } else if (hasHeadersOf(start.headers, kind)) score += POINTS.otherHeaders;
  const own = ownFields(kind).filter((field) => has(field as keyof typeof aliases));
  if (own.length) {
    score += Math.min(own.length, POINTS.ownFieldsAtMost) * POINTS.ownField;
    evidence.push(`${kind} columns (${own.join(', ')})`);
  }
  // An owners file names people; a records file names their owner.
  const owner = kind === OWNERS_KIND ? (has('email') ?? has('name') ?? has('last_name')) : has('owner');
  if (owner) {
    score += POINTS.owner;
    evidence.push(kind === OWNERS_KIND ? `person column "${owner}"` : `owner column "${owner}"`);
  }
  return { preset, kind, score, evidence };
}

function describe(candidate: Candidate): string {
  return `${candidate.preset.name} ${candidate.kind} (${candidate.score} points: ${candidate.evidence.join(', ') || 'id column only'})`;
}

/** Names and headers, scored per preset and kind. */
function byNamesAndHeaders(
  start: FileStart,
  presets: readonly Preset[],
  kindSaid: FileKind | undefined,
  context: string[],
  free: boolean,
): Identification {
  const byName = kindFromName(start.name);
  const byHeaders = kindFromHeaders(start.headers);
  // A header-only file is known by its name only: other objects' headers look like the kinds'.
  const kinds: FileKind[] = kindSaid
    ? [kindSaid]
    : start.rows === 0
      ? byName
        ? [byName]
        : []
      : [...new Set([byName, byHeaders].filter((kind) => kind !== undefined))];
  const candidates = presets
    .flatMap((preset) => kinds.map((kind) => scored(start, preset, kind, byName, byHeaders, !free)))
    .filter((candidate) => candidate !== undefined)
    .sort((a, b) => b.score - a.score);
  const fallback = free ? 'generic' : presets[0].name;
  if (candidates.length === 0) {
    // The name or headers tell a kind that no preset finds an id for: read it so, to say which column is missing.
    const told = kindSaid ?? kinds[0];
    const recognising = presets.find((preset) => preset.name !== 'generic' && preset.recognises(start.headers));
    if (told)
      return {
        kind: told,
        preset: recognising?.name ?? fallback,
        evidence: [
          ...context,
          ...(told === byName ? [`file name says ${told}`] : told === byHeaders ? [`headers say ${told}`] : []),
        ],
      };
    const reason = start.rows === 0 ? 'header-only file of an unknown object' : 'unknown object';
    return { preset: fallback, evidence: context, reason };
  }
  const [best, ...others] = candidates;
  // Generic names are no CRM of their own: a CRM's reading of the same kind does not compete with it.
  const rival = others.find(
    (other) => other.kind !== best.kind || (other.preset !== best.preset && other.preset.name !== 'generic'),
  );
  const result: Identification = {
    kind: best.kind,
    preset: best.preset.name,
    evidence: [...context, ...best.evidence],
  };
  if (rival) result.runnerUp = describe(rival);
  if (free && rival && best.score - rival.score < CLEAR_LEAD && !kindSaid) {
    const ambiguous = [best, rival].map((c) => ({ preset: c.preset.name, kind: c.kind }));
    return {
      preset: best.preset.name,
      evidence: result.evidence,
      runnerUp: result.runnerUp,
      reason: `cannot tell ${describe(best)} from ${describe(rival)}`,
      ambiguous,
    };
  }
  if (start.rows === 0 && !kindSaid && isSalesforcePreset(best.preset.name)) {
    return (
      bySalesforceName(start, best.preset.name, result.evidence) ?? {
        preset: best.preset.name,
        evidence: result.evidence,
        reason: 'header-only file of an unknown object',
      }
    );
  }
  return result;
}

/**
 * The CRM of a folder's or zip's files, decided once from the strongest evidence: each file with
 * Salesforce ids counts for Salesforce, each other file for the CRM it reads as by itself; the CRM
 * of more than half of the files that tell one is the export's. Generic names are no CRM's: a folder
 * of them (or of no clear majority) leaves each file to itself.
 */
export function exportCrmOf(starts: readonly FileStart[]): ExportCrm | undefined {
  const tally = new Map<PresetName, number>();
  let told = 0;
  let withIds = 0;
  for (const start of starts) {
    const ids = salesforceEvidence(start) !== undefined;
    const read = ids ? undefined : identifyFile(start);
    if (!ids && !read?.kind) continue;
    if (ids) withIds++;
    const crm = ids || isSalesforcePreset(read!.preset) ? 'salesforce' : read!.preset;
    told++;
    tally.set(crm, (tally.get(crm) ?? 0) + 1);
  }
  const [best] = [...tally].sort((a, b) => b[1] - a[1]);
  if (!best || best[0] === 'generic' || best[1] * 2 <= told) return undefined;
  if (best[0] === 'salesforce' && withIds > 0)
    return {
      preset: 'salesforce',
      evidence: `folder is a Salesforce export (${withIds} of ${starts.length} files hold Salesforce ids)`,
    };
  return {
    preset: best[0],
    evidence: `folder is a ${best[0]} export (${best[1]} of ${starts.length} files read as ${best[0]})`,
  };
}
