/** `crm-owners load FILE...`: read exports into a new snapshot. */
import { Command, Option } from 'commander';
import path from 'node:path';
import { configList } from '../config.js';
import { UsageError } from '../errors.js';
import { parseDelimiter } from '../ingest/dialect.js';
import { normaliseEncoding } from '../ingest/decode.js';
import type { ColumnMapping } from '../ingest/layout.js';
import { FILE_KINDS, isFileKind, type FileKind } from '../ingest/model.js';
import { kindNamed } from '../kinds/registry.js';
import { PRESET_NAMES, type PresetName } from '../ingest/presets/index.js';
import type { DateOrder } from '../ingest/values.js';
import { lacksOwnersFile, loadSummaryJson, loadSummaryText, loadWarnings, NO_OWNERS_FILE, skippedLine } from '../report/loadSummary.js';
import { refuseClobbering, type PathsByFlag } from '../output/outputPaths.js';
import { openDatabase, type Db } from '../store/database.js';
import { loadSnapshot, type LoadOptions, type LoadResult } from '../store/loadSnapshot.js';
import { collect, contextOf, type Context } from './context.js';

export interface LoadFlags {
  kind?: string[];
  label?: string;
  preset?: string;
  encoding?: string;
  delimiter?: string;
  onBadRow?: string;
  rejects?: string;
}

/** Adds the flags of `load` to a command (`audit FILE...` loads with the same flags). */
export function addLoadOptions(command: Command): Command {
  return command
    .option('--kind <kind=file>', `the kind of a file whose name and headers do not tell it (${FILE_KINDS.join(', ')}); repeatable`, collect)
    .option('--label <text>', 'a name for the snapshot, e.g. 2026-11')
    .addOption(new Option('--preset <name>', 'force the export format instead of detecting it from the headers').choices(PRESET_NAMES))
    .option('--encoding <encoding>', 'force the encoding (utf-8, utf-16le, utf-16be, windows-1252, ...)')
    .option('--delimiter <char>', 'force the delimiter ("," ";" "|" or "tab")')
    .addOption(new Option('--on-bad-row <mode>', 'fail on the first malformed row, or skip it into the rejects file').choices(['fail', 'skip']))
    .option('--rejects <file>', 'where skipped rows go (default: <db-name>.rejects.csv)');
}

export function defaultRejectsPath(dbPath: string): string {
  if (dbPath === ':memory:') return 'crm-owners.rejects.csv';
  const parsed = path.parse(dbPath);
  return path.join(parsed.dir, `${parsed.name}.rejects.csv`);
}

function parseKinds(values: string[] = []): Record<string, FileKind> {
  const kinds: Record<string, FileKind> = {};
  for (const value of values) {
    const at = value.indexOf('=');
    const kind = value.slice(0, at).trim().toLowerCase();
    const plural = `${kind}s`;
    const resolved = isFileKind(kind) ? kind : isFileKind(plural) ? plural : kindNamed(kind);
    if (at < 0 || !resolved || value.slice(at + 1) === '') {
      throw new UsageError(`--kind takes KIND=FILE with KIND one of ${FILE_KINDS.join(', ')}; got "${value}"`);
    }
    kinds[path.resolve(value.slice(at + 1))] = resolved;
  }
  return kinds;
}

/** Load options from flags over config. */
export function loadOptionsOf(files: string[], flags: LoadFlags, context: Context): LoadOptions {
  const { config } = context;
  const delimiter = flags.delimiter ?? (config.delimiter as string | undefined);
  const encoding = flags.encoding ?? (config.encoding as string | undefined);
  const preset = (flags.preset ?? config.preset) as PresetName | undefined;
  if (preset && !PRESET_NAMES.includes(preset)) throw new UsageError(`unknown preset "${preset}" in config`, `use one of ${PRESET_NAMES.join(', ')}`);
  let parsedDelimiter: string | undefined;
  try {
    parsedDelimiter = delimiter === undefined ? undefined : parseDelimiter(delimiter);
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  return {
    files,
    kinds: parseKinds(flags.kind),
    label: flags.label,
    preset,
    encoding: encoding === undefined ? undefined : normaliseEncoding(encoding),
    delimiter: parsedDelimiter,
    onBadRow: (flags.onBadRow ?? config.onBadRow ?? 'fail') as 'fail' | 'skip',
    rejectsPath: flags.rejects ?? (config.rejects as string | undefined) ?? defaultRejectsPath(context.dbPath),
    columns: config.columns as ColumnMapping | undefined,
    dateOrder: config.dateOrder as DateOrder | undefined,
    systemOwners: configList(config.systemOwners),
  };
}

/** What a load reads, and the rejects file it may write, by flag: for `refuseClobbering`. */
export function loadPaths(options: LoadOptions): { inputs: PathsByFlag; outputs: PathsByFlag } {
  return { inputs: { FILE: options.files, '--kind': Object.keys(options.kinds ?? {}) }, outputs: { '--rejects': options.onBadRow === 'skip' ? options.rejectsPath : undefined } };
}

/** Loads with a progress line; shared by `load` and `audit FILE...`. */
export async function runLoad(options: LoadOptions, context: Context, db: Db): Promise<LoadResult> {
  const progress = context.terminal.progress('Reading exports…');
  let result: LoadResult;
  try {
    result = await loadSnapshot(db, {
      ...options,
      progress: (file, rows) => progress.update(`${path.basename(file)}: ${rows.toLocaleString('en-US')} rows`),
    });
  } finally {
    progress.stop();
  }
  for (const warning of loadWarnings(result)) context.terminal.warn(warning);
  const skipped = skippedLine(result.skipped);
  if (skipped) context.terminal.info(skipped);
  if (lacksOwnersFile(result)) context.terminal.warn(NO_OWNERS_FILE);
  return result;
}

export function defineLoad(program: Command): void {
  const command = program
    .command('load')
    .summary('load CRM exports into a new snapshot')
    .description('Load CRM exports (CSV files, folders of them, or .zip files) into a new, numbered snapshot in the database.')
    .argument('[files...]', 'CSV files, folders of CSV files, or .zip files');
  addLoadOptions(command)
    .addHelpText(
      'after',
      `
Examples:
  crm-owners load User.csv Account.csv Contact.csv --label 2026-11
  crm-owners load WE_00D5e000000HpAB_1/ --label 2026-11
  crm-owners load hubspot-crm-exports-2026-11-01.zip --db hubspot.db
  crm-owners load exports/ --kind owners=exports/reps.csv --on-bad-row skip`,
    )
    .action(async (files: string[], flags: LoadFlags, cmd: Command) => {
      const context = contextOf(cmd);
      if (files.length === 0 && !flags.kind?.length) throw new UsageError('name at least one file, folder or .zip to load', 'crm-owners load --help');
      // Options first: a usage error must not leave a new database behind.
      const options = loadOptionsOf(files, flags, context);
      const { inputs, outputs } = loadPaths(options);
      refuseClobbering(context.dbPath, { files: outputs }, { ...inputs, '--config': context.config.path });
      const db = openDatabase(context.dbPath, 'create');
      try {
        const result = await runLoad(options, context, db);
        if (context.format === 'json') context.terminal.out(JSON.stringify(loadSummaryJson(result), null, 2));
        else context.terminal.info(loadSummaryText(result, context.dbPath, context.terminal.color));
      } finally {
        db.close();
      }
    });
}
