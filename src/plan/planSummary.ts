/** A plan folder's summary (`summary.json`), as `report --plan DIR` shows its before and after loads. */
import path from 'node:path';
import { InputError } from '../errors.js';
import type { RecordKind } from '../records/model.js';
import { readTextFile } from '../ingest/sources/textFile.js';

export interface PlanSummary {
  dir: string;
  snapshot: number;
  moves: number;
  unplaced: number;
  owners: {
    id: string;
    name: string;
    before: Partial<Record<RecordKind, number>>;
    after: Partial<Record<RecordKind, number>>;
    capacity: Partial<Record<RecordKind, number>>;
  }[];
}

/** A plan folder's summary.json. */
export function readPlanSummary(dir: string): PlanSummary {
  const file = path.join(dir, 'summary.json');
  let data: {
    schema?: unknown;
    snapshot?: unknown;
    counts?: { moves?: unknown; unplaced?: unknown };
    owners?: unknown;
  };
  const hint = 'give --plan the folder a crm-owners plan wrote (--out DIR)';
  let text: string;
  try {
    // Bounded, and only a regular file: a FIFO or /dev/zero named summary.json is refused.
    text = readTextFile(file, 'plan');
  } catch (error) {
    if (!(error instanceof InputError)) throw error;
    throw new InputError({ file }, `cannot read the plan: ${error.reason.replace(/^cannot read: /, '')}`, hint);
  }
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw new InputError({ file }, `cannot read the plan: not valid JSON (${(error as Error).message})`, hint);
  }
  if (data?.schema !== 'crm-owners/plan@1' || !Array.isArray(data.owners))
    throw new InputError({ file }, 'not a crm-owners plan summary (schema crm-owners/plan@1)');
  return {
    dir,
    snapshot: Number(data.snapshot),
    moves: Number(data.counts?.moves ?? 0),
    unplaced: Number(data.counts?.unplaced ?? 0),
    owners: data.owners as PlanSummary['owners'],
  };
}
