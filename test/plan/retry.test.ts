/**
 * `verify --retry` (README, `verify`): the rows still on their old owner, as a plan folder of their
 * own in the plan's CRM shape; rows changed elsewhere and missing records left out.
 */
import { describe, expect, it } from 'vitest';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { readPlan } from '../../src/plan/planFiles.js';
import { verifyPlan } from '../../src/plan/verify.js';
import { writeRetryFolder } from '../../src/plan/writeRetry.js';
import { openDatabase } from '../../src/store/database.js';
import { loadSnapshot } from '../../src/load/loadSnapshot.js';
import { ROOT } from '../helpers/cli.js';
import { csv, LOADED_AT, scratch, transfer, writeTo } from './helpers.js';

const text = (dir: string, name: string) => readFileSync(path.join(dir, name), 'utf8');

async function loadInto(db: ReturnType<typeof openDatabase>, files: Record<string, string>) {
  const dir = scratch('load-');
  for (const [name, body] of Object.entries(files)) writeFileSync(path.join(dir, name), body);
  await loadSnapshot(db, {
    files: Object.keys(files).map((name) => path.join(dir, name)),
    rejectsPath: path.join(dir, 'rejects.csv'),
    now: LOADED_AT,
  });
}

describe('verify --retry', () => {
  it('a plan not applied at all retries as its own import and rollback files, byte for byte (Dynamics)', async () => {
    const db = openDatabase(':memory:');
    await loadSnapshot(db, {
      files: [path.join(ROOT, 'fixtures', 'dynamics'), path.join(ROOT, 'fixtures', 'dynamics', 'sales')],
      rejectsPath: path.join(scratch('r-'), 'rejects.csv'),
      now: LOADED_AT,
    });
    const planDir = writeTo(transfer(db, { from: 'Avery Collins', to: 'Bianca Rossi' }));
    const retry = path.join(scratch('retry-'), 'retry');
    const result = verifyPlan(db, await readPlan(planDir));
    const written = writeRetryFolder(retry, result, false);
    expect(written.rows).toBe(result.total);
    for (const kind of ['accounts', 'contacts', 'opportunities', 'cases']) {
      expect(text(retry, `import-${kind}.csv`)).toBe(text(planDir, `import-${kind}.csv`));
      expect(text(retry, `rollback-${kind}.csv`)).toBe(text(planDir, `rollback-${kind}.csv`));
    }
    const again = await readPlan(retry);
    expect(again.crm).toBe('dynamics');
    expect(again.rows.length).toBe(result.total);
  });

  it('only the rows still on their old owner: applied, changed elsewhere and missing rows are left out and counted', async () => {
    const db = openDatabase(':memory:');
    const owners = csv(
      'id,name,email,active',
      'u1,Ann Lee,ann@x.test,true',
      'u2,Bob Day,bob@x.test,true',
      'u3,Cy Fox,cy@x.test,true',
    );
    await loadInto(db, {
      'owners.csv': owners,
      'accounts.csv': csv('id,name,owner', 'a1,A1,u1', 'a2,A2,u1', 'a3,A3,u1', 'a4,A4,u1'),
    });
    const planDir = writeTo(transfer(db, { from: 'u1', to: 'u2', crm: 'hubspot' }));
    expect(text(planDir, 'import-accounts.csv')).toBe(
      'Record ID,Company owner\na1,bob@x.test\na2,bob@x.test\na3,bob@x.test\na4,bob@x.test\n',
    );
    // After the import: a1 applied, a2 still Ann's, a3 given to Cy, a4 deleted.
    await loadInto(db, {
      'owners.csv': owners,
      'accounts.csv': csv('id,name,owner', 'a1,A1,u2', 'a2,A2,u1', 'a3,A3,u3'),
    });
    const retry = path.join(scratch('retry-'), 'retry');
    const written = writeRetryFolder(retry, verifyPlan(db, await readPlan(planDir)), false);
    expect(written).toEqual({
      byKind: { accounts: 1 },
      rows: 1,
      left: { 'changed-elsewhere': 1, missing: 1 },
      files: ['import-accounts.csv', 'rollback-accounts.csv', 'summary.json'],
    });
    expect(text(retry, 'import-accounts.csv')).toBe('Record ID,Company owner\na2,bob@x.test\n');
    expect(text(retry, 'rollback-accounts.csv')).toBe('Record ID,Company owner\na2,ann@x.test\n');
    const summary = JSON.parse(text(retry, 'summary.json'));
    expect(summary).toMatchObject({
      schema: 'crm-owners/plan@1',
      command: 'verify --retry',
      snapshot: 2,
      crm: 'hubspot',
      retryOf: { plan: planDir, snapshot: 1 },
      counts: { moves: 1, movesByKind: { accounts: 1 } },
    });
    // The retry verifies in turn: a2 is not applied yet.
    expect(verifyPlan(db, await readPlan(retry)).counts).toEqual({
      applied: 0,
      'not-applied': 1,
      'changed-elsewhere': 0,
      missing: 0,
    });
  });

  it('nothing left to retry writes a folder with just summary.json, which verifies as a plan with no rows', async () => {
    const db = openDatabase(':memory:');
    const owners = csv('id,name,email,active', 'u1,Ann Lee,ann@x.test,true', 'u2,Bob Day,bob@x.test,true');
    await loadInto(db, { 'owners.csv': owners, 'accounts.csv': csv('id,name,owner', 'a1,A1,u1') });
    const planDir = writeTo(transfer(db, { from: 'u1', to: 'u2', crm: 'generic' }));
    await loadInto(db, { 'owners.csv': owners, 'accounts.csv': csv('id,name,owner', 'a1,A1,u2') });
    const retry = path.join(scratch('retry-'), 'retry');
    expect(writeRetryFolder(retry, verifyPlan(db, await readPlan(planDir)), false).rows).toBe(0);
    expect(existsSync(path.join(retry, 'import-accounts.csv'))).toBe(false);
    expect((await readPlan(retry)).rows).toEqual([]);
  });
});
