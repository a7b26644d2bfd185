/** `crm-owners doctor`: checks the database and says what is wrong and what to do about it. */
import type { Command } from 'commander';
import type { ChalkInstance } from 'chalk';
import { EXIT_VERDICT } from '../errors.js';
import { printable } from '../output/printable.js';
import { renderTabular, type Column } from '../report/tabular.js';
import { rebuildSummaries, runDoctor, type DoctorFinding, type DoctorReport, type DoctorStatus } from '../store/doctor.js';
import { contextOf } from './context.js';

const COLUMNS: Column<DoctorFinding>[] = [
  { title: 'check', value: (f) => f.check },
  { title: 'status', value: (f) => f.status },
  { title: 'message', value: (f) => f.message },
  { title: 'fix', value: (f) => f.fix },
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
    lines.push(`${paint(color, finding.status, finding.status.padEnd(4))}  ${finding.check.padEnd(width)}  ${printable(finding.message)}`);
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

export function defineDoctor(program: Command): void {
  program
    .command('doctor')
    .summary('check the database: integrity, schema version, leftovers of an interrupted run')
    .description(
      'Check the database given by --db without changing it: that it is a SQLite database, its integrity and references, ' +
        'its schema version and pending migrations, -journal/-wal files left by an interrupted command, that every snapshot holds the records it counts, ' +
        'and that the summary tables match the records (--rebuild recomputes them, the one change doctor makes). ' +
        'Each finding says what to do. Exit 0 when healthy or with warnings only, 1 when a check fails, 2 when the database cannot be opened.',
    )
    .option('--rebuild', 'first recompute the summary tables (owner_groups, record_ranges, shared_email_records) from the records, in one transaction')
    .addHelpText('after', '\nExamples:\n  crm-owners doctor\n  crm-owners doctor --db archive/2026.db --json\n  crm-owners doctor --rebuild')
    .action((flags: { rebuild?: boolean }, cmd: Command) => {
      const context = contextOf(cmd);
      if (flags.rebuild) {
        rebuildSummaries(context.dbPath);
        context.terminal.info('rebuilt owner_groups, record_ranges and shared_email_records from the records');
      }
      const report = runDoctor(context.dbPath);
      if (context.format === 'json') context.terminal.out(JSON.stringify(report, null, 2));
      else if (context.format === 'markdown' || context.format === 'csv') context.terminal.out(renderTabular(report.findings, COLUMNS, context.format));
      else context.terminal.out(doctorText(report, context.terminal.color));
      if (report.verdict === 'fail') process.exitCode = EXIT_VERDICT;
    });
}
