/**
 * `crm-owners transfer` end to end on the Salesforce Data Loader exports (fixtures/README.md §1):
 * the leaver case, to one owner, over a pool, or over the territory owners.
 */
import { parse } from 'csv-parse/sync';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { fixture, tempDir } from '../helpers/cli.js';
import { runInProcess, runJsonInProcess } from '../helpers/inProcess.js';

const DATALOADER = fixture('salesforce/dataloader');
const RULES = fixture('rules/territories.csv');
const CONFIG = fixture('salesforce/crm-owners.config.json');

const SAM = '0058c00000BhoutAAB';
const DANA = '0058c00000l57zPAAQ';
const MEI = '0058c000003i23fAAA';
const CENTRAL = ['0058c00000EHL89AAH', '0058c00000SzZrrAAF', '0058c00000O6V0xAAF']; // Omar, Priya, Alex Morgan (Central)

type Kind = 'accounts' | 'contacts' | 'leads';
const FILE_OF: Record<Kind, string> = { accounts: 'Account.csv', contacts: 'Contact.csv', leads: 'Lead.csv' };

const readCsv = (file: string): Record<string, string>[] => parse(readFileSync(file), { bom: true, columns: true });

/** Record ids of a kind owned by `owner` in the fixture exports, counted from the files themselves. */
const ownedInFixture = (owner: string, kind: Kind) =>
  readCsv(path.join(DATALOADER, FILE_OF[kind]))
    .filter((r) => r.OwnerId === owner)
    .map((r) => r.Id)
    .sort();

describe('transfer', () => {
  const dir = tempDir('crm-owners-transfer-cli-');
  const db = path.join(dir, 'crm-owners.db');

  beforeAll(async () => {
    expect((await runInProcess(['load', DATALOADER, '--db', db, '-q'])).code).toBe(0);
  });

  it('--from "Sam Patel" --to "Dana Whitfield" moves every one of Sam\'s records to Dana', async () => {
    const out = path.join(dir, 'sam-to-dana');
    const sams = {
      accounts: ownedInFixture(SAM, 'accounts'),
      contacts: ownedInFixture(SAM, 'contacts'),
      leads: ownedInFixture(SAM, 'leads'),
    };
    // README: Sam owns A13, C19 and L07.
    expect(sams).toEqual({
      accounts: ['0018c00000fL37BAAS'],
      contacts: ['0038c00000UHxsPAAT'],
      leads: ['00Q8c00000XeaLzEAJ'],
    });

    const result = await runJsonInProcess([
      'transfer',
      '--db',
      db,
      '--from',
      'Sam Patel',
      '--to',
      'Dana Whitfield',
      '--out',
      out,
      '--json',
    ]);
    expect(result.code, result.stderr).toBe(0);
    expect(result.json.command).toBe('transfer');
    expect(result.json.options).toMatchObject({ from: SAM, to: DANA });
    expect(result.json.counts).toMatchObject({
      moves: 3,
      unplaced: 0,
      movesByKind: { accounts: 1, contacts: 1, leads: 1 },
      movesByReason: { transfer: 3 },
    });
    for (const kind of ['accounts', 'contacts', 'leads'] as Kind[]) {
      const rows = parse(readFileSync(path.join(out, `import-${kind}.csv`))) as string[][];
      expect(rows[0]).toEqual(['Id', 'OwnerId']);
      expect(rows.slice(1)).toEqual(sams[kind].map((id) => [id, DANA]));
      expect(parse(readFileSync(path.join(out, `rollback-${kind}.csv`))).slice(1)).toEqual(
        sams[kind].map((id) => [id, SAM]),
      );
    }
    // Dana is above her capacity (accounts 10 > 6) but was chosen: --to does not apply capacity.
    const dana = result.json.owners.find((o: { id: string }) => o.id === DANA);
    expect(dana.after).toEqual({ accounts: 11, contacts: 13, leads: 2 });
  });

  it('--to "Grace Kim" (inactive) exits 2 and writes nothing', async () => {
    const out = path.join(dir, 'to-grace');
    const result = await runInProcess([
      'transfer',
      '--db',
      db,
      '--from',
      'Sam Patel',
      '--to',
      'Grace Kim',
      '--out',
      out,
    ]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('Grace Kim');
    expect(result.stderr).toContain('inactive');
    expect(existsSync(path.join(out, 'plan.csv'))).toBe(false);
  });

  it('refuses an unknown target, a queue, the placeholder, and an unknown --from (exit 2)', async () => {
    const out = path.join(dir, 'refused');
    expect(
      (await runInProcess(['transfer', '--db', db, '--from', 'Sam Patel', '--to', 'Jordan Blake', '--out', out])).code,
    ).toBe(2);
    expect(
      (await runInProcess(['transfer', '--db', db, '--from', 'Sam Patel', '--to', '00G8c00000tQX3cEAG', '--out', out]))
        .code,
    ).toBe(2);
    expect(
      (
        await runInProcess([
          'transfer',
          '--db',
          db,
          '--config',
          CONFIG,
          '--from',
          'Sam Patel',
          '--to',
          'Integration User',
          '--out',
          out,
        ])
      ).code,
    ).toBe(2);
    expect(
      (await runInProcess(['transfer', '--db', db, '--from', 'Nobody Here', '--to', 'Dana Whitfield', '--out', out]))
        .code,
    ).toBe(2);
    expect((await runInProcess(['transfer', '--db', db, '--to', 'Dana Whitfield', '--out', out])).code).toBe(2); // no --from
    expect((await runInProcess(['transfer', '--db', db, '--from', 'Sam Patel', '--out', out])).code).toBe(2); // no target
    expect(existsSync(path.join(out, 'plan.csv'))).toBe(false);
  });

  it('--kinds limits the kinds moved', async () => {
    const out = path.join(dir, 'kinds');
    const result = await runJsonInProcess([
      'transfer',
      '--db',
      db,
      '--from',
      'Sam Patel',
      '--to',
      'Dana Whitfield',
      '--kinds',
      'contacts,leads',
      '--out',
      out,
      '--json',
    ]);
    expect(result.code, result.stderr).toBe(0);
    expect(result.json.counts.movesByKind).toEqual({ contacts: 1, leads: 1 });
    expect(
      readdirSync(out)
        .filter((f) => f.startsWith('import-'))
        .sort(),
    ).toEqual(['import-contacts.csv', 'import-leads.csv']);
    expect(
      (
        await runInProcess([
          'transfer',
          '--db',
          db,
          '--from',
          'Sam Patel',
          '--to',
          'Dana Whitfield',
          '--kinds',
          'deals',
          '--out',
          path.join(dir, 'deals'),
        ])
      ).code,
    ).toBe(2);
  });

  it("--pool West balances Sam's records over the West owners with room (Mei Chen: Dana is above capacity, Grace inactive)", async () => {
    const out = path.join(dir, 'pool-west');
    const result = await runJsonInProcess([
      'transfer',
      '--db',
      db,
      '--from',
      'Sam Patel',
      '--pool',
      'West',
      '--out',
      out,
      '--json',
    ]);
    expect(result.code, result.stderr).toBe(0);
    expect(result.json.counts.moves).toBe(3);
    const rows = readCsv(path.join(out, 'plan.csv'));
    expect(rows.map((r) => r.new_owner_id)).toEqual([MEI, MEI, MEI]);
  });

  it('--pool Central spreads a big book over the three Central owners, never above capacity; the rest is unplaced', async () => {
    // Dana's book: 10 accounts, 12 contacts, 1 lead.
    const out = path.join(dir, 'pool-central');
    const result = await runJsonInProcess([
      'transfer',
      '--db',
      db,
      '--from',
      'Dana Whitfield',
      '--pool',
      'Central',
      '--out',
      out,
      '--json',
    ]);
    expect(result.code, result.stderr).toBe(0);
    const { counts, owners } = result.json;
    const book = (['accounts', 'contacts', 'leads'] as Kind[]).reduce((n, k) => n + ownedInFixture(DANA, k).length, 0);
    expect(book).toBe(23);
    expect(counts.moves + counts.unplaced).toBe(book);
    const rows = readCsv(path.join(out, 'plan.csv'));
    for (const row of rows) expect(CENTRAL).toContain(row.new_owner_id);
    expect(new Set(rows.map((r) => r.new_owner_id)).size).toBe(3);
    for (const owner of owners) {
      for (const kind of ['accounts', 'contacts'] as Kind[]) {
        if (owner.after[kind] > owner.before[kind])
          expect(owner.after[kind], `${owner.name} ${kind}`).toBeLessThanOrEqual(owner.capacity[kind]);
      }
    }
    for (const row of readCsv(path.join(out, 'unplaced.csv'))) expect(row.reason).toBe('no capacity');
  });

  it("--rules balances over each record's territory owners", async () => {
    const out = path.join(dir, 'rules');
    const result = await runJsonInProcess([
      'transfer',
      '--db',
      db,
      '--from',
      'Sam Patel',
      '--rules',
      RULES,
      '--out',
      out,
      '--json',
    ]);
    expect(result.code, result.stderr).toBe(0);
    // A13 (East) and its contact C19 go to an active East owner (Omar, or Alex Morgan of East);
    // the lead L07 has no territory.
    const rows = readCsv(path.join(out, 'plan.csv'));
    expect(rows.map((r) => r.record_id)).toEqual(['0018c00000fL37BAAS', '0038c00000UHxsPAAT']);
    expect(['0058c00000EHL89AAH', '0058c00000d0M1VAAU']).toContain(rows[0].new_owner_id);
    expect(rows[1].new_owner_id).toBe(rows[0].new_owner_id);
    expect(rows.every((r) => r.territory === 'East')).toBe(true);
    expect(readCsv(path.join(out, 'unplaced.csv')).map((r) => [r.record_id, r.reason])).toEqual([
      ['00Q8c00000XeaLzEAJ', 'no territory'],
    ]);
  });
});
