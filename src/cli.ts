/**
 * The command line: global flags, one subcommand per file in commands/, and the one place where
 * errors become messages and exit codes.
 */
import { Command, CommanderError } from 'commander';
import { readFileSync } from 'node:fs';
import { CrmOwnersError, EXIT_ERROR, EXIT_VERDICT, UsageError } from './errors.js';
import { verdictOf, type Verdict } from './commands/verdict.js';
import { addGlobalOptions } from './options/commander.js';
import { DEFAULT_DB } from './options/table.js';
import { printableLines, printableMessage } from './output/printable.js';
import { refuseUnsupportedFormat } from './output/reporters.js';
import { databaseError } from './store/database.js';

const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string };

/**
 * The commands, in help order. Each is loaded only when it runs, or for a help that lists them all:
 * loading every command's code took about a tenth of a second of each run.
 */
const COMMANDS = new Map<string, () => Promise<(program: Command) => void>>([
  ['load', async () => (await import('./commands/load.js')).defineLoad],
  ['snapshots', async () => (await import('./commands/snapshots.js')).defineSnapshots],
  ['audit', async () => (await import('./commands/audit.js')).defineAudit],
  ['owners', async () => (await import('./commands/owners.js')).defineOwners],
  ['plan', async () => (await import('./commands/plan.js')).definePlan],
  ['transfer', async () => (await import('./commands/transfer.js')).defineTransfer],
  ['verify', async () => (await import('./commands/verify.js')).defineVerify],
  ['diff', async () => (await import('./commands/diff.js')).defineDiff],
  ['history', async () => (await import('./commands/history.js')).defineHistory],
  ['churn', async () => (await import('./commands/churn.js')).defineChurn],
  ['report', async () => (await import('./commands/report.js')).defineReport],
  ['doctor', async () => (await import('./commands/doctor.js')).defineDoctor],
  ['config', async () => (await import('./commands/config.js')).defineConfig],
]);

/** Commander's own usage errors ("error: unknown option ...") in the tool's words, with a next step. */
function commanderError(text: string): string {
  const message = printableLines(text)
    .replace(/^error: /, '')
    .trimEnd();
  return `crm-owners: error: ${message}\n  see crm-owners --help, or crm-owners COMMAND --help\n`;
}

/** `crm-owners help NAME` for a NAME that is no command: commander would show the general help. */
function refuseHelpOnUnknownCommand(args: string[]): void {
  const at = args.indexOf('help');
  const name = at >= 0 ? args[at + 1] : undefined;
  if (at === 0 && name !== undefined && !name.startsWith('-') && !COMMANDS.has(name)) {
    throw new UsageError(`unknown command "${name}"`, `commands: ${[...COMMANDS.keys()].join(', ')}`);
  }
}

/** The command a command line names (`help plan` names plan), if it names one. */
function commandNamed(program: Command, args: string[]): string | undefined {
  // The word after a global option that takes a value (--db FILE) is not a command.
  const takesValue = new Set(
    program.options
      .filter((option) => option.required || option.optional)
      .flatMap((option) => [option.long, option.short]),
  );
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (arg === '--') return undefined;
    if (arg.startsWith('-')) {
      if (takesValue.has(arg)) i++;
    } else if (arg !== 'help') {
      return arg;
    }
  }
  return undefined;
}

/** The program with the command `args` name, or with every command when they name none (help, a typo). */
export async function buildProgram(args: string[]): Promise<Command> {
  const program = new Command('crm-owners')
    .description('Audit who owns what in CRM exports, and write reassignment plans the CRM can import.')
    .version(pkg.version, '-V, --version', 'print the version')
    .helpOption('-h, --help', 'show help')
    .exitOverride()
    .configureOutput({ outputError: (text, write) => write(commanderError(text)) })
    .configureHelp({ showGlobalOptions: true })
    .showSuggestionAfterError()
    // Before any work: a format the command does not print is a usage error (nothing written).
    .hook('preAction', (_program, action) => refuseUnsupportedFormat(action));
  addGlobalOptions(program).addHelpText(
    'after',
    `
Exit codes: 0 success · 1 the verdict is negative (audit gate failed, verify found unapplied rows)
            2 usage error, bad input, bad config or I/O failure

Examples:
  crm-owners load exports/ --label 2026-11
  crm-owners audit --rules territories.csv --findings findings.csv
  crm-owners plan --rules territories.csv --out plans/2026-11
  crm-owners snapshots`,
  );
  const named = commandNamed(program, args);
  const load = named === undefined ? undefined : COMMANDS.get(named);
  for (const define of load ? [load] : COMMANDS.values()) (await define())(program);
  return program;
}

/** The outcome of a run that ended without an error, as far as it has gone. */
function doneOutcome(program: Command | undefined): RunOutcome {
  // A signal that came as the work ended has set the process's code (output/interrupt.ts).
  const signalled = typeof process.exitCode === 'number' && process.exitCode !== 0 ? process.exitCode : undefined;
  return { verdict: program && verdictOf(program), signalled };
}

/** Runs the command `argv` names; `started` is told of the program (for an exit before the end). */
export async function main(argv: string[], started?: (program: Command) => void): Promise<number> {
  const program = await buildProgram(argv.slice(2));
  started?.(program);
  try {
    refuseHelpOnUnknownCommand(argv.slice(2));
    await program.parseAsync(argv);
    return exitCodeOf(doneOutcome(program));
  } catch (error) {
    // SQLite errors (a lock held too long, a full disk) become messages about the database in use.
    return reportError(
      databaseError(error, program.opts<{ db?: string }>().db ?? (process.env.CRM_OWNERS_DB || DEFAULT_DB)),
    );
  }
}

/** How a run ended: with an error, or done (with a command's verdict, or cut short by a signal as it ended). */
export type RunOutcome = { error: unknown } | { verdict?: Verdict; signalled?: number };

/**
 * The one place a run's outcome becomes its exit code: 0 when done; 1 (EXIT_VERDICT) when a command's
 * verdict is negative; the error's own code (2 for usage errors, bad input and failures, 128+N for a
 * signal); 2 for a bug.
 */
export function exitCodeOf(outcome: RunOutcome): number {
  if (!('error' in outcome)) return outcome.signalled ?? (outcome.verdict === 'fail' ? EXIT_VERDICT : 0);
  const { error } = outcome;
  // Help and --version "fail" with exit code 0; every real usage error exits 2.
  if (error instanceof CommanderError) return error.exitCode === 0 ? 0 : EXIT_ERROR;
  if (error instanceof CrmOwnersError) return error.exitCode;
  return EXIT_ERROR;
}

/** Prints an error the way a user needs it, and returns its exit code. */
export function reportError(error: unknown): number {
  if (error instanceof CrmOwnersError) {
    // Messages name files, headers and values from them: nothing of theirs reaches the terminal raw.
    process.stderr.write(`crm-owners: error: ${printableMessage(error.message)}\n`);
    if (error.hint) process.stderr.write(`  ${printableMessage(error.hint)}\n`);
  } else if (!(error instanceof CommanderError)) {
    const err = error as Error;
    process.stderr.write(`crm-owners: internal error: ${printableMessage(err?.message ?? String(error))}\n`);
    if (process.env.CRM_OWNERS_DEBUG) process.stderr.write(`${err?.stack}\n`);
    else process.stderr.write('  this is a bug; run again with CRM_OWNERS_DEBUG=1 for details\n');
  }
  return exitCodeOf({ error });
}

/** The process as the binary runs it: `main` on its arguments, its result as the exit code. */
export async function runProcess(): Promise<void> {
  // A reader that went away (`crm-owners audit | head`) is not an error worth a stack trace.
  let program: Command | undefined;
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(exitCodeOf(doneOutcome(program)));
    throw error;
  });
  process.exitCode = await main(process.argv, (built) => (program = built));
  // A signal received during the last synchronous stretch of work is delivered by the event loop's
  // next poll, which comes between two turns' immediates: without it the process would end as if
  // the signal had never come.
  for (let turn = 0; turn < 2; turn++) await new Promise((resolve) => setImmediate(resolve));
}
