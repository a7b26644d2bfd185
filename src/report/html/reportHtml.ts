/**
 * The monthly report as one HTML file: no script, no request (a Content-Security-Policy forbids
 * both), charts as inline SVG, each with a table of the same numbers. Everything shown comes from
 * the report's data, so the same database and flags give the same bytes.
 */
import { auditVerdict } from '../verdict.js';
import type { Finding } from '../../audit/check.js';
import type { AuditResult } from '../../audit/runAudit.js';
import type { ChurnResult } from '../../history/churn.js';
import { byCodePoint } from '../../history/diff.js';
import type { RecordKind } from '../../records/model.js';
import { AT_RISK_STATES, PIPELINE_STATES, type Amount } from '../../audit/pipeline.js';
import { busiestOwners } from '../busiestOwners.js';
import { moneyText, pipelineCaveats, pipelineLead } from '../pipelineText.js';
import { followUp } from '../followUp.js';
import { ownerChain } from '../churnReport.js';
import { formatCount, formatPercent, kindCount, plural } from '../format.js';
import { auditWarnings } from '../auditJson.js';
import { ownerShown } from '../historyReport.js';
import { barChart, chartLegend, lineChart, type Bar } from './charts.js';
import { html, trusted, type Html } from './html.js';
import type { MatrixCell, MonthlyReport } from '../../monthly/reportData.js';
import { CHURN_ROWS, REPORT_FINDINGS } from './limits.js';
import type { PlanSummary } from '../../plan/planSummary.js';
import { REPORT_CSS } from './reportStyle.js';

/** Owners drawn per kind in the load chart: the busiest, and overloaded ones up to the most. */
export const CHART_OWNERS = 25;
export const MOST_CHART_OWNERS = 50;
/** Territory columns per territories × owners table. */
export const TERRITORY_COLUMNS = 5;

const CSP = "default-src 'none'; style-src 'unsafe-inline'";

function snapshotName(s: { id: number; label: string | null }): string {
  return `snapshot ${s.id}${s.label ? ` "${s.label}"` : ''}`;
}

function day(iso: string): string {
  return iso.slice(0, 10);
}

function section(id: string, title: string, body: Html): Html {
  return html`<section id="${id}" aria-labelledby="${id}-h"><h2 id="${id}-h">${title}</h2>${body}</section>`;
}

function table(caption: string, head: Html, rows: Html[], attributes = ''): Html {
  return html`<div class="table-wrap"><table${trusted(attributes)}><caption>${caption}</caption><thead>${head}</thead><tbody>${rows}</tbody></table></div>`;
}

function num(value: number, text = formatCount(value)): Html {
  return html`<td class="num" data-value="${value}">${text}</td>`;
}

function headline(report: MonthlyReport): Html {
  const { audit } = report;
  const { snapshot, gate, coverage } = audit;
  const counts = [
    `${formatCount(snapshot.counts.owners)} owners`,
    ...audit.kinds.map((kind) => kindCount(kind, audit.open[kind] ?? 0, snapshot.counts[kind])),
  ].join(' · ');
  const stat = (name: string, key: string, value: string | number, text: string, className = '') =>
    html`<div class="stat ${className}" data-stat="${key}"><span class="value" data-value="${value}">${text}</span><span class="name">${name}</span></div>`;
  // The drop against the gate's baseline, else against the snapshot before (as the audit table shows it).
  const previous = audit.previous;
  const base =
    gate.baseline ??
    (previous && {
      drop: Math.round((previous.coverage - coverage.overall) * 100) / 100,
      source: `snapshot ${previous.id}`,
    });
  const change = base && `${base.drop > 0 ? '▼' : base.drop < 0 ? '▲' : '='} ${formatPercent(Math.abs(base.drop))} pts`;
  const changed = report.churn?.counts.handovers;
  // What makes the numbers less than they seem, as audit --json's `warnings` says it.
  const warnings = auditWarnings(audit);
  // The same words as the table and Markdown (a pass with warnings says so).
  const verdict = auditVerdict(audit);
  return html`<header id="headline">
<h1>Ownership report · ${snapshot.label ?? snapshotName(snapshot)}</h1>
<p class="muted">${snapshotName(snapshot)}, exported ${day(snapshot.asOf)} · ${counts}</p>
<div class="headline">
${pipelineStat(audit, stat)}
${stat('coverage, all kinds', 'coverage-overall', coverage.overall, `${formatPercent(coverage.overall)}%`)}
${audit.kinds.map((kind) => stat(`coverage, ${kind}`, `coverage-${kind}`, coverage[kind] ?? 0, `${formatPercent(coverage[kind] ?? 0)}%`))}
${stat(verdict.note ? `verdict (${verdict.note})` : 'verdict', 'verdict', gate.passed ? 'pass' : 'fail', verdict.word, gate.passed ? 'verdict-pass' : 'verdict-fail')}
${base ? stat(`coverage since ${base.source}`, 'change', -base.drop, change!, base.drop > 0 ? 'down' : 'up') : ''}
${changed === undefined ? '' : stat(`${plural(changed, 'record')} changed owner since ${snapshotName(report.churn!.snapshots[0])}`, 'changed-owner', changed, formatCount(changed))}
</div>
${gate.reasons.length > 0 ? html`<ul class="reasons">${gate.reasons.map((reason) => html`<li class="status-fail">${reason}</li>`)}</ul>` : ''}
${warnings.length > 0 ? html`<ul class="warnings" data-list="warnings">${warnings.map((warning) => html`<li class="status-warn">${warning}</li>`)}</ul>` : ''}
</header>`;
}

type Stat = (name: string, key: string, value: string | number, text: string, className?: string) => Html;

/** First in the headline: the open pipeline held by inactive or unknown owners, per currency. */
function pipelineStat(audit: AuditResult, stat: Stat): Html | string {
  const { pipeline } = audit;
  if (pipeline.opportunities === 0) return '';
  const atRisk = pipeline.currencies.filter((c) => c.atRisk.opportunities > 0);
  const text =
    atRisk.length === 0 ? 'none' : atRisk.map((c) => moneyText(c.currency, c.atRisk.amount, (v) => v)).join(' · ');
  const value = atRisk.map((c) => `${c.currency ?? ''} ${c.atRisk.amount}`.trim()).join(';') || '0';
  return stat(
    `open pipeline held by ${AT_RISK_STATES.join(' or ')} owners`,
    'pipeline-at-risk',
    value,
    text,
    atRisk.length > 0 ? 'down' : '',
  );
}

/** The open pipeline by owner state and currency. */
function pipelineSection(audit: AuditResult): Html | string {
  const { pipeline } = audit;
  if (pipeline.opportunities === 0) return '';
  const lead = pipelineLead(pipeline, (v) => v)!;
  const head = html`<tr><th scope="col">currency</th>${PIPELINE_STATES.map((state) => html`<th scope="col" class="num">${state}</th>`)}<th scope="col" class="num">total</th></tr>`;
  const cell = (amount: Amount) =>
    html`<td class="num" data-value="${amount.amount}" data-opportunities="${amount.opportunities}">${amount.opportunities === 0 ? '' : `${moneyText(null, amount.amount)} (${formatCount(amount.opportunities)})`}</td>`;
  const rows = pipeline.currencies.map(
    (c) =>
      html`<tr data-currency="${c.currency ?? ''}"><th scope="row">${c.currency ?? '—'}</th>${PIPELINE_STATES.map((state) => cell(c.states[state]))}${cell(c.total)}</tr>`,
  );
  const caveats = pipelineCaveats(pipeline, (v) => v);
  return section(
    'pipeline',
    'Open pipeline by owner',
    html`<p>${lead}</p>${table('Open opportunities: amount (count) by the state of their owner', head, rows, ' data-table="pipeline"')}${caveats.length > 0 ? html`<ul class="warnings">${caveats.map((c) => html`<li class="status-warn">${c}</li>`)}</ul>` : ''}`,
  );
}

function coverageTrend(report: MonthlyReport): Html {
  const kinds = report.audit.kinds;
  // The axis runs in as-of order (when each export was taken); an unlabelled snapshot shows its as-of day.
  const labels = report.trend.map((p) => p.snapshot.label ?? day(p.snapshot.asOf));
  const series = [
    { name: 'all kinds', values: report.trend.map((p) => p.coverage.overall) },
    ...kinds.map((kind) => ({ name: kind, values: report.trend.map((p) => p.coverage[kind] ?? null) })),
  ];
  const last = report.trend[report.trend.length - 1];
  const desc = `Coverage in percent for ${report.trend.length} ${plural(report.trend.length, 'snapshot')}, from ${labels[0]} to ${labels[labels.length - 1]}: now ${formatPercent(last.coverage.overall)}% over all kinds.`;
  const chart = lineChart('chart-trend', 'Ownership coverage per snapshot', desc, labels, series, {
    unit: '%',
    yMax: 100,
  });
  const head = html`<tr><th>snapshot</th><th>label</th><th class="date">date</th><th class="num">all kinds %</th>${kinds.map((k) => html`<th class="num">${k} %</th>`)}</tr>`;
  const rows = report.trend.map(
    (p) =>
      html`<tr data-snapshot="${p.snapshot.id}"><td>${p.snapshot.id}</td><td>${p.snapshot.label ?? ''}</td><td class="date">${day(p.snapshot.asOf)}</td>${num(p.coverage.overall, formatPercent(p.coverage.overall))}${kinds.map(
        (k) =>
          p.coverage[k] === undefined
            ? html`<td class="num"></td>`
            : num(p.coverage[k]!, formatPercent(p.coverage[k]!)),
      )}</tr>`,
  );
  return section(
    'trend',
    'Coverage over time',
    html`<p>Records whose owner is an active, real owner, as a share of all records, in every snapshot up to this one.</p><figure>${chart}${chartLegend('chart-trend', series)}<figcaption>Coverage per kind, in percent.</figcaption></figure>${table('Coverage per snapshot (%)', head, rows, ' data-table="trend"')}`,
  );
}

function findingsByCheck(audit: AuditResult): Html {
  // Only checks that counted records get a bar; the table lists every check.
  const bars: Bar[] = audit.checks
    .filter((row) => row.count > 0)
    .map((row) => ({
      label: `${row.check} · ${row.kind}`,
      values: [{ value: row.count, className: 'count', name: 'records' }],
      highlight: row.status === 'fail',
    }));
  const flagged = audit.checks.filter((row) => row.count > 0).length;
  const desc = `Records counted by each check, per kind: ${flagged} of ${audit.checks.length} check results count records.`;
  const head = html`<tr><th>check</th><th>kind</th><th class="num">records</th><th class="num">%</th><th>status</th></tr>`;
  const rows = audit.checks.map(
    (row) =>
      html`<tr data-check="${row.check}" data-kind="${row.kind}"><td>${row.check}</td><td>${row.kind}</td>${num(row.count)}${num(row.percent, formatPercent(row.percent))}<td class="status-${row.status}">${row.status === 'not-checked' ? `not checked — ${row.reason ?? ''}` : row.status}${row.crossed ? ` ${row.crossed}` : ''}</td></tr>`,
  );
  return section(
    'findings-by-check',
    'Findings by check and kind',
    html`${bars.length === 0 ? html`<p>No check counted any record.</p>` : html`<figure>${barChart('chart-findings', 'Findings by check and kind', desc, bars)}<figcaption>Records flagged by each check (checks that flagged none are in the table only); failing checks in red.</figcaption></figure>`}${table('Findings by check and kind', head, rows, ' data-table="checks"')}`,
  );
}

/** The owners drawn, busiest first: the 25 busiest, then overloaded ones up to 50. */
export function chartOwners<T extends { over: number }>(busiestFirst: T[]): T[] {
  return busiestFirst.filter((b, i) => i < CHART_OWNERS || (b.over > 0 && i < MOST_CHART_OWNERS));
}

function ownerLoads(audit: AuditResult): Html {
  const parts = audit.kinds.map((kind) => {
    const busy = busiestOwners(audit, kind, Infinity);
    const shown = chartOwners(busy);
    if (shown.length === 0) return html``;
    const over = busy.filter((b) => b.over > 0).length;
    const bars: Bar[] = shown.map((b) => ({
      label: b.owner.name || b.owner.id,
      values: [{ value: b.load, className: 'load', name: 'records' }],
      mark: b.capacity,
      markName: 'capacity',
      highlight: b.over > 0,
    }));
    const desc = `${kind}: records held by the ${shown.length} busiest active owners against their capacity (dashed mark); ${over} of ${busy.length} ${plural(busy.length, 'owner')} above capacity.`;
    const head = html`<tr><th>owner</th><th>id</th><th class="num">${kind}</th><th class="num">capacity</th><th class="num">above capacity</th></tr>`;
    const rows = shown.map(
      (b) =>
        html`<tr class="${b.over > 0 ? 'over' : ''}" data-owner="${b.owner.id}"><td>${b.owner.name}</td><td>${b.owner.id}</td>${num(b.load)}${b.capacity === undefined ? html`<td class="num"></td>` : num(b.capacity, formatCount(b.capacity))}${num(b.over)}</tr>`,
    );
    const caption =
      shown.length < busy.length
        ? `${shown.length} busiest of ${busy.length} owners of ${kind}, ${over} above capacity (all of them: crm-owners owners)`
        : `Owners of ${kind}`;
    return html`<h3>${kind}</h3><figure>${barChart(`chart-loads-${kind}`, `Owner load against capacity: ${kind}`, desc, bars)}<figcaption>Bars: records held; dashed line: capacity; red: above capacity.</figcaption></figure>${table(caption, head, rows, ` data-table="loads-${kind}"`)}`;
  });
  return section('loads', "Owners' load against capacity", html`${parts}`);
}

/** Open tasks and events by owner, overdue tasks first: a leaver's follow-up nobody will do. */
function followUpSection(audit: AuditResult): Html {
  const { kinds, rows } = followUp(audit, Infinity);
  if (rows.length === 0) return html``;
  const head = html`<tr><th>owner</th><th>id</th><th>status</th><th class="num">records</th>${kinds.map((kind) => html`<th class="num">open ${kind}</th>`)}<th class="num">overdue</th></tr>`;
  const body = rows.map(
    (r) =>
      html`<tr class="${r.status === 'active' ? '' : 'over'}" data-owner="${r.owner.id}"><td>${r.owner.name}</td><td>${r.owner.id}</td><td>${r.status}</td>${num(r.records)}${kinds.map((kind) => num(r.open[kind] ?? 0))}${num(r.overdue)}</tr>`,
  );
  return section(
    'follow-up',
    'Follow-up by owner',
    table(
      'Owners holding open activities, overdue tasks first (all of them: crm-owners owners)',
      head,
      body,
      ' data-table="follow-up"',
    ),
  );
}

function territoryOwners(report: MonthlyReport, cells: MatrixCell[]): Html {
  const names = new Map(report.audit.owners.map((owner) => [owner.id, owner.name]));
  const territories = [...new Set(cells.map((c) => c.territory))].sort((a, b) =>
    a === null ? 1 : b === null ? -1 : byCodePoint(a, b),
  );
  const ownerName = (id: string | null) => (id === null ? '(no owner, or unknown)' : names.get(id) || id);
  const owners = [...new Set(cells.map((c) => c.ownerId))].sort((a, b) =>
    a === null ? 1 : b === null ? -1 : byCodePoint(ownerName(a), ownerName(b)) || byCodePoint(a, b),
  );
  const conflicts = cells.reduce((sum, c) => sum + c.conflicts, 0);
  const cellAt = new Map(cells.map((c) => [JSON.stringify([c.territory, c.ownerId]), c]));
  // Territories a few at a time: a table of them all is wider than a laptop's screen or a page.
  const tables: Html[] = [];
  for (let start = 0; start < territories.length; start += TERRITORY_COLUMNS) {
    const shown = territories.slice(start, start + TERRITORY_COLUMNS);
    const head = html`<tr><th>owner</th>${shown.map((t) => html`<th class="num wrap">${t ?? '(no territory)'}</th>`)}</tr>`;
    const rows = owners
      .filter((owner) => shown.some((territory) => cellAt.has(JSON.stringify([territory, owner]))))
      .map((owner) => {
        const tds = shown.map((territory) => {
          const cell = cellAt.get(JSON.stringify([territory, owner]));
          if (!cell) return html`<td class="num"></td>`;
          // The conflicts on a line of their own, to keep the column narrow.
          const text =
            cell.conflicts > 0
              ? html`${formatCount(cell.records)}<span class="conflicts">⚠ ${formatCount(cell.conflicts)} in conflict</span>`
              : formatCount(cell.records);
          return html`<td class="num${cell.conflicts > 0 ? ' conflict' : ''}" data-territory="${territory ?? ''}" data-value="${cell.records}" data-conflicts="${cell.conflicts}">${text}</td>`;
        });
        return html`<tr data-owner="${owner ?? ''}"><td>${owner === null ? ownerName(owner) : ownerShown(owner, ownerName(owner))}</td>${tds}</tr>`;
      });
    const part =
      territories.length > TERRITORY_COLUMNS
        ? ` (territories ${start + 1}–${start + shown.length} of ${territories.length})`
        : '';
    tables.push(
      table(
        `Records per owner and territory${part}`,
        head,
        rows,
        ` data-table="territories${start === 0 ? '' : `-${start / TERRITORY_COLUMNS + 1}`}"`,
      ),
    );
  }
  return section(
    'territories',
    'Territories × owners',
    html`<p>Records of each owner in each territory (the territory rules' first match). ⚠ marks records whose owner does not serve their territory: ${formatCount(conflicts)} in all.</p>${tables}`,
  );
}

function churnSection(report: MonthlyReport): Html {
  const { audit } = report;
  if (!report.churn || !audit.previous)
    return section(
      'churn',
      'Ownership changes',
      html`<p>This is the first snapshot: there is nothing before it to compare with.</p>`,
    );
  const result: ChurnResult = report.churn;
  const since = snapshotName(result.snapshots[0]);
  if (result.counts.handovers === 0)
    return section('churn', `Ownership changes since ${since}`, html`<p>No record changed owner.</p>`);
  const ownerHead = html`<tr><th>owner</th><th class="num">gained</th><th class="num">lost</th></tr>`;
  const ownerRows = result.owners.map(
    (o) =>
      html`<tr data-owner="${o.id ?? ''}"><td>${o.name ? ownerShown(o.id, o.name) : '(no owner)'}</td>${num(o.gained)}${num(o.lost)}</tr>`,
  );
  const withTerritory = result.territories !== undefined;
  const recordHead = html`<tr><th>kind</th><th>record</th><th>name</th><th>owner change</th>${withTerritory ? html`<th>territory</th>` : ''}<th class="num">changes so far</th><th>ping-pong</th></tr>`;
  const recordRows = result.records.slice(0, CHURN_ROWS).map((r) => {
    const repeated = report.repeated[`${r.kind}\u0000${r.recordId}`];
    return html`<tr data-record="${r.recordId}"><td>${r.kind}</td><td>${r.recordId}</td><td>${r.recordName}</td><td>${ownerChain(r.owners)}</td>${withTerritory ? html`<td>${r.territory ?? ''}</td>` : ''}${num(repeated?.changes ?? 1)}<td>${repeated?.pingPong ? 'yes' : ''}</td></tr>`;
  });
  const territoryRows = (result.territories ?? []).map(
    (t) => html`<tr><td>${t.territory ?? '(no territory)'}</td>${num(t.handovers)}</tr>`,
  );
  const listed =
    result.records.length > CHURN_ROWS
      ? `First ${CHURN_ROWS} of ${formatCount(result.records.length)} records (all of them: crm-owners churn --last 2 --min-changes 1)`
      : 'Records that changed owner';
  return section(
    'churn',
    `Ownership changes since ${since}`,
    html`<p data-value="${result.counts.handovers}">${formatCount(result.counts.handovers)} ${plural(result.counts.handovers, 'record')} changed owner. "Changes so far" counts each record's owner changes over every snapshot up to this one; crm-owners history RECORD_ID shows them.</p>
${table('Records gained and lost per owner', ownerHead, ownerRows, ' data-table="churn-owners"')}
${withTerritory ? table('Records handed over per territory', html`<tr><th>territory</th><th class="num">handovers</th></tr>`, territoryRows, ' data-table="churn-territories"') : ''}
${table(listed, recordHead, recordRows, ' data-table="churn-records"')}`,
  );
}

function planSection(plan: PlanSummary, audit: AuditResult): Html {
  const kinds = audit.kinds.filter((kind) => plan.owners.some((o) => (o.before[kind] ?? 0) !== (o.after[kind] ?? 0)));
  const parts = kinds.map((kind: RecordKind) => {
    const changed = plan.owners
      .filter((o) => (o.before[kind] ?? 0) !== (o.after[kind] ?? 0))
      .sort((a, b) => byCodePoint(a.name, b.name) || byCodePoint(a.id, b.id));
    const bars: Bar[] = changed.map((o) => ({
      label: o.name || o.id,
      values: [
        { value: o.before[kind] ?? 0, className: 'before', name: 'before' },
        { value: o.after[kind] ?? 0, className: 'after', name: 'after' },
      ],
      mark: o.capacity[kind],
      markName: 'capacity',
      highlight: o.capacity[kind] !== undefined && (o.after[kind] ?? 0) > Math.floor(o.capacity[kind]!),
    }));
    const desc = `${kind}: records of the ${changed.length} owners the plan changes, before and after it, against capacity.`;
    const head = html`<tr><th>owner</th><th class="num">before</th><th class="num">after</th><th class="num">capacity</th></tr>`;
    const rows = changed.map(
      (o) =>
        html`<tr data-owner="${o.id}"><td>${ownerShown(o.id, o.name)}</td>${num(o.before[kind] ?? 0)}${num(o.after[kind] ?? 0)}${o.capacity[kind] === undefined ? html`<td class="num"></td>` : num(o.capacity[kind]!, formatCount(o.capacity[kind]!))}</tr>`,
    );
    return html`<h3>${kind}</h3><figure>${barChart(`chart-plan-${kind}`, `Plan: ${kind} before and after`, desc, bars)}<figcaption>Upper bar: before the plan; lower bar: after; dashed line: capacity.</figcaption></figure>${table(`Owners the plan changes: ${kind}`, head, rows, ` data-table="plan-${kind}"`)}`;
  });
  const other =
    plan.snapshot === audit.snapshot.id
      ? ''
      : ` It was made on snapshot ${plan.snapshot}, not on the snapshot of this report.`;
  return section(
    'plan',
    'Reassignment plan: loads before and after',
    html`<p>The plan in ${plan.dir} moves ${formatCount(plan.moves)} ${plural(plan.moves, 'record')} and could not place ${formatCount(plan.unplaced)}.${other}</p>${parts}`,
  );
}

function findingsTable(report: MonthlyReport): Html {
  const { first, total, file } = report.findings;
  const where = file
    ? `all of them are in ${file}`
    : `write all of them with crm-owners audit --snapshot ${report.audit.snapshot.id} --findings findings.csv`;
  const caption =
    total > first.length
      ? `First ${formatCount(first.length)} of ${formatCount(total)} findings; ${where}`
      : `All ${formatCount(total)} findings${file ? ` (also in ${file})` : ''}`;
  const head = html`<tr><th>check</th><th>kind</th><th>record</th><th>name</th><th>owner</th><th>detail</th></tr>`;
  const rows = first.map(
    (f: Finding) =>
      html`<tr><td>${f.check}</td><td>${f.kind}</td><td>${f.recordId}</td><td>${f.recordName}</td><td>${f.ownerName ? ownerShown(f.ownerId || null, f.ownerName) : f.owner}</td><td>${f.detail}</td></tr>`,
  );
  return section(
    'findings',
    'Findings',
    html`<p data-value="${total}">${formatCount(total)} ${plural(total, 'finding')} in all (the first ${REPORT_FINDINGS} are listed).</p>${table(caption, head, rows, ' data-table="findings"')}`,
  );
}

export function reportHtml(report: MonthlyReport): string {
  const { audit } = report;
  const title = `Ownership report · ${snapshotName(audit.snapshot)}`;
  const body = html`${headline(report)}
${pipelineSection(audit)}
${coverageTrend(report)}
${findingsByCheck(audit)}
${ownerLoads(audit)}
${followUpSection(audit)}
${report.matrix ? territoryOwners(report, report.matrix) : ''}
${churnSection(report)}
${report.plan ? planSection(report.plan, audit) : ''}
${findingsTable(report)}
<footer>Made by crm-owners from ${snapshotName(audit.snapshot)}, exported ${audit.snapshot.asOf}, loaded at ${audit.snapshot.loadedAt}. The same database and options give the same file.</footer>`;
  return `<!DOCTYPE html>
${html`<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${CSP}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light dark">
<title>${title}</title>
<style>${trusted(REPORT_CSS)}</style>
</head>
<body>
<main>
${body}
</main>
</body>
</html>`}
`;
}
