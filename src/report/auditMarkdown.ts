/** `audit --format markdown`: for `$GITHUB_STEP_SUMMARY` or a pull-request comment. */
import type { AuditResult } from '../audit/runAudit.js';
import { markdownText } from '../output/markdown.js';
import { auditWarnings } from './auditJson.js';
import { busiestOwners } from './busiestOwners.js';
import { formatCount, formatPercent } from './format.js';
import { followUp } from './followUp.js';
import { headline, trend } from './auditTable.js';
import { renderMarkdown, type Column } from './tabular.js';
import { auditVerdict } from './verdict.js';
import { PIPELINE_STATES, type Amount, type CurrencyPipeline } from '../audit/pipeline.js';
import { moneyText, pipelineCaveats, pipelineLead } from './pipelineText.js';

/** An amount and its count in a cell: `120,000.00 (3)`, blank for none. */
function pipelineCell(amount: Amount): string {
  return amount.opportunities === 0 ? '' : `${moneyText(null, amount.amount)} (${formatCount(amount.opportunities)})`;
}

const ICON = { pass: '✅ pass', warn: '⚠️ warn', fail: '❌ FAIL', 'not-checked': '➖ not checked' } as const;

export function auditMarkdown(result: AuditResult): string {
  const parts: string[] = [];
  parts.push(`### ${result.gate.passed ? '✅' : '❌'} ${headline(result, markdownText)}`);
  // The revenue held by owners who are gone comes first: it is the number leadership reads.
  const lead = pipelineLead(result.pipeline, markdownText);
  if (lead) {
    parts.push(`**${lead}**`);
    parts.push(
      renderMarkdown(result.pipeline.currencies, [
        { title: 'currency', value: (c) => c.currency ?? '—' },
        ...PIPELINE_STATES.map((state): Column<CurrencyPipeline> => ({
          title: state,
          value: (c) => pipelineCell(c.states[state]),
          align: 'right',
        })),
        { title: 'total', value: (c) => pipelineCell(c.total), align: 'right' },
      ]),
    );
    for (const caveat of pipelineCaveats(result.pipeline, markdownText)) parts.push(`> ${caveat}`);
  }
  for (const warning of auditWarnings(result)) parts.push(`> ⚠️ ${markdownText(warning)}`);
  const coverage = [`**Coverage ${formatPercent(result.coverage.overall)}%**`];
  for (const kind of result.kinds) coverage.push(`${kind} ${formatPercent(result.coverage[kind] ?? 0)}%`);
  const change = trend(result, markdownText);
  if (change) coverage.push(change);
  parts.push(coverage.join(' · '));
  parts.push(
    renderMarkdown(result.checks, [
      { title: 'check', value: (r) => r.check, code: true },
      { title: 'kind', value: (r) => r.kind },
      { title: 'count', value: (r) => (r.status === 'not-checked' ? '—' : formatCount(r.count)), align: 'right' },
      { title: '%', value: (r) => (r.status === 'not-checked' ? '—' : formatPercent(r.percent)), align: 'right' },
      {
        title: 'status',
        value: (r) =>
          `${ICON[r.status]}${r.crossed ? ` ${r.crossed}` : ''}${r.reason ? ` (${markdownText(r.reason)})` : ''}`,
      },
    ]),
  );
  for (const kind of result.kinds) {
    const busy = busiestOwners(result, kind);
    if (busy.length === 0) continue;
    parts.push(
      renderMarkdown(busy, [
        { title: `Busiest owners (${kind})`, value: (b) => b.owner.name },
        { title: 'load', value: (b) => formatCount(b.load), align: 'right' },
        {
          title: 'capacity',
          value: (b) => (b.capacity === undefined ? '—' : formatCount(Math.floor(b.capacity))),
          align: 'right',
        },
        { title: 'over', value: (b) => (b.over > 0 ? `+${formatCount(b.over)}` : ''), align: 'right' },
      ]),
    );
  }
  const follow = followUp(result);
  if (follow.rows.length > 0) {
    parts.push(
      renderMarkdown(follow.rows, [
        { title: 'Follow-up by owner', value: (r) => r.owner.name || r.owner.id },
        { title: 'status', value: (r) => r.status },
        { title: 'records', value: (r) => formatCount(r.records), align: 'right' },
        ...follow.kinds.map((kind) => ({
          title: `open ${kind}`,
          value: (r: (typeof follow.rows)[number]) => formatCount(r.open[kind] ?? 0),
          align: 'right' as const,
        })),
        { title: 'overdue', value: (r) => formatCount(r.overdue), align: 'right' },
      ]),
    );
  }
  const verdict = auditVerdict(result);
  parts.push(
    result.gate.passed
      ? `**${verdict.word}**${verdict.note ? ` (${verdict.note})` : ''}`
      : `**${verdict.word}** ${result.gate.reasons.map((r) => `\n- ${markdownText(r)}`).join('')}`,
  );
  return parts.join('\n\n');
}
