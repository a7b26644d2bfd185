/**
 * The open pipeline: open opportunities' amounts, added exactly (see money.ts), by the state of
 * their owner and by currency when the export has a currency column. The revenue held by owners who
 * are gone (inactive) or whom no user matches (unknown) is what leadership reads first.
 */
import { addDecimal, currencyKey, formatDecimal, parseAmount, timesDecimal, ZERO, type Decimal } from '../money.js';
import { PIPELINE_KIND } from '../kinds/registry.js';
import type { AuditContext } from './context.js';

export { PIPELINE_KIND };

/** Owner states, in report order: `system` is an integration or automated-process user. */
export const PIPELINE_STATES = ['active', 'inactive', 'unknown', 'unowned', 'queue', 'system'] as const;
export type PipelineState = (typeof PIPELINE_STATES)[number];

/** The states whose revenue is at risk: held by nobody who will work it. */
export const AT_RISK_STATES: readonly PipelineState[] = ['inactive', 'unknown'];

/** Open opportunities and their amount, as an exact decimal string. */
export interface Amount {
  opportunities: number;
  amount: string;
}

export interface CurrencyPipeline {
  /** The currency column's value (ISO codes in capitals); null without one, or where the cell is empty. */
  currency: string | null;
  states: Record<PipelineState, Amount>;
  /** Inactive and unknown owners together. */
  atRisk: Amount;
  total: Amount;
}

export interface Pipeline {
  /** Open opportunities in all, with or without an amount. */
  opportunities: number;
  /** Currencies in order of amount, largest first (then by code). */
  currencies: CurrencyPipeline[];
  /** Open opportunities with an empty amount (counted in no currency). */
  withoutAmount: number;
  /** Open opportunities whose amount cell is no number: left out of the sums. */
  unreadable: { count: number; example?: { id: string; value: string } };
}

/** Adds amounts grouped by a key and currency: one group per (key, currency). */
export class AmountTally<Key extends string> {
  private readonly groups = new Map<string, Map<string, { opportunities: number; sum: Decimal }>>();
  withoutAmount = 0;
  unreadable: Pipeline['unreadable'] = { count: 0 };

  /** `count` records of this key with this amount cell and currency cell. */
  add(key: Key, amountText: unknown, currencyText: unknown, count = 1, id = ''): void {
    const amount = parseAmount(
      typeof amountText === 'string' ? amountText : amountText == null ? '' : String(amountText),
    );
    if (amount === null) {
      this.withoutAmount += count;
      return;
    }
    if (amount === undefined) {
      this.unreadable.count += count;
      this.unreadable.example ??= { id, value: String(amountText) };
      return;
    }
    const currency = currencyKey(currencyText);
    let ofCurrency = this.groups.get(currency);
    if (!ofCurrency) this.groups.set(currency, (ofCurrency = new Map()));
    const group = ofCurrency.get(key) ?? { opportunities: 0, sum: ZERO };
    ofCurrency.set(key, {
      opportunities: group.opportunities + count,
      sum: addDecimal(group.sum, timesDecimal(amount, count)),
    });
  }

  /** Currencies, each with its keys' amounts; largest total first. */
  currencies(): {
    currency: string | null;
    byKey: Map<Key, { opportunities: number; sum: Decimal }>;
    total: { opportunities: number; sum: Decimal };
  }[] {
    const list = [...this.groups].map(([currency, byKey]) => {
      let total = { opportunities: 0, sum: ZERO };
      for (const group of byKey.values())
        total = { opportunities: total.opportunities + group.opportunities, sum: addDecimal(total.sum, group.sum) };
      return {
        currency: currency === '' ? null : currency,
        byKey: byKey as Map<Key, { opportunities: number; sum: Decimal }>,
        total,
      };
    });
    return list.sort(
      (a, b) => compareDecimal(b.total.sum, a.total.sum) || ((a.currency ?? '') < (b.currency ?? '') ? -1 : 1),
    );
  }
}

export function compareDecimal(a: Decimal, b: Decimal): number {
  const difference = addDecimal(a, { units: -b.units, scale: b.scale }).units;
  return difference > 0n ? 1 : difference < 0n ? -1 : 0;
}

/** A group's count and amount; `scale`: the decimals of the amounts it is shown with (one currency's). */
export function amountOf(group: { opportunities: number; sum: Decimal } | undefined, scale = 0): Amount {
  return { opportunities: group?.opportunities ?? 0, amount: formatDecimal(group?.sum ?? ZERO, false, scale) };
}

/** The most decimals among a currency's sums. */
export function scaleOf(groups: Iterable<{ sum: Decimal }>): number {
  let scale = 0;
  for (const group of groups) scale = Math.max(scale, group.sum.scale);
  return scale;
}

/** The state of a record's owner, as SQL over `records r`: the audit's own owner conditions, so the sums agree with its checks. */
export function pipelineStateSql(context: AuditContext): string {
  const { sql } = context;
  return `CASE WHEN ${sql.unowned} THEN 'unowned' WHEN ${sql.inactive} THEN 'inactive' WHEN ${sql.unknown} THEN 'unknown'
    WHEN ${sql.covered} AND r.owner_type = 'queue' THEN 'queue' WHEN ${sql.covered} AND r.owner_type = 'system' THEN 'system'
    WHEN ${sql.covered} THEN 'active' ELSE 'unknown' END`;
}

/** The snapshot's open pipeline. Records sharing a state, currency and amount are read as one group. */
export function pipelineOf(context: AuditContext): Pipeline {
  const tally = new AmountTally<PipelineState>();
  let opportunities = 0;
  if (context.rangeOf(PIPELINE_KIND)) {
    const rows = context.db
      .prepare<[], { state: PipelineState; amount: unknown; currency: unknown; n: number; id: string }>(
        `SELECT ${pipelineStateSql(context)} AS state, json_extract(r.details, '$.amount') AS amount, json_extract(r.details, '$.currency') AS currency, count(*) AS n, min(r.id) AS id
           FROM records r WHERE ${context.allOfKind(PIPELINE_KIND)} AND r.closed = 0 GROUP BY 1, 2, 3 ORDER BY 1, 2, 3`,
      )
      .all();
    for (const row of rows) {
      opportunities += row.n;
      tally.add(row.state, row.amount, row.currency, row.n, row.id);
    }
  }
  const currencies = tally.currencies().map(({ currency, byKey, total }): CurrencyPipeline => {
    const scale = scaleOf(byKey.values());
    const states = Object.fromEntries(
      PIPELINE_STATES.map((state) => [state, amountOf(byKey.get(state), scale)]),
    ) as Record<PipelineState, Amount>;
    let atRisk = { opportunities: 0, sum: ZERO };
    for (const state of AT_RISK_STATES) {
      const group = byKey.get(state);
      if (group)
        atRisk = { opportunities: atRisk.opportunities + group.opportunities, sum: addDecimal(atRisk.sum, group.sum) };
    }
    return { currency, states, atRisk: amountOf(atRisk, scale), total: amountOf(total, scale) };
  });
  return { opportunities, currencies, withoutAmount: tally.withoutAmount, unreadable: tally.unreadable };
}
