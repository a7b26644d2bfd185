/**
 * `plan` and `transfer`: from a snapshot and options to a built plan with before/after loads. The
 * two differ only in what they move (flagged records, or one owner's book) and who may receive it.
 */
import { buildContext, type AuditContext, type AuditSettings } from '../audit/context.js';
import type { CheckId } from '../audit/checkIds.js';
import { capacityOf, isAssignable, loadsOf, recordsAllowed } from '../audit/loads.js';
import { UsageError } from '../errors.js';
import { findOwnerArgument, ownerLabel } from '../options/ownerArgument.js';
import type { OwnerRecord, RecordKind } from '../records/model.js';
import { DEFAULT_FOLLOW_KINDS, followableKinds, LEGACY_FOLLOW_KIND, PARENT_KIND } from '../kinds/registry.js';
import type { Db } from '../store/database.js';
import { getSnapshot } from '../store/snapshots.js';
import { buildPlan, type BuiltPlan } from './buildPlan.js';
import { flaggedRecords, keepTest } from './candidates.js';
import { crmOfPresets, type CrmName } from './crmFormat.js';
import { eligibility, resolvePool } from './eligibility.js';
import { Ledger } from './ledger.js';
import { planPipeline, type PlanPipeline } from './planPipeline.js';
import { newHire, unknownTargetHint } from './newHire.js';
import { recordLookups, type PlanRecord } from './records.js';
import { teamChanges, teamPlan, type TeamPlan } from './teamFiles.js';
import { createStrategy, type StrategyName } from './strategies/index.js';

export interface CommonPlanOptions extends AuditSettings {
  snapshot?: number;
  strategy: StrategyName;
  /** Child kinds that move with their account (`--follow-accounts`); default: DEFAULT_FOLLOW_KINDS when the snapshot has accounts. */
  followAccounts?: RecordKind[];
  pool?: string[];
  excludedIds: Set<string>;
  lockColumn?: string;
  maxMoves?: number;
  crm?: CrmName;
  /** Told as each phase starts, in words (the progress line). */
  phase?: (text: string) => void;
}

export interface PlanOptions extends CommonPlanOptions {
  fix: CheckId[];
}

export interface TransferOptions extends CommonPlanOptions {
  from: string;
  to?: string;
  /** A `--to` owner not in the users export (a new hire): their name and email, as the CRM has them. */
  toName?: string;
  toEmail?: string;
  kinds?: RecordKind[];
}

export interface OwnerChange {
  owner: OwnerRecord;
  before: Partial<Record<RecordKind, number>>;
  after: Partial<Record<RecordKind, number>>;
  capacity: Partial<Record<RecordKind, number>>;
}

/** What a plan decided, as data: what its reporters and its summary read. */
export interface PlanOutcome {
  command: 'plan' | 'transfer';
  /** The snapshot planned on. */
  snapshot: number;
  /** Kinds with at least one record in it, in report order. */
  kinds: RecordKind[];
  crm: CrmName;
  options: Record<string, unknown>;
  plan: BuiltPlan;
  /** Owners whose load changes, with loads before and after. */
  owners: OwnerChange[];
  /** The open opportunities' amounts each new owner receives. */
  pipeline: PlanPipeline;
  /** Team memberships replaced, per membership kind: the files the CRM's importer takes, or a note. */
  teams: TeamPlan[];
  /** `transfer`: the records left because they name the owner only by a name other owners share. */
  sharedName?: SharedName;
  /** Owners the plan gives records to who are not in the snapshot's users export (`--to` a new hire). */
  notInUsersExport?: OwnerRecord[];
}

export interface PlanResult extends PlanOutcome {
  /** The working state the plan was built with, which writing its files queries (ids as exported, owner names): not for reporters. */
  context: AuditContext;
}

export interface SharedName {
  name: string;
  /** How many owners have that name. */
  owners: number;
  /** Records naming it, left unplaced, by kind. */
  records: Partial<Record<RecordKind, number>>;
}

function snapshotCrm(db: Db, snapshot: number): CrmName {
  const presets = db
    .prepare<[number], { preset: string }>('SELECT DISTINCT preset FROM snapshot_files WHERE snapshot_id = ?')
    .all(snapshot);
  return crmOfPresets(presets.map((p) => p.preset));
}

/** The team changes of the plan's moves, kind by kind. */
function teamPlans(context: AuditContext, crm: CrmName, plan: BuiltPlan): TeamPlan[] {
  const changes = teamChanges(context, plan.moves);
  const kinds = [...new Set(changes.map((c) => c.kind))];
  return kinds.map((kind) =>
    teamPlan(
      crm,
      kind,
      changes.filter((c) => c.kind === kind),
    ),
  );
}

/** The ledger of the snapshot's owners, and of `extra` owners who are not in it (a new hire, with nothing yet). */
function ledgerOf(context: AuditContext, extra: OwnerRecord[] = []): Ledger {
  const initial = new Map(context.kinds.map((kind) => [kind, loadsOf(context, kind).loads] as const));
  return new Ledger(extra.length > 0 ? [...context.owners, ...extra] : context.owners, initial, (owner, kind) =>
    capacityOf(owner, kind, context, loadsOf(context, kind).fence),
  );
}

function ownerChanges(context: AuditContext, ledger: Ledger, plan: BuiltPlan): OwnerChange[] {
  const touched = new Set<string>();
  for (const move of plan.moves) {
    touched.add(move.to.id);
    if (move.record.ownerId) touched.add(move.record.ownerId);
  }
  return ledger.owners
    .filter((o) => touched.has(o.id))
    .map((owner) => {
      const before: OwnerChange['before'] = {};
      const after: OwnerChange['after'] = {};
      const capacity: OwnerChange['capacity'] = {};
      const i = ledger.indexOf(owner.id);
      for (const kind of context.kinds) {
        before[kind] = loadsOf(context, kind).loads.get(owner.id) ?? 0;
        after[kind] = ledger.of(kind).load(i);
        const cap = ledger.of(kind).capacity(i);
        // Capacity means something only for owners who can receive records.
        if (cap !== undefined && isAssignable(owner, context)) capacity[kind] = recordsAllowed(cap);
      }
      return { owner, before, after, capacity };
    });
}

/**
 * Plans read records by scanning rowid ranges, so they need no index on the records: building one
 * on a large snapshot would take longer than the plan itself. The
 * lookups come first, as they may start a worker (see splitScan.ts); `close` them when done.
 */
function setUp(db: Db, options: CommonPlanOptions) {
  const snapshot = getSnapshot(db, options.snapshot);
  const context = buildContext(db, snapshot, options);
  const lookups = recordLookups(context, Boolean(options.lockColumn));
  try {
    const pool = options.pool && options.pool.length > 0 ? resolvePool(context, options.pool) : undefined;
    const ledger = ledgerOf(context);
    return {
      context,
      ledger,
      eligible: eligibility(context, pool, ledger),
      pool,
      lookups,
      crm: options.crm ?? snapshotCrm(db, snapshot.id),
      keep: keepTest(context, options.excludedIds, options.lockColumn),
      followKinds: (options.followAccounts ?? (snapshot.counts[PARENT_KIND] > 0 ? DEFAULT_FOLLOW_KINDS : [])).filter(
        (kind) => followableKinds().includes(kind),
      ),
    };
  } catch (error) {
    lookups.close();
    throw error;
  }
}

function commonOptions(options: CommonPlanOptions, crm: CrmName, followKinds: RecordKind[]) {
  return {
    strategy: options.strategy,
    // Kept beside followAccounts for readers of plan@1 summaries written before it.
    contactsFollowAccounts: followKinds.includes(LEGACY_FOLLOW_KIND),
    followAccounts: followKinds,
    includeClosed: Boolean(options.includeClosed),
    pool: options.pool ?? null,
    rules: options.rules?.path ?? null,
    placeholderOwners: options.placeholderOwners,
    excluded: options.excludedIds.size > 0,
    lockColumn: options.lockColumn ?? null,
    maxMoves: options.maxMoves ?? null,
    crm,
  };
}

export function runPlan(db: Db, options: PlanOptions): PlanResult {
  const { context, eligible, lookups, ledger, crm, keep, followKinds } = setUp(db, options);
  let plan;
  try {
    options.phase?.('Finding the flagged records…');
    const flagged = flaggedRecords(context, options.fix, lookups, followKinds);
    options.phase?.(`Placing ${flagged.records.length.toLocaleString('en-US')} records…`);
    plan = buildPlan({
      candidates: flagged.records,
      childrenOf: flagged.childrenOf,
      eligible,
      strategy: createStrategy(options.strategy),
      ledger,
      keep,
      followKinds,
      maxMoves: options.maxMoves,
      followersOf: lookups.childrenOfParents,
    });
  } finally {
    lookups.close();
  }
  return {
    command: 'plan',
    snapshot: context.snapshot.id,
    kinds: [...context.kinds],
    context,
    crm,
    options: { fix: options.fix, ...commonOptions(options, crm, followKinds) },
    plan,
    owners: ownerChanges(context, ledger, plan),
    pipeline: planPipeline(context, plan.moves),
    teams: teamPlans(context, crm, plan),
  };
}

export function runTransfer(db: Db, options: TransferOptions): PlanResult {
  const setup = setUp(db, options);
  try {
    return transfer(options, setup);
  } finally {
    setup.lookups.close();
  }
}

/** The owner's name when other owners have it too (records naming it cannot be told apart). */
function sharedNameOf(context: AuditContext, ownerId: string): SharedName | undefined {
  const name = context.ownersById.get(ownerId)?.name ?? '';
  const owners = name === '' ? 0 : context.directory.matches(name).length;
  return owners > 1 ? { name, owners, records: {} } : undefined;
}

function transfer(
  options: TransferOptions,
  { context, pool, eligible, lookups, ledger: snapshotLedger, crm, keep, followKinds }: ReturnType<typeof setUp>,
): PlanResult {
  let ledger = snapshotLedger;
  // A leaver may be missing from the users export: then their records are found by the raw value.
  const found = findOwnerArgument(context.directory, '--from', options.from);
  const from = found.ownerId;

  let target: OwnerRecord | undefined;
  let hire: OwnerRecord | undefined;
  if (options.to !== undefined) {
    const { ownerId: id } = findOwnerArgument(context.directory, '--to', options.to);
    target = id === undefined ? undefined : context.ownersById.get(id);
    const hireFlags = options.toName !== undefined || options.toEmail !== undefined;
    if (target && hireFlags) {
      throw new UsageError(
        `--to-name and --to-email are for an owner not in the users export, and ${ownerLabel(target)} is in it`,
        `drop them: --to ${target.id} is enough`,
      );
    }
    if (!target && hireFlags) {
      const known = (ref: string) => {
        const found = context.directory.find(ref);
        return found.ownerId ? [context.ownersById.get(found.ownerId)!] : context.directory.matches(ref);
      };
      target = hire = newHire(
        { to: options.to, toName: options.toName, toEmail: options.toEmail },
        crm,
        known,
        context.snapshot.id,
      );
      ledger = ledgerOf(context, [hire]);
    }
    if (!target)
      throw new UsageError(
        `--to: no owner "${options.to}" in snapshot ${context.snapshot.id}`,
        unknownTargetHint(options.to),
      );
    if (!target.active)
      throw new UsageError(
        `--to: ${target.name || target.id} is inactive and cannot receive records (Salesforce rejects them)`,
      );
    if (context.placeholderIds.has(target.id)) {
      throw new UsageError(
        `--to: ${target.name || target.id} is a placeholder owner (it means "nobody"): records given to it would count as unowned`,
        'name a user, or drop it from --placeholder / placeholderOwners',
      );
    }
    if (target.type !== 'user')
      throw new UsageError(`--to: ${target.name || target.id} is a ${target.type}, not a user who can own records`);
    if (target.id === from) throw new UsageError('--to names the same owner as --from');
  } else if (!pool && !options.rules) {
    throw new UsageError('transfer needs a target: --to OWNER, --pool OWNERS or --rules FILE');
  }

  // Team seats too: a seat is replaced on the team (insert and delete files, see teamFiles.ts), not by an owner import.
  const kinds = options.kinds ?? context.kinds;
  const candidates: PlanRecord[] = kinds.flatMap((kind) =>
    from ? lookups.ownedBy(kind, from, 'transfer') : lookups.ownedByValue(kind, options.from, 'transfer'),
  );
  if (candidates.length === 0 && !from)
    throw new UsageError(
      `--from: no owner and no record owned by "${options.from}" in snapshot ${context.snapshot.id}`,
      'crm-owners owners lists the owners',
    );
  const onlyTarget = target && [ledger.indexOf(target.id)];
  // `--kinds accounts` moves accounts only: their children follow only when their kind is moved too.
  const follow = followKinds.filter((kind) => kinds.includes(kind));
  const plan = buildPlan({
    candidates,
    eligible: onlyTarget ? () => onlyTarget : eligible,
    strategy: createStrategy(options.strategy),
    ledger,
    childrenOf:
      follow.length > 0
        ? lookups.childrenOf(
            candidates.filter((r) => r.kind === PARENT_KIND),
            follow,
          )
        : new Map(),
    keep,
    followKinds: follow,
    maxMoves: options.maxMoves,
    ignoreCapacity: target !== undefined,
    followersOf: lookups.childrenOfParents,
  });
  // Records naming the leaver only by a name other owners share may be theirs or another's: they
  // stay, listed as unplaced with the reason, for the user to settle in the CRM.
  const shared = from ? sharedNameOf(context, from) : undefined;
  if (shared) {
    const reason = `owner "${shared.name}" matches ${shared.owners} owners`;
    for (const kind of kinds) {
      const left = lookups.ownedByValue(kind, shared.name, reason);
      if (left.length > 0) shared.records[kind] = left.length;
      for (const record of left) plan.unplaced.push({ record, reason });
    }
  }
  return {
    command: 'transfer',
    snapshot: context.snapshot.id,
    kinds: [...context.kinds],
    context,
    crm,
    options: { from: from ?? options.from, to: target?.id ?? null, kinds, ...commonOptions(options, crm, follow) },
    plan,
    owners: ownerChanges(context, ledger, plan),
    pipeline: planPipeline(context, plan.moves),
    teams: teamPlans(context, crm, plan),
    ...(shared && Object.keys(shared.records).length > 0 ? { sharedName: shared } : {}),
    ...(hire ? { notInUsersExport: [hire] } : {}),
  };
}
