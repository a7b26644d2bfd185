/**
 * The open pipeline a plan hands over: per new owner, the amounts of the open opportunities it
 * receives, per currency (added exactly, see money.ts). Closed opportunities moved with
 * `--include-closed` are history, not pipeline.
 */
import { AmountTally, amountOf, PIPELINE_KIND, scaleOf, type Pipeline } from '../audit/pipeline.js';
import type { AuditContext } from '../audit/context.js';
import type { Move } from './buildPlan.js';

const byCodePoint = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

export interface OwnerPipeline {
  id: string;
  name: string;
  /** Largest first; currency null where the export names none. */
  currencies: { currency: string | null; opportunities: number; amount: string }[];
}

export interface PlanPipeline {
  /** New owners receiving open opportunities, by name then id. */
  owners: OwnerPipeline[];
  withoutAmount: number;
  unreadable: Pipeline['unreadable'];
}

export function planPipeline(context: AuditContext, moves: Move[]): PlanPipeline {
  const moved = moves.filter((m) => m.record.kind === PIPELINE_KIND && !m.record.closed);
  const tally = new AmountTally<string>();
  if (moved.length > 0) {
    const to = new Map(moved.map((m) => [m.record.key, m.to.id]));
    // By key, the records' primary key: one look-up each, whatever the snapshot's size.
    const rows = context.db
      .prepare<[string], { key: number; id: string; amount: unknown; currency: unknown }>(
        `SELECT r.key, r.id, json_extract(r.details, '$.amount') AS amount, json_extract(r.details, '$.currency') AS currency
           FROM records r WHERE r.key IN (SELECT value FROM json_each(?)) ORDER BY r.id`,
      )
      .all(JSON.stringify([...to.keys()]));
    for (const row of rows) tally.add(to.get(row.key)!, row.amount, row.currency, 1, row.id);
  }
  const byOwner = new Map<string, OwnerPipeline['currencies']>();
  for (const { currency, byKey } of tally.currencies()) {
    const scale = scaleOf(byKey.values());
    for (const [owner, group] of byKey) {
      const list = byOwner.get(owner) ?? [];
      list.push({ currency, ...amountOf(group, scale) });
      byOwner.set(owner, list);
    }
  }
  const owners = [...byOwner].map(([id, currencies]) => ({
    id,
    name: context.ownersById.get(id)?.name ?? '',
    currencies,
  }));
  owners.sort((a, b) => byCodePoint(a.name, b.name) || byCodePoint(a.id, b.id));
  return { owners, withoutAmount: tally.withoutAmount, unreadable: tally.unreadable };
}
