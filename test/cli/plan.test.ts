/**
 * `crm-owners plan` end to end: the built binary on the Salesforce Data Loader fixtures
 * (fixtures/README.md §1, column A: --rules fixtures/rules/territories.csv and the placeholder config),
 * including the whole round trip: plan, apply the import files to copies of the exports, load them as
 * a new snapshot, audit again, verify.
 */
import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import Database from 'better-sqlite3';
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { fixture, tempDir } from '../helpers/cli.js';
import { runInProcess, runJsonInProcess } from '../helpers/inProcess.js';

const DATALOADER = fixture('salesforce/dataloader');
const CONFIG = fixture('salesforce/crm-owners.config.json');
const RULES = fixture('rules/territories.csv');

type Kind = 'accounts' | 'contacts' | 'leads';
const FILE_OF: Record<Kind, string> = { accounts: 'Account.csv', contacts: 'Contact.csv', leads: 'Lead.csv' };

/** Owner ids of the Lumen Ridge org (fixtures/README.md §1 "Users"). */
const USERS = {
  dana: '0058c00000l57zPAAQ',
  mei: '0058c000003i23fAAA',
  omar: '0058c00000EHL89AAH',
  priya: '0058c00000SzZrrAAF',
  luis: '0058c00000rV58wAAC',
  alexEast: '0058c00000d0M1VAAU',
  alexCentral: '0058c00000O6V0xAAF',
  sam: '0058c00000BhoutAAB',
  grace: '0058c000006eLwsAAE',
  integration: '0058c00000FBJKnAAP',
  automated: '0058c000001AmFQAA0',
};

/** Active territory owners under the rules (fixtures/README.md §1, territory owners without the inactive ones). */
const TERRITORY_OWNERS: Record<string, string[]> = {
  Enterprise: [USERS.priya],
  West: [USERS.dana, USERS.mei],
  East: [USERS.omar, USERS.alexEast],
  Central: [USERS.omar, USERS.priya, USERS.alexCentral],
  Canada: [USERS.luis],
  International: [USERS.luis],
};

/** Column A's flagged records for the default --fix checks, with their territory (README §1 tables). */
const FLAGGED: Record<string, { kind: Kind; territory: string | null; reason: string }> = {
  '0018c00000MUxtRAAT': { kind: 'accounts', territory: 'Enterprise', reason: 'unowned' }, // A16
  '0018c00000MCmmYAAT': { kind: 'accounts', territory: 'Central', reason: 'unowned' }, // A18
  '0018c00000Xqxh5AAB': { kind: 'accounts', territory: 'International', reason: 'unowned' }, // A22
  '0018c00000fL37BAAS': { kind: 'accounts', territory: 'East', reason: 'inactive-owner' }, // A13
  '0018c00000f7WXrAAM': { kind: 'accounts', territory: 'Canada', reason: 'inactive-owner' }, // A20
  '0018c00000eewUiAAI': { kind: 'accounts', territory: null, reason: 'unknown-owner' }, // A23
  '0018c00000uyjs0AAA': { kind: 'accounts', territory: 'Enterprise', reason: 'territory-conflict' }, // A06
  '0018c00000BDoX2AAL': { kind: 'accounts', territory: 'Central', reason: 'territory-conflict' }, // A10
  '0018c00000UzajBAAR': { kind: 'accounts', territory: 'Enterprise', reason: 'territory-conflict' }, // A26
  '0038c00000vXc6tAAC': { kind: 'contacts', territory: 'Enterprise', reason: 'unowned' }, // C24
  '0038c000004fttIAAQ': { kind: 'contacts', territory: 'Central', reason: 'unowned' }, // C27
  '0038c00000jw1DxAAI': { kind: 'contacts', territory: null, reason: 'unowned' }, // C35
  '0038c00000UHxsPAAT': { kind: 'contacts', territory: 'East', reason: 'inactive-owner' }, // C19
  '0038c00000GaHdQAAV': { kind: 'contacts', territory: 'Canada', reason: 'inactive-owner' }, // C30
  '0038c00000oWtlQAAS': { kind: 'contacts', territory: null, reason: 'unknown-owner' }, // C33
  '0038c000002P20XAAS': { kind: 'contacts', territory: 'Enterprise', reason: 'territory-conflict' }, // C08
  '0038c00000H7Y7zAAF': { kind: 'contacts', territory: 'Central', reason: 'territory-conflict' }, // C13
  '0038c00000rONB2AAO': { kind: 'contacts', territory: 'East', reason: 'territory-conflict' }, // C18
  '0038c00000voLKVAA2': { kind: 'contacts', territory: 'Enterprise', reason: 'territory-conflict' }, // C36
  '0038c00000iQsLKAA0': { kind: 'contacts', territory: 'Enterprise', reason: 'territory-conflict' }, // C37
  '00Q8c00000XeaLzEAJ': { kind: 'leads', territory: null, reason: 'inactive-owner' }, // L07
};
/** Flagged records without a territory: unplaced, "no territory" (no --pool). */
const UNPLACED = ['0018c00000eewUiAAI', '0038c00000jw1DxAAI', '0038c00000oWtlQAAS', '00Q8c00000XeaLzEAJ'];

const readCsv = (file: string): Record<string, string>[] => parse(readFileSync(file), { bom: true, columns: true });
const readRaw = (file: string): string[][] => parse(readFileSync(file), { bom: true });

describe('plan on the Salesforce Data Loader exports', () => {
  const dir = tempDir('crm-owners-plan-cli-');
  const db = path.join(dir, 'crm-owners.db');
  const out = path.join(dir, 'plan');
  let summary: any;

  beforeAll(async () => {
    expect((await runInProcess(['load', DATALOADER, '--db', db, '--label', 'before', '-q'])).code).toBe(0);
    const result = await runJsonInProcess([
      'plan',
      '--db',
      db,
      '--rules',
      RULES,
      '--config',
      CONFIG,
      '--out',
      out,
      '--json',
    ]);
    expect(result.code, result.stderr).toBe(0);
    summary = result.json;
  });

  it('exits 0 and writes every file: plan.csv, unplaced.csv, summary.json, import- and rollback- per kind moved', () => {
    // Leads: L07 is the only flagged lead and has no territory, so no lead moves.
    expect(readdirSync(out).sort()).toEqual([
      'import-accounts.csv',
      'import-contacts.csv',
      'plan.csv',
      'rollback-accounts.csv',
      'rollback-contacts.csv',
      'summary.json',
      'unplaced.csv',
    ]);
    expect(JSON.parse(readFileSync(path.join(out, 'summary.json'), 'utf8'))).toEqual(summary);
  });

  it('--json prints the summary: 17 moves, 4 unplaced (no territory), by kind and reason', () => {
    // 21 flagged records (README column A, default --fix checks): the 17 with a territory move, the
    // 4 without (A23, C33, C35, L07) are unplaced. Every follower of a moving account is itself flagged.
    // The queue's account A24 stays in its queue: no rule names the queue.
    expect(summary.schema).toBe('crm-owners/plan@1');
    expect(summary.command).toBe('plan');
    expect(summary.snapshot).toBe(1);
    expect(summary.crm).toBe('salesforce');
    expect(summary.options).toMatchObject({
      fix: ['unowned', 'inactive-owner', 'unknown-owner', 'territory-conflict'],
      strategy: 'least-loaded',
      contactsFollowAccounts: true,
      placeholderOwners: ['Integration User'],
    });
    expect(summary.counts).toEqual({
      moves: 17,
      unplaced: 4,
      excluded: 0,
      movesByKind: { accounts: 8, contacts: 9 },
      movesByReason: { 'territory-conflict': 8, unowned: 5, 'inactive-owner': 4 },
      unplacedByKind: { accounts: 1, contacts: 2, leads: 1 },
      unplacedByReason: { 'no territory': 4 },
      excludedByKind: {},
      excludedByReason: {},
    });
  });

  it('plan.csv moves every flagged record with a territory to an active owner of that territory, within capacity', () => {
    const rows = readCsv(path.join(out, 'plan.csv'));
    expect(rows).toHaveLength(17);
    const expectedMoved = Object.keys(FLAGGED).filter((id) => !UNPLACED.includes(id));
    expect(rows.map((r) => r.record_id).sort()).toEqual(expectedMoved.sort());
    for (const row of rows) {
      const flagged = FLAGGED[row.record_id];
      expect(row.kind).toBe(flagged.kind);
      expect(row.reason, row.record_id).toBe(flagged.reason);
      expect(row.territory, row.record_id).toBe(flagged.territory);
      expect(TERRITORY_OWNERS[row.territory], `${row.record_id} → ${row.new_owner_name}`).toContain(row.new_owner_id);
      expect(row.new_owner_id).not.toBe(row.current_owner_id);
    }
    // Single-owner territories leave no choice.
    const to = Object.fromEntries(rows.map((r) => [r.record_id, r.new_owner_id]));
    expect(to['0018c00000f7WXrAAM']).toBe(USERS.luis); // A20 Canada
    expect(to['0038c00000GaHdQAAV']).toBe(USERS.luis); // C30 Canada, follows A20
    expect(to['0018c00000Xqxh5AAB']).toBe(USERS.luis); // A22 International
    for (const id of [
      '0018c00000MUxtRAAT',
      '0018c00000uyjs0AAA',
      '0018c00000UzajBAAR',
      '0038c00000vXc6tAAC',
      '0038c000002P20XAAS',
      '0038c00000voLKVAA2',
      '0038c00000iQsLKAA0',
    ]) {
      expect(to[id], id).toBe(USERS.priya); // Enterprise
    }
    // Contacts follow their accounts: C13 goes where A10 goes, C19 where A13 goes, C27 where A18 goes.
    expect(to['0038c00000H7Y7zAAF']).toBe(to['0018c00000BDoX2AAL']);
    expect(to['0038c00000UHxsPAAT']).toBe(to['0018c00000fL37BAAS']);
    expect(to['0038c000004fttIAAQ']).toBe(to['0018c00000MCmmYAAT']);
    // C18 (conflict) goes to its account A12's owner, Alex Morgan (East).
    expect(to['0038c00000rONB2AAO']).toBe(USERS.alexEast);

    // Nobody who receives records ends above capacity.
    for (const owner of summary.owners) {
      for (const kind of ['accounts', 'contacts', 'leads'] as Kind[]) {
        if (owner.after[kind] > owner.before[kind] && owner.capacity[kind] !== undefined)
          expect(owner.after[kind], `${owner.name} ${kind}`).toBeLessThanOrEqual(owner.capacity[kind]);
      }
    }
    for (const id of [USERS.integration, USERS.sam, USERS.grace, USERS.automated])
      expect(rows.some((r) => r.new_owner_id === id)).toBe(false);
  });

  it('unplaced.csv lists the flagged records without a territory, with the reason', () => {
    const rows = readCsv(path.join(out, 'unplaced.csv'));
    expect(rows.map((r) => [r.kind, r.record_id, r.reason])).toEqual([
      ['accounts', '0018c00000eewUiAAI', 'no territory'],
      ['contacts', '0038c00000jw1DxAAI', 'no territory'],
      ['contacts', '0038c00000oWtlQAAS', 'no territory'],
      ['leads', '00Q8c00000XeaLzEAJ', 'no territory'],
    ]);
    // The deleted user is shown by the id the export has; Sam Patel by id and name.
    expect(rows[0]).toMatchObject({ current_owner_id: '0058c00000JLFTzAAP', current_owner_name: '' });
    expect(rows[3]).toMatchObject({ current_owner_id: USERS.sam, current_owner_name: 'Sam Patel' });
  });

  it('import files are Data Loader updates (Id,OwnerId, 18-char ids, LF, no BOM); rollback files restore the current owners', () => {
    const plan = readCsv(path.join(out, 'plan.csv'));
    for (const kind of ['accounts', 'contacts'] as Kind[]) {
      const imported = readFileSync(path.join(out, `import-${kind}.csv`), 'utf8');
      expect(imported.startsWith('Id,OwnerId\n')).toBe(true);
      expect(imported).not.toContain('\r');
      const rows = readRaw(path.join(out, `import-${kind}.csv`)).slice(1);
      const rollback = readRaw(path.join(out, `rollback-${kind}.csv`)).slice(1);
      const ofKind = plan.filter((r) => r.kind === kind);
      expect(rows).toEqual(ofKind.map((r) => [r.record_id, r.new_owner_id]));
      // The empty owner of A22 is restored as empty.
      expect(rollback).toEqual(ofKind.map((r) => [r.record_id, r.current_owner_id]));
      for (const [id, owner] of [...rows, ...rollback]) {
        expect(id).toMatch(/^[a-zA-Z0-9]{18}$/);
        if (owner !== '') expect(owner).toMatch(/^[a-zA-Z0-9]{18}$/);
      }
    }
  });

  it('stores the plan in the database with its snapshot and rows (moves and unplaced)', () => {
    const sqlite = new Database(db, { readonly: true });
    try {
      const plans = sqlite.prepare('SELECT id, snapshot_id, command, out_dir FROM plans').all() as {
        id: number;
        snapshot_id: number;
        command: string;
        out_dir: string;
      }[];
      expect(plans).toHaveLength(1);
      expect(plans[0]).toMatchObject({ snapshot_id: 1, command: 'plan', out_dir: out });
      const rows = sqlite
        .prepare('SELECT count(*) AS n, sum(placed) AS placed FROM plan_rows WHERE plan_id = ?')
        .get(plans[0].id) as { n: number; placed: number };
      expect(rows).toEqual({ n: 21, placed: 17 });
    } finally {
      sqlite.close();
    }
  });

  it('the round trip: import the plan into copies of the exports, load them, and the audit finds nothing left but the unplaced records', async () => {
    // "Import" with a script: replace OwnerId by the import file's OwnerId, keyed by Id, keeping headers.
    const after = path.join(dir, 'after');
    mkdirSync(after);
    copyFileSync(path.join(DATALOADER, 'User.csv'), path.join(after, 'User.csv'));
    for (const kind of ['accounts', 'contacts', 'leads'] as Kind[]) {
      const [header, ...rows] = readRaw(path.join(DATALOADER, FILE_OF[kind]));
      const importFile = path.join(out, `import-${kind}.csv`);
      const updates = new Map(
        existsSync(importFile)
          ? readRaw(importFile)
              .slice(1)
              .map(([id, owner]) => [id, owner] as [string, string])
          : [],
      );
      const idAt = header.indexOf('Id');
      const ownerAt = header.indexOf('OwnerId');
      let applied = 0;
      for (const row of rows) {
        const owner = updates.get(row[idAt]);
        if (owner !== undefined) {
          row[ownerAt] = owner;
          applied++;
        }
      }
      expect(applied, kind).toBe(updates.size);
      writeFileSync(path.join(after, FILE_OF[kind]), stringify([header, ...rows], { quoted: true }));
    }
    expect((await runInProcess(['load', after, '--db', db, '--label', 'after', '-q'])).code).toBe(0);

    const findings = path.join(dir, 'findings-after.csv');
    const audit = await runJsonInProcess([
      'audit',
      '--db',
      db,
      '--rules',
      RULES,
      '--config',
      CONFIG,
      '--findings',
      findings,
      '--json',
    ]);
    expect(audit.code, audit.stderr).toBe(0);
    expect(audit.json.snapshot.id).toBe(2);
    const fixed = new Set(['unowned', 'inactive-owner', 'unknown-owner', 'territory-conflict']);
    const left = readCsv(findings)
      .filter((f) => fixed.has(f.check))
      .map((f) => `${f.kind}:${f.record_id}`);
    const unplaced = readCsv(path.join(out, 'unplaced.csv')).map((u) => `${u.kind}:${u.record_id}`);
    expect([...new Set(left)].sort()).toEqual(unplaced.sort());
    const counts = Object.fromEntries(
      audit.json.checks
        .filter((c: { check: string }) => fixed.has(c.check))
        .map((c: { check: string; kind: string; count: number }) => [`${c.check}/${c.kind}`, c.count]),
    );
    expect(counts).toEqual({
      'unowned/accounts': 0,
      'unowned/contacts': 1, // C35
      'unowned/leads': 0,
      'inactive-owner/accounts': 0,
      'inactive-owner/contacts': 0,
      'inactive-owner/leads': 1, // L07
      'unknown-owner/accounts': 1, // A23
      'unknown-owner/contacts': 1, // C33
      'unknown-owner/leads': 0,
      'territory-conflict/accounts': 0,
      'territory-conflict/contacts': 0,
      'territory-conflict/leads': 0,
    });

    // `verify` (when this build has it) finds every row of the plan applied.
    if ((await runInProcess(['verify', '--help'])).code === 0) {
      const verify = await runInProcess(['verify', out, '--db', db]);
      expect(verify.code, verify.stdout + verify.stderr).toBe(0);
    }
  });
});

describe('plan: snapshots and determinism', () => {
  const dir = tempDir('crm-owners-plan-again-');

  it('--snapshot 1 reproduces the first plan byte for byte after another load; the default is the latest snapshot', async () => {
    const db = path.join(dir, 'crm-owners.db');
    expect((await runInProcess(['load', DATALOADER, '--db', db, '-q'])).code).toBe(0);
    const first = path.join(dir, 'first');
    expect(
      (await runInProcess(['plan', '--db', db, '--rules', RULES, '--config', CONFIG, '--out', first, '-q'])).code,
    ).toBe(0);
    expect((await runInProcess(['load', DATALOADER, '--db', db, '--label', 'same again', '-q'])).code).toBe(0);
    const again = path.join(dir, 'again');
    expect(
      (
        await runInProcess([
          'plan',
          '--db',
          db,
          '--rules',
          RULES,
          '--config',
          CONFIG,
          '--snapshot',
          '1',
          '--out',
          again,
          '-q',
        ])
      ).code,
    ).toBe(0);
    const names = readdirSync(first).sort();
    expect(readdirSync(again).sort()).toEqual(names);
    for (const name of names)
      expect(readFileSync(path.join(again, name)).equals(readFileSync(path.join(first, name))), name).toBe(true);
    // The latest snapshot (2) is a copy of 1: the same plan, but summary.json names snapshot 2.
    const latest = await runJsonInProcess([
      'plan',
      '--db',
      db,
      '--rules',
      RULES,
      '--config',
      CONFIG,
      '--out',
      path.join(dir, 'latest'),
      '--json',
    ]);
    expect(latest.json.snapshot).toBe(2);
    expect(latest.json.counts.moves).toBe(17);
  });
});

describe('plan: flags and refusals', () => {
  const dir = tempDir('crm-owners-plan-flags-');
  const db = path.join(dir, 'crm-owners.db');

  beforeAll(async () => {
    expect((await runInProcess(['load', DATALOADER, '--db', db, '-q'])).code).toBe(0);
  });

  it("without --out exits 2 (commander's own usage error)", async () => {
    const result = await runInProcess(['plan', '--db', db]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('--out');
  });

  it('an existing plan folder exits 2 with a message suggesting --force; --force replaces it', async () => {
    const out = path.join(dir, 'existing');
    expect((await runInProcess(['plan', '--db', db, '--out', out, '-q'])).code).toBe(0);
    const before = readFileSync(path.join(out, 'plan.csv'));
    const again = await runInProcess(['plan', '--db', db, '--out', out, '--strategy', 'round-robin']);
    expect(again.code).toBe(2);
    expect(again.stderr).toContain(out);
    expect(again.stderr).toContain('--force');
    expect(readFileSync(path.join(out, 'plan.csv')).equals(before)).toBe(true);
    // The refused plan was not stored either: one plan in the database for this folder.
    const sqlite = new Database(db, { readonly: true });
    try {
      expect(sqlite.prepare('SELECT count(*) AS n FROM plans WHERE out_dir = ?').get(out)).toEqual({ n: 1 });
    } finally {
      sqlite.close();
    }
    const forced = await runJsonInProcess([
      'plan',
      '--db',
      db,
      '--out',
      out,
      '--strategy',
      'round-robin',
      '--force',
      '--json',
    ]);
    expect(forced.code, forced.stderr).toBe(0);
    expect(forced.json.options.strategy).toBe('round-robin');
    expect(JSON.parse(readFileSync(path.join(out, 'summary.json'), 'utf8')).options.strategy).toBe('round-robin');
  });

  it('--strategy bogus exits 2', async () => {
    const result = await runInProcess(['plan', '--db', db, '--out', path.join(dir, 'bogus'), '--strategy', 'bogus']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('bogus');
    expect(existsSync(path.join(dir, 'bogus', 'plan.csv'))).toBe(false);
  });

  it('--max-moves 3 moves 3 records; the rest are unplaced ("max moves reached"); a non-number exits 2', async () => {
    const out = path.join(dir, 'max3');
    const result = await runJsonInProcess(['plan', '--db', db, '--out', out, '--max-moves', '3', '--json']);
    expect(result.code, result.stderr).toBe(0);
    expect(result.json.counts.moves).toBe(3);
    expect(result.json.options.maxMoves).toBe(3);
    expect(result.json.counts.unplacedByReason['max moves reached']).toBeGreaterThan(0);
    expect(readCsv(path.join(out, 'plan.csv'))).toHaveLength(3);
    const imported = ['accounts', 'contacts', 'leads'].map((k) => path.join(out, `import-${k}.csv`)).filter(existsSync);
    expect(imported.reduce((n, f) => n + readRaw(f).length - 1, 0)).toBe(3);
    expect(
      (await runInProcess(['plan', '--db', db, '--out', path.join(dir, 'maxx'), '--max-moves', 'three'])).code,
    ).toBe(2);
  });

  it('--exclude FILE keeps the listed records out and counts them', async () => {
    // Without rules or config: A13 (Sam, inactive) would move; excluded by its 15-character id.
    const exclude = path.join(dir, 'exclude.csv');
    writeFileSync(exclude, 'Id\n0018c00000fL37B\n');
    const result = await runJsonInProcess([
      'plan',
      '--db',
      db,
      '--out',
      path.join(dir, 'excluded'),
      '--exclude',
      exclude,
      '--json',
    ]);
    expect(result.code, result.stderr).toBe(0);
    // A13's contact on Sam's book stays with it.
    expect(result.json.counts.excluded).toBe(2);
    expect(result.json.counts.excludedByReason).toEqual({ excluded: 1, 'parent excluded': 1 });
    const ids = readCsv(path.join(dir, 'excluded', 'plan.csv')).map((r) => r.record_id);
    expect(ids).not.toContain('0018c00000fL37BAAS');
    expect(ids).toContain('0018c00000f7WXrAAM'); // A20 (Grace Kim) still moves
  });

  it("--crm hubspot writes Record ID and the owner's email", async () => {
    const out = path.join(dir, 'hubspot');
    expect((await runInProcess(['plan', '--db', db, '--out', out, '--crm', 'hubspot', '-q'])).code).toBe(0);
    const rows = readRaw(path.join(out, 'import-accounts.csv'));
    expect(rows[0]).toEqual(['Record ID', 'Company owner']);
    for (const [, owner] of rows.slice(1)) expect(owner).toMatch(/@lumenridge\.io$/);
    expect(readRaw(path.join(out, 'import-contacts.csv'))[0]).toEqual(['Record ID', 'Contact owner']);
  });

  it('a config lockColumn that no export has exits 2 naming it', async () => {
    const config = path.join(dir, 'lock.config.json');
    writeFileSync(config, JSON.stringify({ lockColumn: 'Do_Not_Reassign__c' }));
    const result = await runInProcess(['plan', '--db', db, '--config', config, '--out', path.join(dir, 'locked')]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('Do_Not_Reassign__c');
  });

  it('prints a before/after load table per owner', async () => {
    const result = await runInProcess(['plan', '--db', db, '--out', path.join(dir, 'table')]);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/owner\s+id\s+kind\s+before\s+after/);
    expect(result.stdout).toContain('Sam Patel');
  });
});
