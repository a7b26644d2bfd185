/**
 * A file's layout: which column holds each canonical field, from the preset's aliases and the
 * config's `columns` mapping, and how a row becomes an owner or a record.
 */
import { InputError } from '../../errors.js';
import { kindSpec, RECORD_KINDS, type ClosedRule, type KindSpec } from '../../kinds/registry.js';
import {
  headerKey,
  type CrmRecord,
  type Field,
  type FileKind,
  type OwnerRecord,
  type RecordKind,
} from '../../records/model.js';
import { PRESETS, type Preset } from './presets/index.js';
import { systemUserReason, type UserFacts } from '../values/systemUsers.js';
import { EMPTY_SALESFORCE_ID, isQueueId, toSalesforceId18 } from '../../records/salesforceId.js';
import { isOwnerKeyPrefix, SALESFORCE_OBJECTS, salesforceKeyPrefix } from './salesforceObjects.js';
import {
  isMangledId,
  parseBoolean,
  parseCount,
  parseDate,
  splitList,
  storedDate,
  isUnreadableDate,
  type DateOrder,
} from '../values/values.js';
import { example, shortened } from '../../printable.js';

/** Config `columns`: for a kind, canonical field -> header name. */
export type ColumnMapping = Partial<Record<FileKind, Partial<Record<string, string>>>>;

export interface FileLayout {
  file: string;
  kind: FileKind;
  preset: Preset;
  headers: string[];
  column: Partial<Record<Field, number>>;
  /** How the file's slash dates read (see values.ts `settledDateOrder`). */
  dateOrder: DateOrder;
  /**
   * One row per association (a contact once per associated company): later columns repeating a
   * header belong to the associated object, and rows repeating a record are told apart by its own fields.
   */
  rowPerAssociation: boolean;
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

export function fileLayout(
  file: string,
  kind: FileKind,
  preset: Preset,
  headers: string[],
  mapping?: ColumnMapping,
  dateOrder: DateOrder = 'mdy',
): FileLayout {
  const keys = headers.map(headerKey);
  const rowPerAssociation = preset.rowPerAssociation?.(new Set(keys)) ?? false;
  const seen = new Map<string, number>();
  keys.forEach((key, index) => {
    if (key === '') return;
    const first = seen.get(key);
    if (first === undefined) seen.set(key, index);
    // A repeated header is another column, and fields map to the first: where headers differ in case
    // (HubSpot's association exports have the contact's `Company Name` and the associated company's
    // `Company name`), and in an export with associations, whose later columns are the associated
    // object's (its `Create Date`, `Phone Number`). Elsewhere nothing tells which one is the record's.
    else if (headers[first].trim() === headers[index].trim() && !rowPerAssociation) {
      throw new InputError(
        { file, line: 1, column: index + 1 },
        `duplicate header "${shortened(headers[index].trim())}" (also column ${first + 1})`,
        "rename one of the columns: nothing tells which of the two is the record's own",
      );
    }
  });

  const column: Partial<Record<Field, number>> = {};
  for (const [field, aliases] of Object.entries(preset.columns[kind] ?? {}) as [Field, string[]][]) {
    const index = aliases.map((alias) => seen.get(alias)).find((i) => i !== undefined);
    if (index !== undefined) column[field] = index;
  }
  for (const [field, header] of Object.entries(mapping?.[kind] ?? {})) {
    const index = seen.get(headerKey(header!));
    if (index === undefined) {
      throw new InputError(
        { file, line: 1 },
        `config "columns.${kind}.${field}" names the column "${header}", which this file does not have`,
      );
    }
    column[field as Field] = index;
  }

  if (column.id === undefined) {
    throw new InputError(
      { file, line: 1 },
      `no id column for ${kind} (preset ${preset.name}; headers: ${headers.slice(0, 8).join(', ')}${headers.length > 8 ? ', …' : ''})`,
      `name it in the config: {"columns": {"${kind}": {"id": "<header>"}}}, or pass --preset`,
    );
  }
  if (kind !== 'owners' && column.owner === undefined) throw noOwnerColumn(file, kind, preset, headers, seen);
  return { file, kind, preset, headers, column, dateOrder, rowPerAssociation };
}

/**
 * A records file without an owner column: usually exported without the owner field. Another preset
 * is suggested only when it finds both the id and the owner column in these headers.
 */
function noOwnerColumn(
  file: string,
  kind: FileKind,
  preset: Preset,
  headers: string[],
  seen: ReadonlyMap<string, number>,
): InputError {
  const finds = (other: Preset, field: Field) => (other.columns[kind]?.[field] ?? []).some((alias) => seen.has(alias));
  const helps = PRESETS.filter((other) => other !== preset && finds(other, 'id') && finds(other, 'owner')).map(
    (other) => other.name,
  );
  const hints = [
    'the file was exported without its owner field: re-export it with the owner field included',
    `if another column holds the owner, name it in the config: {"columns": {"${kind}": {"owner": "<header>"}}}`,
    `if the file holds no ${kind}, name its kind: --kind KIND=${file}`,
    ...helps.map((name) => `it reads as ${name} with --preset ${name}`),
  ];
  return new InputError(
    { file, line: 1 },
    `no owner column for ${kind}: none of its ${headers.length} headers holds the owner (preset ${preset.name})`,
    hints.join('; '),
  );
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

function ownerType(id: string, facts: UserFacts): OwnerRecord['type'] {
  if (isQueueId(id) || facts.userType.toLowerCase() === 'queue') return 'queue';
  // System users own records but are not people a plan can give records to.
  return systemUserReason(facts) === undefined ? 'user' : 'system';
}

function capacityOf(layout: FileLayout, fields: string[], field: Field): number | undefined {
  const value = parseCount(cell(layout, fields, field));
  if (Number.isNaN(value))
    throw new RowError(
      layout.column[field]! + 1,
      `${layout.headers[layout.column[field]!].trim()} is not a whole number: ${example(cell(layout, fields, field))}`,
    );
  return value;
}

/** Owners are users and queues: a row whose Salesforce id names another object is not one. */
function checkOwnerId(layout: FileLayout, id: string): void {
  const prefix = salesforceKeyPrefix(id);
  if (prefix === undefined || isOwnerKeyPrefix(prefix)) return;
  const object = SALESFORCE_OBJECTS[prefix] ?? `record of key prefix ${prefix}`;
  throw new RowError(layout.column.id! + 1, `id ${id} is a Salesforce ${object}, not a user (005…) or queue (00G…)`);
}

/** Kinds an owner's capacity is counted in (records proper: not activities or team seats). */
const CAPACITY_KINDS = RECORD_KINDS.filter((kind) => kindSpec(kind).capacityColumns.length > 0);

export function readOwner(layout: FileLayout, fields: string[]): OwnerRecord {
  const id = idOf(layout, fields);
  checkOwnerId(layout, id);
  let active = true;
  if (layout.column.active !== undefined) {
    const value = parseBoolean(cell(layout, fields, 'active'));
    if (value === undefined)
      throw new RowError(
        layout.column.active + 1,
        `cannot tell active from ${example(cell(layout, fields, 'active'))} (expected true/false, 1/0, yes/no)`,
      );
    active = value;
  }
  if (layout.column.inactive !== undefined && parseBoolean(cell(layout, fields, 'inactive')) === true) active = false;
  const all = capacityOf(layout, fields, 'capacity');
  const capacity: OwnerRecord['capacity'] = {};
  for (const kind of CAPACITY_KINDS) {
    const own = capacityOf(layout, fields, `capacity_${kind}`);
    if (own !== undefined) capacity[kind] = own;
    else if (all !== undefined) capacity[kind] = all;
  }
  return {
    id,
    name: nameOf(layout, fields),
    email: cell(layout, fields, 'email'),
    active,
    // A team (Dynamics owner team) holds records until someone picks them up, as a queue does.
    type:
      layout.column.team_type !== undefined
        ? 'queue'
        : ownerType(id, {
            name: nameOf(layout, fields),
            userType: cell(layout, fields, 'user_type'),
            username: cell(layout, fields, 'username'),
          }),
    territories: splitList(cell(layout, fields, 'territories')),
    team: cell(layout, fields, 'team'),
    capacity,
  };
}

const BOOLEAN_VALUES = 'true/false, 1/0, yes/no';

/** Whether the record is history (closed, or a converted lead): its yes/no column, else its status. */
function closedOf(
  layout: FileLayout,
  fields: string[],
  kind: KindSpec,
  details: Details | undefined,
  asOf: string,
): boolean {
  const rule = kind.closed;
  if (!rule) return false;
  if (rule.endsAt) {
    const end = details?.[rule.endsAt];
    return typeof end === 'string' && end !== '' && !isUnreadableDate(end) && end <= asOf;
  }
  if (isArchived(layout, fields, rule)) return true;
  const flag = rule.flag && layout.column[rule.flag];
  if (rule.flag && flag !== undefined) {
    const value = cell(layout, fields, rule.flag);
    if (value === '') return false;
    const closed = parseBoolean(value);
    if (closed === undefined)
      throw new RowError(
        flag + 1,
        `cannot tell whether the ${kind.singular} is ${rule.flag} from ${layout.headers[flag].trim()} ${example(value)} (accepted: ${BOOLEAN_VALUES})`,
      );
    return closed;
  }
  return (rule.statuses ?? []).some((field) => isClosedStatus(rule, cell(layout, fields, field).toLowerCase()));
}

/** The rule's open flag says "no" (an empty cell says nothing). */
function isArchived(layout: FileLayout, fields: string[], rule: ClosedRule): boolean {
  if (rule.openFlag === undefined || layout.column[rule.openFlag] === undefined) return false;
  const value = cell(layout, fields, rule.openFlag);
  return value !== '' && parseBoolean(value) === false;
}

function isClosedStatus(rule: ClosedRule, status: string): boolean {
  return (
    (rule.closedStatuses ?? []).includes(status) ||
    (rule.closedPrefixes ?? []).some((prefix) => status.startsWith(prefix))
  );
}

type Details = Record<string, string | boolean>;

/** Detail fields kept as a day; as a date-time; as an id (a list's first). */
const DAY_FIELDS: ReadonlySet<Field> = new Set(['close_date', 'due_date']);
const TIME_FIELDS: ReadonlySet<Field> = new Set(['start', 'end']);
const ID_DETAILS: ReadonlySet<Field> = new Set(['who_id', 'what_id']);

/** The kind's extra canonical fields that the row fills, or undefined. */
function detailsOf(layout: FileLayout, fields: string[], kind: KindSpec): Details | undefined {
  let details: Details | undefined;
  for (const field of kind.details) {
    if (layout.column[field] === undefined) continue;
    const text = cell(layout, fields, field);
    if (text === '') continue;
    const value =
      field === 'won'
        ? (parseBoolean(text) ?? text)
        : DAY_FIELDS.has(field)
          ? (parseDate(text, layout.dateOrder) ?? '').slice(0, 10) || text
          : TIME_FIELDS.has(field)
            ? storedDate(text, layout.dateOrder)
            : ID_DETAILS.has(field)
              ? firstId(layout, text)
              : text;
    if (value !== '') (details ??= {})[field] = value;
  }
  if (kind.closed?.endsAt && details?.start !== undefined && details.end === undefined) {
    const end = endOf(String(details.start), cell(layout, fields, 'duration'), cell(layout, fields, 'all_day'));
    if (end) details.end = end;
  }
  return details;
}

/** An id as stored, the first of a `;`-separated list (HubSpot's associated ids). */
function firstId(layout: FileLayout, text: string): string {
  return normaliseId(layout.preset, text.includes(';') ? (splitList(text)[0] ?? '') : text);
}

/**
 * An event's end from its start and length in minutes, as a Weekly Export gives it (`ActivityDateTime`,
 * `DurationInMinutes`); an all-day event (a start without a time) without a length ends with its day.
 */
function endOf(start: string, duration: string, allDay: string): string | undefined {
  if (isUnreadableDate(start)) return undefined;
  const minutes = parseCount(duration);
  const day = start.length === 10 || parseBoolean(allDay) === true;
  if (minutes === undefined && !day) return start;
  const from = Date.parse(`${start.length === 10 ? `${start}T00:00:00` : start}Z`);
  if (Number.isNaN(from)) return undefined;
  return new Date(from + (minutes ?? 24 * 60) * 60_000).toISOString().slice(0, 19);
}

/** The ids a record's parent fields name (see KindSpec.parentFields). */
function parentRefsOf(
  layout: FileLayout,
  fields: string[],
  kind: KindSpec,
  details: Details | undefined,
): string[] | undefined {
  if (!kind.parentFields) return undefined;
  return kind.parentFields.map(({ field }) => {
    const stored = details?.[field];
    return typeof stored === 'string' ? stored : firstId(layout, cell(layout, fields, field));
  });
}

/** `asOf`: the snapshot's as-of date-time (`YYYY-MM-DDTHH:MM:SS`), by which events are over. */
export function readRecord(layout: FileLayout, fields: string[], asOf = ''): CrmRecord {
  const preset = layout.preset;
  const kind = kindSpec(layout.kind as RecordKind);
  const details = detailsOf(layout, fields, kind);
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
    lastActivity: dayOf(storedDate(cell(layout, fields, 'last_activity'), layout.dateOrder)),
    created: storedDate(cell(layout, fields, 'created'), layout.dateOrder),
    closed: closedOf(layout, fields, kind, details, asOf),
    details: details ? JSON.stringify(details) : null,
    parentRefs: parentRefsOf(layout, fields, kind, details),
  };
}

/** Last activity is kept to the day; a value that is no date is kept whole (see values.ts). */
function dayOf(date: string): string {
  return isUnreadableDate(date) ? date : date.slice(0, 10);
}

/** The reference fields whose ids Excel can turn into numbers in scientific notation. */
const ID_FIELDS: Field[] = ['id', 'owner', 'account_id'];

/** The header of the first of a record's id, owner or account columns that Excel mangled, if any. */
export function mangledColumn(layout: FileLayout, record: CrmRecord): string | undefined {
  const values = [record.id, record.owner, record.accountId];
  const at = values.findIndex(isMangledId);
  return at < 0 ? undefined : layout.headers[layout.column[ID_FIELDS[at]]!].trim();
}

/**
 * A record's own fields as one number: all it holds but its account (owner, name, email, dates,
 * closed, details). Two rows of an export with associations that repeat one record agree on it; two
 * records under one id collide only once in two billion (FNV-1a, 31 bits).
 */
export function ownFieldsKey(record: CrmRecord): number {
  const text = [
    record.owner,
    record.name,
    record.email,
    record.created,
    record.lastActivity,
    record.closed ? '1' : '0',
    record.details ?? '',
  ].join('\u0000');
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) hash = Math.imul(hash ^ text.charCodeAt(i), 0x01000193);
  return hash >>> 1;
}
