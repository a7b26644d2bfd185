/**
 * Who may receive a record: active, non-placeholder user owners that serve the record's territory
 * (with rules), else the pool, else every such owner — never the record's current owner.
 */
import type { AuditContext } from '../audit/context.js';
import { isAssignable } from '../audit/loads.js';
import { UsageError } from '../errors.js';
import { findOwnerArgument } from '../options/ownerArgument.js';
import type { OwnerRecord } from '../records/model.js';
import type { Ledger } from './ledger.js';
import { byId, type PlanRecord } from './records.js';

/** Owners (their numbers in the ledger) sorted by id, or the reason there are none. */
export type Eligibility = (record: PlanRecord) => readonly number[] | string;

function territoryMembers(context: AuditContext): Map<string, Set<string>> {
  const members = new Map<string, Set<string>>();
  if (!context.settings.rules) return members;
  for (const row of context.db
    .prepare<[], { territory: string; owner_id: string }>('SELECT territory, owner_id FROM temp.territory_owner')
    .all()) {
    if (!members.has(row.territory)) members.set(row.territory, new Set());
    members.get(row.territory)!.add(row.owner_id);
  }
  return members;
}

/**
 * `--pool` members: owner ids, emails or names, or territory names (the owners serving it). Owners
 * named one by one must be able to take records; a territory contributes those of its owners who can.
 */
export function resolvePool(context: AuditContext, refs: string[]): OwnerRecord[] {
  const members = territoryMembers(context);
  const pool = new Map<string, OwnerRecord>();
  for (const ref of refs) {
    const id = findOwnerArgument(context.directory, '--pool', ref).ownerId;
    if (id) {
      const owner = context.ownersById.get(id)!;
      if (!isAssignable(owner, context)) {
        const why = !owner.active
          ? 'inactive'
          : context.placeholderIds.has(id)
            ? 'a placeholder owner'
            : `a ${owner.type}, not a user`;
        throw new UsageError(`--pool: ${ref} is ${why} and cannot receive records`);
      }
      pool.set(id, owner);
      continue;
    }
    const key = ref.trim().toLowerCase();
    const territory = [...members.keys()].find((t) => t.toLowerCase() === key);
    const serving = context.owners.filter(
      (o) =>
        isAssignable(o, context) &&
        ((territory !== undefined && members.get(territory)!.has(o.id)) ||
          o.territories.some((t) => t.toLowerCase() === key)),
    );
    if (serving.length === 0)
      throw new UsageError(`--pool: "${ref}" is neither an owner nor a territory with active owners`);
    for (const owner of serving) pool.set(owner.id, owner);
  }
  return [...pool.values()].sort(byId);
}

/**
 * The lists are shared between records: one per territory, pool or the whole team, and one per such
 * list without a given current owner.
 */
export function eligibility(context: AuditContext, pool: OwnerRecord[] | undefined, ledger: Ledger): Eligibility {
  const numbers = (owners: OwnerRecord[]) => owners.map((o) => ledger.indexOf(o.id));
  const assignable = numbers(context.owners.filter((o) => isAssignable(o, context)));
  const pooled = pool && numbers(pool);
  const members = territoryMembers(context);
  const withRules = context.settings.rules !== undefined;

  const serving = new Map<string, number[]>();
  const servingOf = (territory: string) => {
    let owners = serving.get(territory);
    if (!owners) {
      const ids = members.get(territory);
      owners = ids ? assignable.filter((o) => ids.has(ledger.owners[o].id)) : [];
      serving.set(territory, owners);
    }
    return owners;
  };
  const without = new Map<readonly number[], Map<number, number[]>>();
  const notCurrent = (owners: readonly number[], current: number): readonly number[] => {
    if (!owners.includes(current)) return owners;
    if (!without.has(owners)) without.set(owners, new Map());
    const byCurrent = without.get(owners)!;
    if (!byCurrent.has(current))
      byCurrent.set(
        current,
        owners.filter((o) => o !== current),
      );
    return byCurrent.get(current)!;
  };

  return (record) => {
    let owners: readonly number[] | undefined;
    if (withRules && record.territory !== null) {
      const active = servingOf(record.territory);
      if (active.length > 0) owners = active;
    }
    if (!owners) {
      if (pooled) owners = pooled;
      else if (withRules) return record.territory === null ? 'no territory' : 'no eligible owner';
      else owners = assignable;
    }
    const eligible = notCurrent(owners, ledger.indexOf(record.ownerId));
    return eligible.length > 0 ? eligible : 'no eligible owner';
  };
}
