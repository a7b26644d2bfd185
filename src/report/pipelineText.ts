/**
 * The open pipeline in words, as the audit table, Markdown and the HTML report lead with it: the
 * amount held by inactive or unknown owners first, then the pipeline by owner state.
 */
import {
  AT_RISK_STATES,
  PIPELINE_STATES,
  type Amount,
  type CurrencyPipeline,
  type Pipeline,
  type PipelineState,
} from '../audit/pipeline.js';
import { kindSpec, PIPELINE_KIND } from '../kinds/registry.js';
import { decimalOf, formatDecimal } from '../money.js';
import { printable } from '../output/printable.js';
import { formatCount, type ShowValue } from './format.js';

/** `USD 1,250,075.10`, or the amount alone where the export names no currency. */
export function moneyText(currency: string | null, amount: string, show: ShowValue = printable): string {
  const value = decimalOf(amount);
  const shown = value ? formatDecimal(value, true) : amount;
  return currency === null ? shown : `${show(currency)} ${shown}`;
}

export function opportunities(n: number): string {
  return `${formatCount(n)} ${n === 1 ? kindSpec(PIPELINE_KIND).singular : PIPELINE_KIND}`;
}

function amountList(currencies: CurrencyPipeline[], pick: (c: CurrencyPipeline) => Amount, show: ShowValue): string {
  return currencies
    .filter((c) => pick(c).opportunities > 0)
    .map((c) => `${moneyText(c.currency, pick(c).amount, show)} (${opportunities(pick(c).opportunities)})`)
    .join(', ');
}

/** Whether any open opportunity with an amount is held by an inactive or unknown owner. */
export function hasAtRisk(pipeline: Pipeline): boolean {
  return pipeline.currencies.some((c) => c.atRisk.opportunities > 0);
}

/** The sentence the reports lead with; undefined when the snapshot has no open opportunity. */
export function pipelineLead(pipeline: Pipeline, show: ShowValue = printable): string | undefined {
  if (pipeline.opportunities === 0) return undefined;
  const held = `Pipeline held by ${AT_RISK_STATES.join(' or ')} owners`;
  const open = amountList(pipeline.currencies, (c) => c.total, show);
  if (pipeline.currencies.length === 0) return `${held}: unknown (no open opportunity has an amount)`;
  return hasAtRisk(pipeline)
    ? `${held}: ${amountList(pipeline.currencies, (c) => c.atRisk, show)} · of ${open} open`
    : `${held}: none · ${open} open`;
}

/** What the sums leave out: empty and unreadable amounts. */
export function pipelineCaveats(pipeline: Pipeline, show: ShowValue = printable): string[] {
  const notes: string[] = [];
  if (pipeline.withoutAmount > 0) notes.push(`${opportunities(pipeline.withoutAmount)} without an amount`);
  const { unreadable } = pipeline;
  if (unreadable.count > 0) {
    const example = unreadable.example
      ? `, e.g. ${show(unreadable.example.id)} "${show(unreadable.example.value)}"`
      : '';
    notes.push(`${opportunities(unreadable.count)} whose amount is no number, left out${example}`);
  }
  return notes;
}

/** One currency's pipeline by owner state, states without opportunities left out: `active USD 300,000.00 (9) · …`. */
export function stateParts(currency: CurrencyPipeline, show: ShowValue = printable): string[] {
  return PIPELINE_STATES.filter((state) => currency.states[state].opportunities > 0).map(
    (state: PipelineState) =>
      `${state} ${moneyText(currency.currency, currency.states[state].amount, show)} (${formatCount(currency.states[state].opportunities)})`,
  );
}
