/**
 * The command line: global flags, one subcommand per file in commands/, and the one place where
 * errors become messages and exit codes.
 */
import { Command, CommanderError, Option } from 'commander';
import { readFileSync } from 'node:fs';
import { CrmOwnersError, EXIT_ERROR } from './errors.js';
import { databaseError } from './store/database.js';
import { defineAudit } from './commands/audit.js';
import { defineDiff } from './commands/diff.js';
import { defineDoctor } from './commands/doctor.js';
import { defineLoad } from './commands/load.js';
import { defineOwners } from './commands/owners.js';
import { definePlan } from './commands/plan.js';
import { defineTransfer } from './commands/transfer.js';
import { defineSnapshots } from './commands/snapshots.js';
import { defineVerify } from './commands/verify.js';

const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string };

export function buildProgram(): Command {
  const program = new Command('crm-owners')
    .description('Audit who owns what in CRM exports, and write reassignment plans the CRM can import.')
    .version(pkg.version, '-V, --version', 'print the version')
    .helpOption('-h, --help', 'show help')
    .exitOverride()
    .configureOutput({ outputError: (text, write) => write(text) })
    .option('--db <path>', 'database file (env CRM_OWNERS_DB)', process.env.CRM_OWNERS_DB || './crm-owners.db')
    .option('--config <path>', 'config file (default: ./crm-owners.config.json if present)')
    .addOption(new Option('--format <format>', 'output format').choices(['table', 'json', 'markdown', 'csv']))
    .option('--json', 'same as --format json')
    .option('-q, --quiet', 'no progress or informational messages')
    .option('--no-color', 'no colour (also: env NO_COLOR)')
    .showSuggestionAfterError()
    .addHelpText(
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
  defineLoad(program);
  defineSnapshots(program);
  defineAudit(program);
  defineOwners(program);
  definePlan(program);
  defineTransfer(program);
  defineVerify(program);
  defineDiff(program);
  defineDoctor(program);
  return program;
}

export async function main(argv: string[]): Promise<number> {
  const program = buildProgram();
  try {
    await program.parseAsync(argv);
    return typeof process.exitCode === 'number' ? process.exitCode : 0;
  } catch (error) {
    // SQLite errors (a lock held too long, a full disk) become messages about the database in use.
    return reportError(databaseError(error, program.opts<{ db: string }>().db));
  }
}

/** Prints an error the way a user needs it, and returns its exit code. */
export function reportError(error: unknown): number {
  if (error instanceof CommanderError) {
    // Help and --version "fail" with exit code 0; every real usage error exits 2.
    return error.exitCode === 0 ? 0 : EXIT_ERROR;
  }
  if (error instanceof CrmOwnersError) {
    process.stderr.write(`crm-owners: error: ${error.message}\n`);
    if (error.hint) process.stderr.write(`  ${error.hint}\n`);
    return error.exitCode;
  }
  const err = error as Error;
  process.stderr.write(`crm-owners: internal error: ${err?.message ?? String(error)}\n`);
  if (process.env.CRM_OWNERS_DEBUG) process.stderr.write(`${err?.stack}\n`);
  else process.stderr.write('  this is a bug; run again with CRM_OWNERS_DEBUG=1 for details\n');
  return EXIT_ERROR;
}

// A reader that went away (`crm-owners audit | head`) is not an error worth a stack trace.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(typeof process.exitCode === 'number' ? process.exitCode : 0);
  throw error;
});

process.exitCode = await main(process.argv);
