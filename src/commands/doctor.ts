/** `crm-owners doctor`: checks the database and says what is wrong and what to do about it. */
import type { Command } from 'commander';
import type { ChalkInstance } from 'chalk';
import { CrmOwnersError } from '../errors.js';
import { giveVerdict } from './verdict.js';
import { addCommandOptions } from '../options/commander.js';
import { declareReporters, report as print, type Reporters } from '../output/reporters.js';
import { printable } from '../output/printable.js';
import { renderMarkdown, renderCsv, type Column } from '../report/tabular.js';
import {
  rebuildSummaries,
  runDoctor,
  type DoctorFinding,
  type DoctorReport,
  type DoctorStatus,
} from '../store/doctor.js';
import { SCHEMA_VERSION } from '../store/schema.js';
import { contextOf } from './context.js';

const COLUMNS: Column<DoctorFinding>[] = [
  { title: 'check', value: (f) => f.check },
  { title: 'status', value: (f) => f.status },
  { title: 'message', value: (f) => f.message, role: 'name' },
  { title: 'fix', value: (f) => f.fix, role: 'name' },
];

function paint(color: ChalkInstance, status: DoctorStatus, text: string): string {
  return status === 'fail' ? color.red.bold(text) : status === 'warn' ? color.yellow(text) : color.green(text);
}

export function doctorText(report: DoctorReport, color: ChalkInstance): string {
  const width = Math.max(...report.findings.map((f) => f.check.length));
  const indent = ' '.repeat(4 + 2 + width + 2);
  const lines = [
    `crm-owners doctor · ${printable(report.db)} · schema ${report.schemaVersion ?? '?'} (this crm-owners: ${report.expectedSchemaVersion}) · ${report.snapshots ?? '?'} snapshot${report.snapshots === 1 ? '' : 's'}`,
    '',
  ];
  for (const finding of report.findings) {
    lines.push(
      `${paint(color, finding.status, finding.status.padEnd(4))}  ${finding.check.padEnd(width)}  ${printable(finding.message)}`,
    );
    if (finding.fix) lines.push(`${indent}${color.dim('fix:')} ${printable(finding.fix)}`);
  }
  lines.push('');
  const failed = report.findings.filter((f) => f.status === 'fail').length;
  const warned = report.findings.filter((f) => f.status === 'warn').length;
  if (failed > 0) lines.push(`${color.red.bold('FAIL')}  ${failed} check${failed > 1 ? 's' : ''} failed`);
  else if (warned > 0) lines.push(`${color.yellow('OK')}  (warnings only)`);
  else lines.push(`${color.green('OK')}  the database is healthy`);
  return lines.join('\n');
}

/** A database doctor cannot open: with --json, still a JSON answer on stdout (then the error, exit 2). */
function unopenedReport(db: string, error: CrmOwnersError): DoctorReport {
  const finding: DoctorFinding = { check: 'file', status: 'fail', message: error.message, fix: error.hint ?? '' };
  return {
    schema: 'crm-owners/doctor@1',
    db,
    schemaVersion: null,
    expectedSchemaVersion: SCHEMA_VERSION,
    pendingMigrations: [],
    snapshots: null,
    verdict: 'fail',
    findings: [finding],
  };
}

export function defineDoctor(program: Command): void {
  const command = program
    .command('doctor')
    .summary('check the database: integrity, schema version, leftovers of an interrupted run')
    .description(
      'Check the database given by --db without changing it: that it is a SQLite database, its integrity and references, ' +
        'its schema version and pending migrations, -journal/-wal files left by an interrupted command, that every snapshot holds the records it counts, ' +
        'and that the summary tables match the records (--rebuild recomputes them, the one change doctor makes). ' +
        'Each finding says what to do. Exit 0 when healthy or with warnings only, 1 when a check fails, 2 when the database cannot be opened.',
    )
    .addHelpText(
      'after',
      '\nExamples:\n  crm-owners doctor\n  crm-owners doctor --db archive/2026.db --json\n  crm-owners doctor --rebuild',
    );
  addCommandOptions(command, 'doctor').action((_flags: unknown, cmd: Command) => {
    const context = contextOf(cmd);
    if (context.options.rebuild) {
      rebuildSummaries(context.dbPath);
      context.terminal.info('rebuilt owner_groups, record_ranges and shared_email_records from the records');
    }
    let report: DoctorReport;
    try {
      report = runDoctor(context.dbPath);
    } catch (error) {
      if (context.format === 'json' && error instanceof CrmOwnersError)
        print(reporters, 'json', unopenedReport(context.dbPath, error), context.terminal);
      throw error;
    }
    print(reporters, context.format, report, context.terminal);
    giveVerdict(cmd, report.verdict !== 'fail');
  });
  const reporters: Reporters<DoctorReport> = declareReporters<DoctorReport>(command, {
    table: (report, terminal) => terminal.out(doctorText(report, terminal.color)),
    json: (report, terminal) => terminal.out(JSON.stringify(report, null, 2)),
    markdown: (report, terminal) => terminal.out(renderMarkdown(report.findings, COLUMNS)),
    csv: (report, terminal) => terminal.out(renderCsv(report.findings, COLUMNS)),
  });
}
