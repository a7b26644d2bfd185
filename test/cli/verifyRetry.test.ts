/**
 * `crm-owners verify DIR --retry RETRY` end to end (in process): the flag, what it says on stderr,
 * refusing to replace a plan without --force or to write over the plan it verifies, and the
 * findings file's record and owner names.
 */
import { describe, expect, it } from 'vitest';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { tempDir } from '../helpers/cli.js';
import { runInProcess } from '../helpers/inProcess.js';

const dir = tempDir('crm-owners-retry-');
const write = (name: string, ...lines: string[]) => {
  const file = path.join(dir, name);
  writeFileSync(file, `${lines.join('\n')}\n`);
  return file;
};
const OWNERS = [
  'id,name,email,active',
  'u1,Ann Lee,ann@x.test,true',
  'u2,Bob Day,bob@x.test,true',
  'u3,Cy Fox,cy@x.test,true',
];

describe('verify --retry', () => {
  it('writes the rows not applied as import and rollback files, says what it left out, and refuses to replace without --force', async () => {
    const db = path.join(dir, 'crm.db');
    const before = path.join(dir, 'before');
    mkdirSync(before);
    writeFileSync(path.join(before, 'owners.csv'), `${OWNERS.join('\n')}\n`);
    writeFileSync(path.join(before, 'accounts.csv'), 'id,name,owner\na1,Alpha,u1\na2,Beta,u1\na3,Gamma,u1\n');
    expect((await runInProcess(['load', before, '--db', db, '-q'])).code).toBe(0);
    const plan = path.join(dir, 'plan');
    expect((await runInProcess(['transfer', '--from', 'u1', '--to', 'u2', '--out', plan, '--db', db, '-q'])).code).toBe(
      0,
    );

    const owners = write('owners.csv', ...OWNERS);
    const accounts = write('accounts.csv', 'id,name,owner', 'a1,Alpha,u2', 'a2,Beta,u1', 'a3,Gamma,u3');
    const retry = path.join(dir, 'retry');
    const findings = path.join(dir, 'not-applied.csv');
    const run = await runInProcess([
      'verify',
      plan,
      owners,
      accounts,
      '--db',
      db,
      '--retry',
      retry,
      '--findings',
      findings,
    ]);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(
      `Retry: 1 row still on the old owner → ${retry} (import-accounts.csv, rollback-accounts.csv, summary.json)\n`,
    );
    expect(run.stderr).toContain(
      '  left out: 1 changed elsewhere since the plan (someone else owns them now; see --findings)\n',
    );
    expect(readFileSync(path.join(retry, 'import-accounts.csv'), 'utf8')).toBe('id,owner_id\na2,u2\n');
    expect(readFileSync(path.join(retry, 'rollback-accounts.csv'), 'utf8')).toBe('id,owner_id\na2,u1\n');
    expect(readFileSync(findings, 'utf8').split('\r\n').slice(0, 3)).toEqual([
      '\uFEFFkind,record_id,record_name,expected_owner,expected_owner_name,previous_owner,previous_owner_name,actual_owner,actual_owner_name,status',
      'accounts,a2,Beta,u2,Bob Day,u1,Ann Lee,u1,Ann Lee,not-applied',
      'accounts,a3,Gamma,u2,Bob Day,u1,Ann Lee,u3,Cy Fox,changed-elsewhere',
    ]);

    // The retry folder verifies in turn.
    const again = await runInProcess(['verify', retry, '--db', db, '-q']);
    expect(again.code).toBe(1);

    const refused = await runInProcess(['verify', plan, '--db', db, '--retry', retry]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/already holds a plan .*--force/s);
    expect((await runInProcess(['verify', plan, '--db', db, '--retry', retry, '--force'])).code).toBe(1);

    const over = await runInProcess(['verify', plan, '--db', db, '--retry', plan, '--force']);
    expect(over.code).toBe(2);
    expect(over.stderr).toContain(`--retry ${plan} holds an input (DIR ${plan}): a plan folder is replaced whole`);
  });
});
