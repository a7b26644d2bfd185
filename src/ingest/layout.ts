/**
 * A file's layout: which column holds each canonical field, from the preset's aliases and the
 * config's `columns` mapping, and how a row becomes an owner or a record.
 */
import { InputError } from '../errors.js';
import { kindSpec, RECORD_KINDS } from '../kinds/registry.js';
import { headerKey, type CrmRecord, type Field, type FileKind, type OwnerRecord, type RecordKind } from './model.js';
import type { Preset } from './presets/index.js';
import { EMPTY_SALESFORCE_ID, isQueueId, toSalesforceId18 } from './salesforceId.js';
import { parseBoolean, parseCount, parseDate, splitList } from './values.js';

/** Config `columns`: for a kind, canonical field -> header name. */
export type ColumnMapping = Partial<Record<FileKind, Partial<Record<string, string>>>>;

export interface FileLayout {
  file: string;
  kind: FileKind;
  preset: Preset;
  headers: string[];
  column: Partial<Record<Field, number>>;
}

/** A row the loader cannot take, with the reason and the column at fault. */
export class RowError extends Error {
  constructor(
    readonly column: number,
    reason: string,
  ) {
    super(reason);
  }
}

export function fileLayout(file: string, kind: FileKind, preset: Preset, headers: string[], mapping?: ColumnMapping): FileLayout {
  const keys = headers.map(headerKey);
  const seen = new Map<string, number>();
  keys.forEach((key, index) => {
    if (key === '') return;
    const first = seen.get(key);
    if (first !== undefined) {
      throw new InputError({ file, line: 1, column: index + 1 }, `duplicate header "${headers[index].trim()}" (also column ${first + 1})`, 'rename one of the columns: both cannot be kept');
    }
    seen.set(key, index);
  });

  const column: Partial<Record<Field, number>> = {};
  for (const [field, aliases] of Object.entries(preset.columns[kind] ?? {}) as [Field, string[]][]) {
    const index = aliases.map((alias) => seen.get(alias)).find((i) => i !== undefined);
    if (index !== undefined) column[field] = index;
  }
  for (const [field, header] of Object.entries(mapping?.[kind] ?? {})) {
    const index = seen.get(headerKey(header!));
    if (index === undefined) {
      throw new InputError({ file, line: 1 }, `config "columns.${kind}.${field}" names the column "${header}", which this file does not have`);
    }
    column[field as Field] = index;
  }

  if (column.id === undefined) {
    throw new InputError({ file, line: 1 }, `no id column for ${kind} (preset ${preset.name}; headers: ${headers.slice(0, 8).join(', ')}${headers.length > 8 ? ', …' : ''})`, `name it in the config: {"columns": {"${kind}": {"id": "<header>"}}}, or pass --preset`);
  }
  if (kind !== 'owners' && column.owner === undefined) {
    throw new InputError({ file, line: 1 }, `no owner column for ${kind} (preset ${preset.name})`, `name it in the config: {"columns": {"${kind}": {"owner": "<header>"}}}, or pass --preset`);
  }
  return { file, kind, preset, headers, column };
}

function cell(layout: FileLayout, fields: string[], field: Field): string {
  const index = layout.column[field];
  return index === undefined ? '' : (fields[index] ?? '').trim();
}

/** An id as stored: Salesforce ids in 18-character form; the Weekly Export's empty lookup is empty. */
export function normaliseId(preset: Preset, value: string): string {
  if (value === EMPTY_SALESFORCE_ID) return '';
  return preset.salesforceIds ? toSalesforceId18(value) : value;
}

function idOf(layout: FileLayout, fields: string[]): string {
  const id = normaliseId(layout.preset, cell(layout, fields, 'id'));
  if (id === '') throw new RowError(layout.column.id! + 1, 'empty id');
  return id;
}

function nameOf(layout: FileLayout, fields: string[]): string {
  const name = cell(layout, fields, 'name');
  if (name !== '') return name;
  const first = cell(layout, fields, 'first_name');
  const last = cell(layout, fields, 'last_name');
  return first && last ? `${first} ${last}` : first || last;
}

function ownerType(id: string, userType: string): OwnerRecord['type'] {
  const type = userType.toLowerCase();
  if (isQueueId(id) || type === 'queue') return 'queue';
  // Salesforce users whose UserType is not Standard (AutomatedProcess, CsnOnly, ...) own records
  // but are not people a plan can give records to.
  if (type === '' || type === 'standard' || type === 'user') return 'user';
  return 'system';
}

function capacityOf(layout: FileLayout, fields: string[], field: Field): number | undefined {
  const value = parseCount(cell(layout, fields, field));
  if (Number.isNaN(value)) throw new RowError(layout.column[field]! + 1, `${layout.headers[layout.column[field]!].trim()} is not a whole number: ${JSON.stringify(cell(layout, fields, field))}`);
  return value;
}

export function readOwner(layout: FileLayout, fields: string[]): OwnerRecord {
  const id = idOf(layout, fields);
  let active = true;
  if (layout.column.active !== undefined) {
    const value = parseBoolean(cell(layout, fields, 'active'));
    if (value === undefined) throw new RowError(layout.column.active + 1, `cannot tell active from ${JSON.stringify(cell(layout, fields, 'active'))} (expected true/false, 1/0, yes/no)`);
    active = value;
  }
  if (layout.column.inactive !== undefined && parseBoolean(cell(layout, fields, 'inactive')) === true) active = false;
  const all = capacityOf(layout, fields, 'capacity');
  const capacity: OwnerRecord['capacity'] = {};
  for (const kind of RECORD_KINDS) {
    const own = capacityOf(layout, fields, `capacity_${kind}`);
    if (own !== undefined) capacity[kind] = own;
    else if (all !== undefined) capacity[kind] = all;
  }
  return {
    id,
    name: nameOf(layout, fields),
    email: cell(layout, fields, 'email'),
    active,
    type: ownerType(id, cell(layout, fields, 'user_type')),
    territories: splitList(cell(layout, fields, 'territories')),
    team: cell(layout, fields, 'team'),
    capacity,
  };
}

const BOOLEAN_VALUES = 'true/false, 1/0, yes/no';

/** Whether the record is history (SPEC "Open and closed"): its yes/no column, else its status. */
function closedOf(layout: FileLayout, fields: string[], kind: RecordKind): boolean {
  const rule = kindSpec(kind).closed;
  if (!rule) return false;
  const flag = layout.column[rule.flag];
  if (flag !== undefined) {
    const value = cell(layout, fields, rule.flag);
    if (value === '') return false;
    const closed = parseBoolean(value);
    if (closed === undefined) throw new RowError(flag + 1, `cannot tell whether the ${kindSpec(kind).singular} is ${rule.flag} from ${layout.headers[flag].trim()} ${JSON.stringify(value)} (accepted: ${BOOLEAN_VALUES})`);
    return closed;
  }
  return (rule.statuses ?? []).some((field) => rule.closedStatuses!.includes(cell(layout, fields, field).toLowerCase()));
}

/** The kind's extra canonical fields that the row fills, as JSON, or null. */
function detailsOf(layout: FileLayout, fields: string[], kind: RecordKind): string | null {
  let details: Record<string, string | boolean> | undefined;
  for (const field of kindSpec(kind).details) {
    if (layout.column[field] === undefined) continue;
    const text = cell(layout, fields, field);
    if (text === '') continue;
    const value = field === 'won' ? (parseBoolean(text) ?? text) : field === 'close_date' ? parseDate(text).slice(0, 10) || text : text;
    (details ??= {})[field] = value;
  }
  return details ? JSON.stringify(details) : null;
}

export function readRecord(layout: FileLayout, fields: string[]): CrmRecord {
  const preset = layout.preset;
  const kind = layout.kind as RecordKind;
  // HubSpot lists every associated company; the first is the account.
  const accounts = cell(layout, fields, 'account_id');
  const accountId = accounts.includes(';') ? (splitList(accounts)[0] ?? '') : accounts;
  const owner = cell(layout, fields, 'owner');
  return {
    id: idOf(layout, fields),
    name: nameOf(layout, fields),
    email: cell(layout, fields, 'email'),
    accountId: normaliseId(preset, accountId),
    accountName: cell(layout, fields, 'account_name'),
    owner: owner === EMPTY_SALESFORCE_ID ? '' : owner,
    lastActivity: parseDate(cell(layout, fields, 'last_activity')).slice(0, 10),
    created: parseDate(cell(layout, fields, 'created')),
    closed: closedOf(layout, fields, kind),
    details: detailsOf(layout, fields, kind),
  };
}
