/**
 * Every flag and config key, declared once. Commander's options, the typed config, validation, the
 * config file's JSON Schema and the flag tables of the documentation are all made from this table,
 * so they cannot disagree. To add a flag or key: add one entry (and the command's name to
 * `commands`); its value is then in `optionsOf(...)` under `key`, typed.
 */
import { CHECK_IDS } from '../audit/checkIds.js';
import {
  closedMovable,
  DEFAULT_FOLLOW_KINDS,
  FILE_KINDS,
  kindList,
  kindSpec,
  LEGACY_FOLLOW_KIND,
  RECORD_KINDS,
} from '../kinds/registry.js';
import { PRESET_NAMES } from '../ingest/identify/presets/preset.js';
import { COUNT, DAYS, PERCENT, POINTS, SNAPSHOT, type NumberRule } from '../numbers.js';
import { CRM_NAMES } from '../plan/crmFormat.js';
import { STRATEGY_NAMES } from '../plan/strategies/strategy.js';
import { FORMATS } from './formats.js';

/** Where the database is when neither --db nor env CRM_OWNERS_DB says. */
export const DEFAULT_DB = './crm-owners.db';

export const COMMAND_NAMES = [
  'load',
  'snapshots',
  'audit',
  'owners',
  'plan',
  'transfer',
  'verify',
  'diff',
  'history',
  'churn',
  'report',
  'doctor',
  'config',
] as const;
export type CommandName = (typeof COMMAND_NAMES)[number];

/**
 * What a value is, which decides how a flag's text and a config value are read:
 * - `text`: a non-empty string; `path`: the same, read relative to the config file's folder;
 * - `switch`: a flag without a value (true/false in the config);
 * - `number`: digits, checked against `rule`;
 * - `choice`: one of `choices`;
 * - `list`: comma-separated in a flag (repeatable too), a list (or comma-separated string) in the
 *   config; each item one of `choices` when they are given;
 * - `repeatable`: the flag given once per value; a list in the config;
 * - `columns`: the config's column mapping (config only).
 */
export type ValueType = 'text' | 'path' | 'switch' | 'number' | 'choice' | 'list' | 'repeatable' | 'columns';

export interface OptionSpec {
  /** The key its value has in `optionsOf(...)`, and in the config file when `config` is set. */
  readonly key: string;
  /** The long flag; none for a key only the config file sets. */
  readonly flag?: string;
  readonly short?: string;
  /** What help calls the value (`PCT`); none for a switch. */
  readonly value?: string;
  readonly type: ValueType;
  readonly rule?: NumberRule;
  readonly choices?: readonly string[];
  /** What one of `choices` is called in messages ("unknown check"). */
  readonly item?: string;
  /** Other names the choices take (a kind's singular), each with the choice it means. */
  readonly aliases?: Readonly<Record<string, string>>;
  /** The value when neither the flag nor the config gives one. */
  readonly default?: string | number | boolean;
  /** Where the default comes from when it is not a value (shown in help and the docs). */
  readonly defaultText?: string;
  /** Env variable that sets the default. */
  readonly env?: string;
  /** `global`: every command takes it, before or after the command's name. */
  readonly commands: readonly CommandName[] | 'global';
  /** Commands that read its config key but take no flag for it. */
  readonly alsoFromConfig?: readonly CommandName[];
  /** The config file may set it (under `key`). */
  readonly config?: boolean;
  /** Commands that refuse to run without it. */
  readonly required?: readonly CommandName[];
  /** Adds `--no-<flag>`, which sets it false (a `list`: none). */
  readonly negatable?: { readonly help: string };
  /** One line for `--help`. */
  readonly help: string;
  /** The documentation's text, when it says more than `help`. */
  readonly doc?: string;
}

const LOAD = ['load', 'audit', 'verify'] as const;
/** `--include-closed`'s help: the kinds it moves, and the closed records that never move, by their closed flag ("converted leads"). */
const CLOSED_MOVABLE = RECORD_KINDS.filter(closedMovable);
// "converted leads", "closed tasks"; events are over by their end ("past events").
const NEVER_MOVED = RECORD_KINDS.flatMap((kind) =>
  kindSpec(kind).closed?.neverMoved ? [`${kindSpec(kind).closed?.flag ?? 'past'} ${kind}`] : [],
);

/** `--kinds case`, `"followAccounts": ["opportunity"]`: a kind by its singular too. */
const KIND_SINGULARS = Object.fromEntries(RECORD_KINDS.map((kind) => [kindSpec(kind).singular, kind]));
const PLAN = ['plan', 'transfer'] as const;
const AUDIT_SETTINGS = [
  'load',
  'audit',
  'verify',
  'owners',
  'plan',
  'transfer',
  'snapshots',
  'history',
  'churn',
  'report',
] as const;

export const OPTIONS = [
  // Global
  {
    key: 'db',
    flag: '--db',
    value: 'PATH',
    type: 'text',
    default: DEFAULT_DB,
    env: 'CRM_OWNERS_DB',
    commands: 'global',
    help: 'database file',
    doc: 'the database (default `./crm-owners.db`, or env `CRM_OWNERS_DB`); `:memory:` for a one-shot run',
  },
  {
    key: 'config',
    flag: '--config',
    value: 'PATH',
    type: 'text',
    defaultText: './crm-owners.config.json if present',
    commands: 'global',
    help: 'config file',
  },
  {
    key: 'format',
    flag: '--format',
    value: 'FORMAT',
    type: 'choice',
    choices: FORMATS,
    defaultText: 'table',
    commands: 'global',
    help: 'output format (each command says which it prints)',
  },
  { key: 'json', flag: '--json', type: 'switch', commands: 'global', help: 'same as --format json' },
  {
    key: 'quiet',
    flag: '--quiet',
    short: '-q',
    type: 'switch',
    commands: 'global',
    help: 'no progress or informational messages',
  },
  {
    key: 'color',
    flag: '--no-color',
    type: 'switch',
    commands: 'global',
    help: 'no colour (also: env NO_COLOR)',
    doc: 'no colour; so does env `NO_COLOR` and a stdout that is not a terminal',
  },

  // Loading
  {
    key: 'kind',
    flag: '--kind',
    value: 'KIND=FILE',
    type: 'repeatable',
    commands: LOAD,
    help: `the kind of a file whose name and headers do not tell it (${kindList(FILE_KINDS)}); repeatable`,
  },
  {
    key: 'label',
    flag: '--label',
    value: 'TEXT',
    type: 'text',
    commands: LOAD,
    help: 'a name for the snapshot, e.g. 2026-11',
  },
  {
    key: 'preset',
    flag: '--preset',
    value: 'NAME',
    type: 'choice',
    choices: PRESET_NAMES,
    defaultText: 'detected from the headers',
    commands: LOAD,
    config: true,
    help: 'force the export format instead of detecting it from the headers',
  },
  {
    key: 'encoding',
    flag: '--encoding',
    value: 'ENCODING',
    type: 'text',
    defaultText: 'detected',
    commands: LOAD,
    config: true,
    help: 'force the encoding (utf-8, utf-16le, utf-16be, windows-1252, ...)',
  },
  {
    key: 'delimiter',
    flag: '--delimiter',
    value: 'CHAR',
    type: 'text',
    defaultText: 'sniffed',
    commands: LOAD,
    config: true,
    help: 'force the delimiter ("," ";" "|" or "tab")',
  },
  {
    key: 'onBadRow',
    flag: '--on-bad-row',
    value: 'MODE',
    type: 'choice',
    choices: ['fail', 'skip'],
    default: 'fail',
    commands: LOAD,
    config: true,
    help: 'fail on the first malformed row, or skip it into the rejects file',
  },
  {
    key: 'rejects',
    flag: '--rejects',
    value: 'FILE',
    type: 'path',
    defaultText: '<db-name>.rejects.csv',
    commands: LOAD,
    config: true,
    help: 'where skipped rows go',
  },
  {
    key: 'asOf',
    flag: '--as-of',
    value: 'DATE',
    type: 'text',
    defaultText: 'the load time',
    commands: LOAD,
    help: 'when the exports were taken (YYYY-MM-DD or an ISO timestamp): history, trends, the report and stale-ownership go by it',
    doc: 'when the exports were taken, `YYYY-MM-DD` (midnight UTC) or an ISO timestamp (UTC unless it has an offset); default: the load time. History, trends, `diff`, `churn`, the report and `stale-ownership` go by it, and snapshots are listed in as-of order. A date more than a day after the load time is refused (exit 2)',
  },
  {
    key: 'explain',
    flag: '--explain',
    type: 'switch',
    commands: LOAD,
    help: "say on stderr how each file was identified (CRM, object, evidence, runner-up) and read (each field's column, the closed rule), and why each skipped file was skipped",
  },
  {
    key: 'ifChanged',
    flag: '--if-changed',
    type: 'switch',
    commands: LOAD,
    help: "load nothing when every file is byte-identical to the latest snapshot's (same SHA-256)",
  },
  {
    key: 'dateOrder',
    type: 'choice',
    choices: ['mdy', 'dmy'],
    defaultText: 'mdy',
    commands: LOAD,
    config: true,
    help: "how slash dates like 03/04/2026 read, month or day first, when a file's dates do not settle it",
  },
  {
    key: 'systemOwners',
    type: 'repeatable',
    commands: LOAD,
    alsoFromConfig: ['owners'],
    config: true,
    help: 'owners (ids, emails or names) that are system users (integrations, automation) whatever their row says',
  },
  {
    key: 'columns',
    type: 'columns',
    commands: LOAD,
    config: true,
    help: 'your own headers for the canonical fields, by kind: {"contacts": {"owner": "Rep Email"}}',
  },

  // Which snapshot
  {
    key: 'snapshot',
    flag: '--snapshot',
    value: 'N',
    type: 'number',
    rule: SNAPSHOT,
    defaultText: 'the latest',
    commands: ['audit', 'owners', 'plan', 'transfer', 'verify', 'report'],
    help: 'the snapshot to use',
  },

  // Audit
  {
    key: 'rules',
    flag: '--rules',
    value: 'FILE',
    type: 'path',
    commands: ['audit', 'plan', 'transfer', 'churn', 'report'],
    config: true,
    negatable: { help: "no territory rules this run, not even the config's" },
    help: "territory rules (CSV or XLSX): territory-conflict and no-territory; plans give records to their territory's owners",
  },
  {
    key: 'checks',
    flag: '--checks',
    value: 'LIST',
    type: 'list',
    choices: CHECK_IDS,
    item: 'check',
    defaultText: 'all',
    commands: ['audit'],
    alsoFromConfig: ['report'],
    config: true,
    help: 'checks to run, comma-separated',
  },
  {
    key: 'placeholderOwners',
    flag: '--placeholder',
    value: 'OWNER',
    type: 'repeatable',
    commands: ['audit', 'plan', 'transfer'],
    alsoFromConfig: AUDIT_SETTINGS,
    config: true,
    help: 'an owner id, email or name that means "nobody" (integration user, default queue); repeatable',
  },
  {
    key: 'defaultCapacity',
    flag: '--default-capacity',
    value: 'N',
    type: 'number',
    rule: COUNT,
    commands: ['audit', 'owners', 'plan', 'transfer'],
    alsoFromConfig: ['report'],
    config: true,
    help: 'capacity of owners without their own',
  },
  {
    key: 'mismatchKinds',
    type: 'list',
    choices: RECORD_KINDS,
    item: 'kind',
    aliases: KIND_SINGULARS,
    commands: ['audit'],
    alsoFromConfig: ['report'],
    config: true,
    help: `the kinds whose records account-owner-mismatch checks against their account's owner (default: every kind with an account)`,
  },
  {
    key: 'staleDays',
    flag: '--stale-days',
    value: 'N',
    type: 'number',
    rule: DAYS,
    commands: ['audit'],
    alsoFromConfig: ['report'],
    config: true,
    help: 'enable stale-ownership: owned records with no activity for N days',
  },
  {
    key: 'overdueDays',
    type: 'number',
    rule: DAYS,
    defaultText: '0',
    commands: ['audit', 'owners'],
    alsoFromConfig: ['report'],
    config: true,
    help: "days of grace before overdue-activity counts an open task past its due date (as of the snapshot's as-of date)",
  },
  {
    key: 'failOn',
    flag: '--fail-on',
    value: 'RULE',
    type: 'list',
    commands: ['audit'],
    alsoFromConfig: ['report'],
    config: true,
    help: "fail when a check flags more than N records or N% of a kind, e.g. 'unowned>1%' or 'inactive-owner:contacts>0' (quote it); comma-separated or repeatable",
  },
  {
    key: 'minCoverage',
    flag: '--min-coverage',
    value: 'PCT',
    type: 'number',
    rule: PERCENT,
    commands: ['audit'],
    alsoFromConfig: ['report'],
    config: true,
    help: 'fail when overall coverage is below PCT',
  },
  {
    key: 'maxDrop',
    flag: '--max-drop',
    value: 'PTS',
    type: 'number',
    rule: POINTS,
    commands: ['audit'],
    alsoFromConfig: ['report'],
    config: true,
    help: 'fail when coverage fell by more than PTS points against the baseline',
  },
  {
    key: 'baseline',
    flag: '--baseline',
    value: 'FILE|previous',
    type: 'text',
    defaultText: 'previous',
    commands: ['audit'],
    alsoFromConfig: ['report'],
    config: true,
    help: 'what --max-drop compares with: "previous" (the snapshot before, in as-of order) or an earlier audit --json file',
  },
  {
    key: 'writeBaseline',
    flag: '--write-baseline',
    value: 'FILE',
    type: 'text',
    commands: ['audit'],
    help: "write this run's JSON there for the next run",
  },
  {
    key: 'findings',
    flag: '--findings',
    value: 'FILE',
    type: 'text',
    commands: ['audit', 'verify', 'report'],
    help: 'write the findings (audit, report: every flagged record; verify: the rows not applied) to this CSV file',
  },
  {
    key: 'retry',
    flag: '--retry',
    value: 'DIR',
    type: 'text',
    commands: ['verify'],
    help: "write the rows still on their old owner to this folder as the plan's import and rollback files, to import again (and verify in turn)",
    doc: "write the rows still on their old owner (`not-applied`) to this folder as a plan of their own: `import-<kind>.csv` and `rollback-<kind>.csv` in the plan's CRM shape and a `summary.json`, to import again and verify in turn, as Data Loader's error file is used. Rows changed elsewhere and missing records are left out (listed by --findings). An existing plan there is replaced only with --force",
  },
  {
    key: 'findingsByOwner',
    flag: '--findings-by-owner',
    value: 'DIR',
    type: 'text',
    commands: ['audit'],
    help: 'write the findings split by owner into this folder (replaced whole): a CSV per owner, one for records without a valid owner, and an index _owners.csv',
  },
  {
    key: 'report',
    flag: '--report',
    value: 'FILE',
    type: 'text',
    commands: ['audit'],
    help: 'write the monthly report: one HTML file (see crm-owners report)',
  },

  // Plans
  {
    key: 'fix',
    flag: '--fix',
    value: 'LIST',
    type: 'list',
    choices: CHECK_IDS,
    item: 'check',
    defaultText: 'unowned,inactive-owner,unknown-owner,territory-conflict',
    commands: ['plan'],
    config: true,
    help: 'checks whose records move, comma-separated; overloaded-owner moves the excess',
  },
  {
    key: 'out',
    flag: '--out',
    value: 'DIR',
    type: 'text',
    commands: PLAN,
    required: PLAN,
    help: 'folder for plan.csv, import-*.csv, rollback-*.csv, unplaced.csv and summary.json',
  },
  {
    key: 'force',
    flag: '--force',
    type: 'switch',
    commands: [...PLAN, 'verify'],
    help: 'replace a plan already in --out (verify: in --retry)',
  },
  {
    key: 'movesByOwner',
    flag: '--moves-by-owner',
    type: 'switch',
    commands: PLAN,
    config: true,
    help: "also write moves-by-owner/ in the plan folder: plan.csv's rows split by new owner, a CSV each and an index _owners.csv",
  },
  {
    key: 'from',
    flag: '--from',
    value: 'OWNER',
    type: 'text',
    commands: ['transfer'],
    required: ['transfer'],
    help: 'the owner whose records move (id, email or name)',
  },
  {
    key: 'to',
    flag: '--to',
    value: 'OWNER',
    type: 'text',
    commands: ['transfer'],
    help: 'the one owner who takes them all (capacity is not applied: you chose them); one of --to, --pool or --rules is required',
  },
  {
    key: 'toName',
    flag: '--to-name',
    value: 'NAME',
    type: 'text',
    commands: ['transfer'],
    help: 'a --to owner not in the users export (a new hire, --to their user id): their full name, as the CRM has it (Dynamics and Pipedrive imports name owners by it)',
  },
  {
    key: 'toEmail',
    flag: '--to-email',
    value: 'EMAIL',
    type: 'text',
    commands: ['transfer'],
    help: 'a --to owner not in the users export (a new hire, --to their user id): their email (HubSpot and Zoho imports name owners by it)',
  },
  {
    key: 'kinds',
    flag: '--kinds',
    value: 'LIST',
    type: 'list',
    choices: RECORD_KINDS,
    item: 'kind',
    aliases: KIND_SINGULARS,
    defaultText: 'all',
    commands: ['transfer'],
    help: 'kinds to move, comma-separated',
  },
  {
    key: 'strategy',
    flag: '--strategy',
    value: 'NAME',
    type: 'choice',
    choices: STRATEGY_NAMES,
    default: 'least-loaded',
    commands: PLAN,
    config: true,
    help: 'how records are shared out',
  },
  {
    key: 'followAccounts',
    flag: '--follow-accounts',
    value: 'KINDS',
    type: 'list',
    choices: RECORD_KINDS,
    item: 'kind',
    aliases: KIND_SINGULARS,
    defaultText: `${DEFAULT_FOLLOW_KINDS.join(',')} when accounts are loaded`,
    commands: PLAN,
    config: true,
    negatable: { help: 'balance every kind on its own' },
    help: "kinds whose open records on the account owner's book go with their account (tasks and events: with the record they are about), comma-separated",
  },
  {
    key: 'contactsFollowAccounts',
    flag: '--contacts-follow-accounts',
    type: 'switch',
    commands: PLAN,
    config: true,
    negatable: { help: 'the same as --no-follow-accounts' },
    help: `the same as --follow-accounts ${LEGACY_FOLLOW_KIND}`,
  },
  {
    key: 'includeClosed',
    flag: '--include-closed',
    type: 'switch',
    commands: PLAN,
    config: true,
    help: `move closed ${kindList(CLOSED_MOVABLE, 'and')} too (by default they stay with the owner who worked them); ${kindList(NEVER_MOVED, 'and')} never move`,
  },
  {
    key: 'pool',
    flag: '--pool',
    value: 'OWNERS',
    type: 'list',
    commands: PLAN,
    config: true,
    help: 'owners (ids, emails, names) or territory names, comma-separated, who receive records; with --rules, only records no territory places',
  },
  {
    key: 'exclude',
    flag: '--exclude',
    value: 'FILE',
    type: 'path',
    commands: PLAN,
    config: true,
    help: 'CSV or XLSX of record ids to leave alone',
  },
  {
    key: 'maxMoves',
    flag: '--max-moves',
    value: 'N',
    type: 'number',
    rule: COUNT,
    commands: PLAN,
    config: true,
    help: 'move at most N records; the rest are unplaced',
  },
  {
    key: 'crm',
    flag: '--crm',
    value: 'NAME',
    type: 'choice',
    choices: CRM_NAMES,
    defaultText: "from the snapshot's exports",
    commands: PLAN,
    config: true,
    help: 'import file format',
  },
  {
    key: 'lockColumn',
    type: 'text',
    commands: PLAN,
    config: true,
    help: 'a column of your exports (e.g. "Do_Not_Reassign__c"): records with a value there stay',
  },

  // diff, history, churn, report
  {
    key: 'fromSnapshot',
    flag: '--from',
    value: 'N',
    type: 'number',
    rule: SNAPSHOT,
    defaultText: 'the one before --to',
    commands: ['diff'],
    help: 'the earlier snapshot',
  },
  {
    key: 'toSnapshot',
    flag: '--to',
    value: 'M',
    type: 'number',
    rule: SNAPSHOT,
    defaultText: 'the latest',
    commands: ['diff'],
    help: 'the later snapshot',
  },
  {
    key: 'changesFile',
    flag: '--out',
    value: 'FILE',
    type: 'text',
    commands: ['diff'],
    help: 'write every change to this CSV file',
  },
  {
    key: 'owner',
    flag: '--owner',
    value: 'OWNER',
    type: 'text',
    commands: ['history'],
    help: "an owner's id, email or name: its records gained and lost instead",
  },
  {
    key: 'recordKind',
    flag: '--kind',
    value: 'KIND',
    type: 'choice',
    choices: RECORD_KINDS,
    commands: ['history'],
    help: 'the record kind, when an id names records of two kinds',
  },
  {
    key: 'since',
    flag: '--since',
    value: 'N',
    type: 'number',
    rule: SNAPSHOT,
    commands: ['churn'],
    help: 'start at snapshot N',
  },
  {
    key: 'last',
    flag: '--last',
    value: 'K',
    type: 'number',
    rule: { ...COUNT, min: 2, what: 'a whole number of 2 or more' },
    commands: ['churn'],
    help: 'the last K snapshots',
  },
  {
    key: 'minChanges',
    flag: '--min-changes',
    value: 'N',
    type: 'number',
    rule: { ...COUNT, min: 1, what: 'a whole number of 1 or more' },
    default: 2,
    commands: ['churn'],
    help: 'list records whose owner changed at least N times',
  },
  {
    key: 'reportFile',
    flag: '--out',
    value: 'FILE',
    type: 'text',
    commands: ['report'],
    required: ['report'],
    help: 'the HTML file to write',
  },
  {
    key: 'plan',
    flag: '--plan',
    value: 'DIR',
    type: 'text',
    commands: ['report'],
    help: "a plan's folder: its owners' loads before and after",
  },

  // doctor
  {
    key: 'rebuild',
    flag: '--rebuild',
    type: 'switch',
    commands: ['doctor'],
    help: 'first recompute the summary tables (owner_groups, record_ranges, shared_email_records) from the records, in one transaction',
  },

  // config
  {
    key: 'schema',
    flag: '--schema',
    type: 'switch',
    commands: ['config'],
    help: "print the config file's JSON Schema",
  },
] as const satisfies readonly OptionSpec[];

export type Option = (typeof OPTIONS)[number];
export type OptionKey = Option['key'];
