/** `crm-owners owners`: loads, capacity, headroom and status per owner and kind (README, `owners`). */
import { parse } from 'csv-parse/sync';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { fixture, tempDir } from '../helpers/cli.js';
import { runInProcess, runJsonInProcess } from '../helpers/inProcess.js';

const CONFIG = fixture('salesforce/crm-owners.config.json');

interface OwnerRow {
  id: string;
  name: string;
  email: string;
  status: string;
  reason: string;
  kind: 'accounts' | 'contacts' | 'leads';
  load: number;
  capacity: number | null;
  headroom: number | null;
}

const DANA = '0058c00000l57zPAAQ';
const INTEGRATION = '0058c00000FBJKnAAP';
const SAM = '0058c00000BhoutAAB';
const QUEUE = '00G8c00000tQX3cEAG';
const AUTOMATED = '0058c000001AmFQAA0';
const OMAR = '0058c00000EHL89AAH';

let db: string;

beforeAll(async () => {
  db = path.join(tempDir(), 'crm.db');
  const loaded = await runInProcess(['load', fixture('salesforce/dataloader'), '--db', db, '--quiet']);
  expect(loaded.code).toBe(0);
});

describe('owners on fixtures/salesforce/dataloader', () => {
  it('--json: one row per owner and kind, with load, capacity, headroom and status', async () => {
    const { code, json } = await runJsonInProcess<OwnerRow[]>(['owners', '--db', db, '--config', CONFIG, '--json']);
    expect(code).toBe(0);
    const row = (id: string, kind: OwnerRow['kind']) => json.find((r) => r.id === id && r.kind === kind)!;
    // 11 users + the queue met in the records, for each of the 3 kinds.
    expect(json).toHaveLength(36);

    expect(row(DANA, 'accounts')).toEqual({
      id: DANA,
      name: 'Dana Whitfield',
      email: 'dana.whitfield@lumenridge.io',
      status: 'overloaded',
      reason: '',
      kind: 'accounts',
      load: 10,
      capacity: 6,
      headroom: -4,
    });
    expect(row(DANA, 'contacts')).toMatchObject({ status: 'overloaded', load: 12, capacity: 10, headroom: -2 });
    // No lead capacity column, and only 3 owners own leads: no capacity is inferred.
    expect(row(DANA, 'leads')).toMatchObject({ status: 'active', load: 1, capacity: null, headroom: null });
    expect(row(OMAR, 'accounts')).toMatchObject({ status: 'active', load: 2, capacity: 8, headroom: 6 });

    // Owners that cannot take records have no headroom.
    expect(row(INTEGRATION, 'accounts')).toMatchObject({
      name: 'Integration User',
      status: 'placeholder',
      load: 2,
      capacity: null,
      headroom: null,
    });
    expect(row(SAM, 'accounts')).toMatchObject({
      name: 'Sam Patel',
      status: 'inactive',
      load: 1,
      capacity: 8,
      headroom: null,
    });
    expect(row(QUEUE, 'leads')).toMatchObject({ status: 'queue', load: 3, capacity: null, headroom: null });
    expect(row(QUEUE, 'accounts')).toMatchObject({ status: 'queue', load: 1, headroom: null });
    expect(row(AUTOMATED, 'accounts')).toMatchObject({
      name: 'Automated Process',
      status: 'system',
      load: 0,
      headroom: null,
    });
    for (const r of json) {
      if (!['active', 'overloaded'].includes(r.status)) expect(r.headroom).toBeNull();
    }

    // Kind by kind, busiest first.
    const kinds = json.map((r) => r.kind);
    expect(kinds).toEqual([...Array(12).fill('accounts'), ...Array(12).fill('contacts'), ...Array(12).fill('leads')]);
    for (const kind of ['accounts', 'contacts', 'leads'] as const) {
      const loads = json.filter((r) => r.kind === kind).map((r) => r.load);
      expect(loads).toEqual([...loads].sort((a, b) => b - a));
    }
    expect(json[0]).toMatchObject({ id: DANA, kind: 'accounts' });
    expect(json[12]).toMatchObject({ id: DANA, kind: 'contacts' });
    expect(json[24]).toMatchObject({ id: QUEUE, kind: 'leads' });
  });

  it("without the placeholder config, Integration User is a system user (Salesforce's own, though Standard): no headroom, with the reason", async () => {
    const { json } = await runJsonInProcess<OwnerRow[]>(['owners', '--db', db, '--json'], { cwd: tempDir() });
    const row = (kind: OwnerRow['kind']) => json.find((r) => r.id === INTEGRATION && r.kind === kind)!;
    for (const kind of ['accounts', 'contacts', 'leads'] as const) {
      expect(row(kind)).toMatchObject({
        status: 'system',
        reason: 'Salesforce technical user (Integration User)',
        headroom: null,
      });
    }
    expect(row('accounts').load).toBe(2);
    expect(json.find((r) => r.id === AUTOMATED)).toMatchObject({
      status: 'system',
      reason: 'Salesforce technical user (Automated Process)',
    });
    expect(json.find((r) => r.id === DANA)).toMatchObject({ reason: '' });
  });

  it('config systemOwners makes more owners system users', async () => {
    const dir = tempDir();
    const config = path.join(dir, 'crm-owners.config.json');
    writeFileSync(config, JSON.stringify({ systemOwners: ['Omar Haddad'] }));
    const other = path.join(dir, 'crm.db');
    expect(
      (await runInProcess(['load', fixture('salesforce/dataloader'), '--db', other, '--config', config, '--quiet']))
        .code,
    ).toBe(0);
    const { json } = await runJsonInProcess<OwnerRow[]>(['owners', '--db', other, '--config', config, '--json']);
    expect(json.find((r) => r.id === OMAR && r.kind === 'accounts')).toMatchObject({
      status: 'system',
      reason: 'config systemOwners',
      headroom: null,
    });
  });

  it('--default-capacity gives owners without their own a capacity', async () => {
    const { json } = await runJsonInProcess<OwnerRow[]>(['owners', '--db', db, '--default-capacity', '1', '--json'], {
      cwd: tempDir(),
    });
    const lead = json.find((r) => r.id === OMAR && r.kind === 'leads')!;
    expect(lead).toMatchObject({ status: 'overloaded', load: 2, capacity: 1, headroom: -1 });
  });

  it('--format csv: a header and one line per row, CRLF, negative headroom kept as a number', async () => {
    const result = await runInProcess(['owners', '--db', db, '--config', CONFIG, '--format', 'csv']);
    expect(result.code).toBe(0);
    const lines = result.stdout.replace(/^\uFEFF/, '').split('\r\n');
    expect(lines[0]).toBe('kind,owner,id,status,reason,load,capacity,headroom');
    expect(lines[1]).toBe(`accounts,Dana Whitfield,${DANA},overloaded,,10,6,-4`);
    expect(lines).toContain(
      `accounts,Integration User,${INTEGRATION},placeholder,Salesforce technical user (Integration User),2,,`,
    );
    expect(lines).toContain(`leads,${QUEUE},${QUEUE},queue,,3,,`);
    const rows = parse(result.stdout, { bom: true, columns: true }) as Record<string, string>[];
    expect(rows).toHaveLength(36);
    expect(rows.filter((r) => r.status === 'overloaded').map((r) => `${r.owner}/${r.kind}/${r.headroom}`)).toEqual([
      'Dana Whitfield/accounts/-4',
      'Dana Whitfield/contacts/-2',
    ]);
  });

  it('the table lists the same rows', async () => {
    const result = await runInProcess(['owners', '--db', db, '--config', CONFIG], { env: { COLUMNS: '200' } });
    expect(result.code).toBe(0);
    const lines = result.stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^kind\s+owner\s+id\s+status\s+reason\s+load\s+capacity\s+headroom$/);
    expect(lines).toHaveLength(37);
    expect(lines[1]).toMatch(new RegExp(`^accounts\\s+Dana Whitfield\\s+${DANA}\\s+overloaded\\s+10\\s+6\\s+-4$`));
  });

  it('exit 2 for a --default-capacity that is not a number, naming the flag', async () => {
    // README, "Exit codes": a usage error exits 2 (audit already refuses the same value).
    const result = await runInProcess(['owners', '--db', db, '--default-capacity', 'abc', '--json']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('--default-capacity');
    expect((await runInProcess(['audit', '--db', db, '--default-capacity', 'abc'])).code).toBe(2);
  });

  it('exit 2 for a missing database or snapshot', async () => {
    expect((await runInProcess(['owners', '--db', path.join(tempDir(), 'none.db')])).code).toBe(2);
    const result = await runInProcess(['owners', '--db', db, '--snapshot', '7']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('no snapshot 7');
  });
});
