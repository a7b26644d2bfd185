/**
 * The audit, computed a second time and the slow, obvious way: one loop per check over plain rows.
 * Written from the product's contract only; shares no code with the tool (no import from src/).
 */
import {
  CHILD_KINDS,
  KINDS,
  MANGLED_ID,
  MEMBERSHIPS,
  readExport,
  RECORDS,
  type Export,
  type Kind,
  type Owner,
  type Row,
} from './readExport.js';
import { OwnerDirectory, type Resolution } from './owners.js';
import { firstMatch, parseRulesCsv, type Rule } from './rules.js';

export const CHECKS = [
  'unowned',
  'inactive-owner',
  'unknown-owner',
  'overloaded-owner',
  'territory-conflict',
  'no-territory',
  'account-owner-mismatch',
  'duplicate-id',
  'split-ownership',
  'stale-ownership',
  'mangled-id',
  'overdue-activity',
  'inactive-team-member',
] as const;
export type Check = (typeof CHECKS)[number];

export interface ReferenceSettings {
  rulesCsv?: string;
  staleDays?: number;
  placeholders?: string[];
  defaultCapacity?: number;
  /** The child kinds account-owner-mismatch checks (default: every child kind). */
  mismatchKinds?: Kind[];
  /** Days of grace before an open task past due is overdue (0 when undefined). */
  overdueDays?: number;
  /** The snapshot's load time. */
  loadedAt: Date;
}

export interface ReferenceAudit {
  /** Open records per kind present: the count a user is shown. */
  counts: Partial<Record<Kind, number>>;
  /** Records per kind present, open and closed (converted leads, closed opportunities and cases). */
  loaded: Partial<Record<Kind, number>>;
  /** Percent, rounded to 2 decimals; `overall` pools the kinds. */
  coverage: Record<string, number>;
  /** Per owner (of the owners files, and queues named by id): open records of each kind present whose owner value names it. */
  loads: Record<string, Partial<Record<Kind, number>>>;
  /** One row per check and kind it is reported for; `notChecked` when the kind lacks the check's column (count 0). */
  checks: { check: Check; kind: Kind; count: number; total: number; notChecked?: true }[];
}

/** How a check row is compared: its count of its total, and whether it ran. */
export const checkCell = (row: ReferenceAudit['checks'][number]) =>
  `${row.count} of ${row.total}${row.notChecked ? ', not checked' : ''}`;

/** A check whose input column the kind's file lacks: reported, but not run. */
const NOT_CHECKED = 'not checked';

const round2 = (x: number) => Math.round(x * 100) / 100;

/** numpy's default (linear) quantile of sorted values. */
export function quantile(sorted: number[], q: number): number {
  const position = (sorted.length - 1) * q;
  const below = Math.floor(position);
  const above = Math.ceil(position);
  return sorted[below]! + (sorted[above]! - sorted[below]!) * (position - below);
}

/** A last-activity value as its calendar day (`YYYY-MM-DD`), `null` when empty, `undefined` when unreadable. */
function activityDay(value: string): string | null | undefined {
  const v = value.trim();
  if (v === '') return null;
  const iso = /^(\d{4})-(\d{2})-(\d{2})/.exec(v);
  if (iso) return iso[0];
  // M/D/YYYY, the default order (the generator writes no day-first dates).
  const us = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(v);
  if (us) return `${us[3]}-${us[1]!.padStart(2, '0')}-${us[2]!.padStart(2, '0')}`;
  return undefined;
}

export function referenceAudit(folder: string, settings: ReferenceSettings): ReferenceAudit {
  return auditExport(readExport(folder), settings);
}

export function auditExport(data: Export, settings: ReferenceSettings): ReferenceAudit {
  const directory = new OwnerDirectory(data.owners, settings.placeholders ?? []);
  const rules: Rule[] | undefined = settings.rulesCsv === undefined ? undefined : parseRulesCsv(settings.rulesCsv);
  // A kind is reported when the snapshot holds at least one record of it (open or closed).
  const kinds = KINDS.filter((kind) => data.records[kind].length > 0);
  const open = (kind: Kind) => data.records[kind].filter((r) => !r.closed);
  const resolved = new Map<Row, Resolution>();
  const resolutionOf = (row: Row) => {
    if (!resolved.has(row)) resolved.set(row, directory.resolve(row.owner));
    return resolved.get(row)!;
  };
  const ownerOf = (row: Row): Owner | undefined => {
    const r = resolutionOf(row);
    return r.state === 'owner' ? r.owner : undefined;
  };
  const accounts = new Map(data.records.accounts.map((a) => [a.id, a]));
  const accountOf = (row: Row) =>
    CHILD_KINDS.includes(row.kind) && row.accountId ? accounts.get(row.accountId) : undefined;

  // Territories (with rules): the first matching rule, through the account for a child record.
  const territoryOf = (row: Row): Rule | undefined => {
    const account = accountOf(row);
    return account ? firstMatch(rules!, 'accounts', account.cells) : firstMatch(rules!, row.kind, row.cells);
  };
  const territoryOwners = new Map<string, Set<string>>();
  const queuesNamed = new Set<string>();
  if (rules) {
    for (const rule of rules) {
      const set = territoryOwners.get(rule.territory) ?? new Set<string>();
      territoryOwners.set(rule.territory, set);
      for (const name of rule.owners) {
        const found = directory.find(name);
        if (found.state === 'owner') {
          set.add(found.owner.id);
          if (found.owner.type === 'queue') queuesNamed.add(found.owner.id);
        }
      }
    }
    for (const owner of data.owners) {
      for (const territory of owner.territories) {
        for (const [name, set] of territoryOwners)
          if (name.toLowerCase() === territory.toLowerCase()) set.add(owner.id);
      }
    }
  }
  /** Queue-owned records wait to be picked up: not territory or capacity findings, unless a rule names the queue. */
  const queueWaiting = (row: Row) => {
    const owner = ownerOf(row);
    return owner?.type === 'queue' && !queuesNamed.has(owner.id);
  };

  const isRecord = (kind: Kind) => RECORDS.includes(kind);
  const isMembership = (kind: Kind) => MEMBERSHIPS.includes(kind);
  const count: Record<Check, (kind: Kind) => number | typeof NOT_CHECKED | undefined> = {
    // The owner checks: records and activities; a team member is checked by inactive-team-member.
    unowned: (kind) =>
      isMembership(kind)
        ? undefined
        : open(kind).filter((r) => ['none', 'placeholder'].includes(resolutionOf(r).state)).length,
    'inactive-owner': (kind) =>
      isMembership(kind) ? undefined : open(kind).filter((r) => ownerOf(r)?.active === false).length,
    'unknown-owner': (kind) =>
      isMembership(kind) ? undefined : open(kind).filter((r) => resolutionOf(r).state === 'unknown').length,
    'overloaded-owner': (kind) => {
      if (!isRecord(kind)) return undefined;
      const loads = new Map<string, number>();
      const capacities = new Map<string, number | undefined>();
      for (const r of open(kind)) {
        const owner = ownerOf(r);
        if (!owner || !owner.active || owner.type !== 'user') continue;
        loads.set(owner.id, (loads.get(owner.id) ?? 0) + 1);
        capacities.set(owner.id, owner.capacity[kind] ?? settings.defaultCapacity);
      }
      const sorted = [...loads.values()].sort((a, b) => a - b);
      const fence =
        sorted.length >= 4
          ? quantile(sorted, 0.75) + 1.5 * (quantile(sorted, 0.75) - quantile(sorted, 0.25))
          : undefined;
      let excess = 0;
      for (const [id, load] of loads) {
        const capacity = capacities.get(id) ?? fence;
        if (capacity !== undefined && load > capacity) excess += load - Math.floor(capacity);
      }
      return excess;
    },
    'territory-conflict': (kind) => {
      if (!rules || !isRecord(kind)) return undefined;
      return open(kind).filter((r) => {
        const owner = ownerOf(r);
        // Users and queues only: a system user (integration, automated process) is in no territory.
        if (!owner || !owner.active || owner.type === 'system' || queueWaiting(r)) return false;
        const territory = territoryOf(r);
        const owners = territory ? territoryOwners.get(territory.territory)! : new Set();
        return owners.size > 0 && !owners.has(owner.id);
      }).length;
    },
    'no-territory': (kind) =>
      rules && isRecord(kind)
        ? open(kind).filter((r) => !queueWaiting(r) && territoryOf(r) === undefined).length
        : undefined,
    'account-owner-mismatch': (kind) => {
      if (!CHILD_KINDS.includes(kind) || !(settings.mismatchKinds ?? CHILD_KINDS).includes(kind)) return undefined;
      return open(kind).filter((r) => {
        const account = accountOf(r);
        if (!account) return false;
        const mine = ownerOf(r);
        const theirs = ownerOf(account);
        return mine !== undefined && theirs !== undefined && mine.id !== theirs.id;
      }).length;
    },
    'duplicate-id': (kind) => data.duplicates[kind],
    'split-ownership': (kind) => {
      if (kind !== 'contacts' && kind !== 'leads') return undefined;
      const groups = new Map<string, Row[]>();
      for (const r of open(kind)) {
        const email = r.email.trim().toLowerCase();
        if (email) groups.set(email, [...(groups.get(email) ?? []), r]);
      }
      // The owner a value names, placeholder or not: two values naming one owner are one owner.
      const ownerKey = (r: Row) => {
        const res = directory.find(r.owner);
        if (res.state === 'none') return '';
        // Unresolved: the raw value as names are matched (case and runs of spaces aside), so
        // "Ana Lee" and " ana   lee" are one owner, as they would be were the owner known.
        return res.state === 'owner' ? res.owner.id : `raw:${r.owner.trim().replace(/\s+/g, ' ').toLowerCase()}`;
      };
      let n = 0;
      for (const group of groups.values())
        if (group.length > 1 && new Set(group.map(ownerKey)).size > 1) n += group.length;
      return n;
    },
    'stale-ownership': (kind) => {
      if (settings.staleDays === undefined || !isRecord(kind)) return undefined;
      if (!data.withLastActivity.has(kind)) return NOT_CHECKED;
      // Last activity is a day: stale when that day is before the day N days before the load.
      const limit = new Date(settings.loadedAt.getTime() - settings.staleDays * 86_400_000).toISOString().slice(0, 10);
      return open(kind).filter((r) => {
        // Owned: by an active owner that is not a placeholder (inactive owners have their own check).
        if (ownerOf(r)?.active !== true || r.lastActivity === undefined) return false;
        const day = activityDay(r.lastActivity);
        return day === null || (day !== undefined && day < limit);
      }).length;
    },
    'mangled-id': (kind) =>
      open(kind).filter((r) => [r.id, r.owner, r.accountId].some((v) => MANGLED_ID.test(v.trim()))).length,
    'overdue-activity': (kind) => {
      if (kind !== 'tasks') return undefined;
      // Due before the day N days before the snapshot was taken; a due date that is no date is no finding.
      const limit = new Date(settings.loadedAt.getTime() - (settings.overdueDays ?? 0) * 86_400_000)
        .toISOString()
        .slice(0, 10);
      return open(kind).filter((r) => {
        const day = activityDay(r.due ?? '');
        return typeof day === 'string' && day < limit;
      }).length;
    },
    'inactive-team-member': (kind) => {
      if (!isMembership(kind)) return undefined;
      return open(kind).filter((r) => {
        const state = resolutionOf(r).state;
        if (state === 'none' || state === 'placeholder' || state === 'unknown') return true;
        const owner = ownerOf(r);
        return owner !== undefined && (!owner.active || owner.type === 'system');
      }).length;
    },
  };

  const counts = Object.fromEntries(kinds.map((kind) => [kind, open(kind).length]));
  const loaded = Object.fromEntries(kinds.map((kind) => [kind, data.records[kind].length]));
  const coverage: Record<string, number> = {};
  let covered = 0;
  let total = 0;
  for (const kind of kinds) {
    const records = open(kind);
    const mine = records.filter((r) => ownerOf(r)?.active === true).length;
    // Overall coverage is of records proper; activities and team members have their own.
    if (isRecord(kind)) {
      covered += mine;
      total += records.length;
    }
    if (records.length > 0) coverage[kind] = round2((100 * mine) / records.length);
  }
  coverage.overall = total > 0 ? round2((100 * covered) / total) : 0;

  const checks: ReferenceAudit['checks'] = [];
  for (const check of CHECKS) {
    for (const kind of kinds) {
      const n = count[check](kind);
      if (n === NOT_CHECKED) checks.push({ check, kind, count: 0, total: open(kind).length, notChecked: true });
      else if (n !== undefined) checks.push({ check, kind, count: n, total: open(kind).length });
    }
  }
  const loads: ReferenceAudit['loads'] = {};
  // Queues named only by id are owners too: every kept row's owner is looked up once first.
  for (const kind of KINDS) for (const r of data.records[kind]) directory.find(r.owner);
  for (const owner of [...data.owners, ...directory.queues.values()]) {
    loads[owner.id] = Object.fromEntries(
      kinds.map((kind) => [
        kind,
        open(kind).filter((r) => {
          const found = directory.find(r.owner);
          return found.state === 'owner' && found.owner.id === owner.id;
        }).length,
      ]),
    );
  }
  return { counts, loaded, coverage, loads, checks };
}
