/** `audit --format table`: the terminal report, fitted to the terminal's width (on a pipe, to env COLUMNS when set, else not limited). */
import type { ChalkInstance } from 'chalk';
import type { AuditResult } from '../audit/runAudit.js';
import type { CheckRow } from '../audit/gate.js';
import { OWNERS_KIND, RECORD_KINDS } from '../kinds/registry.js';
import { printable } from '../output/printable.js';
import { auditWarnings } from './auditJson.js';
import { columnsOf, padEndColumns, terminalWidth, truncate, wrapParts } from '../output/width.js';
import { bar, busiestOwners } from './busiestOwners.js';
import { hasAtRisk, pipelineCaveats, pipelineLead, stateParts } from './pipelineText.js';
import { formatCount, formatPercent, kindCount, type ShowValue } from './format.js';
import { followUp } from './followUp.js';
import { auditVerdict } from './verdict.js';

export function headlineParts(result: AuditResult, show: ShowValue = printable): string[] {
  const { snapshot } = result;
  const label = snapshot.label ? ` "${show(snapshot.label)}"` : '';
  // The records the checks and percentages count: open ones (closed and converted ones are history).
  const counts = [
    `${formatCount(snapshot.counts.owners)} ${OWNERS_KIND}`,
    ...RECORD_KINDS.filter((kind) => snapshot.counts[kind] > 0).map((kind) =>
      kindCount(kind, result.open[kind] ?? 0, snapshot.counts[kind]),
    ),
  ];
  return [`crm-owners audit · snapshot ${snapshot.id}${label}`, ...counts];
}

export function headline(result: AuditResult, show: ShowValue = printable): string {
  return headlineParts(result, show).join(' · ');
}

/** The change of coverage since the baseline, a file or an earlier snapshot. */
export function trend(result: AuditResult, show: ShowValue = printable): string | undefined {
  const base =
    result.gate.baseline ??
    (result.previous && {
      drop: Math.round((result.previous.coverage - result.coverage.overall) * 100) / 100,
      source: `snapshot ${result.previous.id}`,
    });
  if (!base) return undefined;
  if (base.drop === 0) return `= since ${show(base.source)}`;
  return `${base.drop > 0 ? '▼' : '▲'} ${formatPercent(Math.abs(base.drop))} pts since ${show(base.source)}`;
}

function statusText(row: CheckRow, color: ChalkInstance): string {
  if (row.status === 'fail') return color.red.bold(`FAIL  ${row.crossed ?? ''}`.trimEnd());
  if (row.status === 'warn') return color.yellow('warn');
  if (row.status === 'not-checked') return color.dim(`not checked — ${row.reason ?? ''}`);
  return color.green('pass');
}

/** Room a busiest-owners line needs besides its name and bar: loads, capacity and an overload (` +1,234`). */
const BUSY_FIXED = 2 + 8 + 2 + 8 + 2 + 7;

export function auditTable(result: AuditResult, color: ChalkInstance, width = terminalWidth()): string {
  const lines = [color.bold(wrapParts(headlineParts(result), ' · ', width)), ''];
  // The revenue held by owners who are gone comes first: it is the number leadership reads.
  const lead = pipelineLead(result.pipeline);
  if (lead) {
    lines.push((hasAtRisk(result.pipeline) ? color.red.bold : color.bold)(wrapParts(lead.split(' · '), ' · ', width)));
    for (const currency of result.pipeline.currencies)
      lines.push(`  ${wrapParts(stateParts(currency), ' · ', width - 2).replaceAll('\n', '\n  ')}`);
    for (const caveat of pipelineCaveats(result.pipeline)) lines.push(color.yellow(`  ${caveat}`));
    lines.push('');
  }
  // Before the coverage: without owners, the numbers below mean little.
  for (const warning of auditWarnings(result)) lines.push(color.yellow(`warning: ${warning}`), '');

  const coverage = [`Coverage ${color.bold(`${formatPercent(result.coverage.overall)}%`)}`];
  for (const kind of result.kinds) coverage.push(`${kind} ${formatPercent(result.coverage[kind] ?? 0)}%`);
  const change = trend(result);
  if (change) coverage.push(change.startsWith('▼') ? color.red(change) : change);
  lines.push(wrapParts(coverage, '   ', width), '');

  const checkWidth = Math.max(22, ...result.checks.map((r) => r.check.length));
  const kindWidth = Math.max(8, ...result.checks.map((r) => r.kind.length));
  lines.push(
    color.dim(
      `${'check'.padEnd(checkWidth)}  ${'kind'.padEnd(kindWidth)}  ${'count'.padStart(9)}  ${'%'.padStart(6)}  status`,
    ),
  );
  for (const row of result.checks) {
    lines.push(
      `${row.check.padEnd(checkWidth)}  ${row.kind.padEnd(kindWidth)}  ${(row.status === 'not-checked' ? '—' : formatCount(row.count)).padStart(9)}  ${(row.status === 'not-checked' ? '—' : formatPercent(row.percent)).padStart(6)}  ${statusText(row, color)}`,
    );
  }

  for (const kind of result.kinds) {
    const busy = busiestOwners(result, kind);
    if (busy.length === 0) continue;
    const names = busy.map((b) => printable(b.owner.name));
    const nameWidth = Math.min(24, Math.max(14, ...names.map((name) => columnsOf(name))));
    const barWidth = Math.max(4, Math.min(24, width - nameWidth - BUSY_FIXED));
    const scale = Math.max(...busy.map((b) => Math.max(b.load, b.capacity ?? 0)));
    lines.push('', color.dim(`${'Busiest owners'.padEnd(nameWidth)}  ${kind.padStart(8)}  capacity`));
    for (const [i, b] of busy.entries()) {
      const name = padEndColumns(truncate(names[i], nameWidth), nameWidth);
      const capacity = b.capacity === undefined ? '—' : formatCount(Math.floor(b.capacity));
      const over = b.over > 0 ? color.red(` +${formatCount(b.over)}`) : '';
      lines.push(
        `${name}  ${formatCount(b.load).padStart(8)}  ${capacity.padStart(8)}  ${(b.over > 0 ? color.red : color.cyan)(bar(b.load, scale, barWidth))}${over}`,
      );
    }
  }

  const follow = followUp(result);
  if (follow.rows.length > 0) {
    const names = follow.rows.map((r) => printable(r.owner.name || r.owner.id));
    const nameWidth = Math.min(24, Math.max(19, ...names.map((name) => columnsOf(name))));
    const counts = ['records', ...follow.kinds, 'overdue'];
    lines.push(
      '',
      color.dim(
        `${'Follow-up by owner'.padEnd(nameWidth)}  ${'status'.padEnd(8)}  ${counts.map((c) => c.padStart(8)).join('  ')}`,
      ),
    );
    for (const [i, r] of follow.rows.entries()) {
      const values = [r.records, ...follow.kinds.map((kind) => r.open[kind] ?? 0)].map((n) =>
        formatCount(n).padStart(8),
      );
      const overdue = formatCount(r.overdue).padStart(Math.max(8, 'overdue'.length));
      const status = r.status === 'active' ? r.status.padEnd(8) : color.red(r.status.padEnd(8));
      lines.push(
        `${padEndColumns(truncate(names[i], nameWidth), nameWidth)}  ${status}  ${values.join('  ')}  ${r.overdue > 0 ? color.red(overdue) : overdue}`,
      );
    }
  }

  lines.push('');
  const verdict = auditVerdict(result);
  if (result.gate.passed) lines.push(color.green.bold(verdict.word) + (verdict.note ? `  (${verdict.note})` : ''));
  else
    lines.push(
      ...result.gate.reasons.map((reason, i) => `${i === 0 ? color.red.bold('FAIL') : '    '}  ${printable(reason)}`),
    );
  return lines.join('\n');
}
