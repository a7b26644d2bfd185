/**
 * The open pipeline, computed a second time and naively: one loop over the open opportunities,
 * each amount turned into a whole number of ten-thousandths with string operations and added as a
 * BigInt. Written from the contract only; shares no code with the tool (no import from src/).
 */
import { OwnerDirectory } from './owners.js';
import { readExport, type Export, type Row } from './readExport.js';

export const STATES = ['active', 'inactive', 'unknown', 'unowned', 'queue', 'system'] as const;
export type State = (typeof STATES)[number];

/** Per currency ('' when none), per state: opportunities and their amount in ten-thousandths. */
export interface ReferencePipeline {
  opportunities: number;
  currencies: Record<string, Record<State | 'atRisk' | 'total', { opportunities: number; amount: bigint }>>;
  withoutAmount: number;
  unreadable: number;
}

/** The amount in ten-thousandths; null for an empty cell, undefined for no number. */
export function tenThousandths(cell: string): bigint | null | undefined {
  const text = cell.trim().replace(/,/g, '');
  if (text === '') return null;
  const plain = /^(-?)(\d+)(?:\.(\d{1,4}))?$/.exec(text);
  if (plain) {
    const value = BigInt(plain[2]!) * 10000n + BigInt((plain[3] ?? '').padEnd(4, '0'));
    return plain[1] ? -value : value;
  }
  // Excel's 1.5E+3: move the point right.
  const exponent = /^(\d+)(?:\.(\d+))?E\+(\d+)$/i.exec(text);
  if (exponent) {
    const digits = exponent[1]! + (exponent[2] ?? '');
    const point = exponent[1]!.length + Number(exponent[3]);
    return (
      BigInt(digits.padEnd(point, '0').slice(0, point) || '0') * 10000n +
      BigInt((digits.slice(point) || '').padEnd(4, '0').slice(0, 4))
    );
  }
  return undefined;
}

function currencyOf(row: Row): string {
  const text = (row.cells.get('currencyisocode') ?? '').trim();
  return /^[a-z]{3}$/i.test(text) ? text.toUpperCase() : text;
}

export function referencePipeline(folder: string, placeholders: string[]): ReferencePipeline {
  return pipelineOfExport(readExport(folder), placeholders);
}

export function pipelineOfExport(data: Export, placeholders: string[]): ReferencePipeline {
  const directory = new OwnerDirectory(data.owners, placeholders);
  const stateOf = (row: Row): State => {
    const found = directory.resolve(row.owner);
    if (found.state === 'none' || found.state === 'placeholder') return 'unowned';
    if (found.state === 'unknown') return 'unknown';
    if (!found.owner.active) return 'inactive';
    if (found.owner.type === 'queue') return 'queue';
    if (found.owner.type === 'system') return 'system';
    return 'active';
  };
  const result: ReferencePipeline = { opportunities: 0, currencies: {}, withoutAmount: 0, unreadable: 0 };
  for (const row of data.records.opportunities) {
    if (row.closed) continue;
    result.opportunities++;
    const amount = tenThousandths(row.cells.get('amount') ?? '');
    if (amount === null) {
      result.withoutAmount++;
      continue;
    }
    if (amount === undefined) {
      result.unreadable++;
      continue;
    }
    const currency = currencyOf(row);
    const cells = (result.currencies[currency] ??= Object.fromEntries(
      [...STATES, 'atRisk', 'total'].map((key) => [key, { opportunities: 0, amount: 0n }]),
    ) as ReferencePipeline['currencies'][string]);
    const state = stateOf(row);
    for (const key of [state, 'total', ...(state === 'inactive' || state === 'unknown' ? ['atRisk'] : [])] as const) {
      cells[key].opportunities++;
      cells[key].amount += amount;
    }
  }
  return result;
}
