/**
 * `crm-owners transfer --to ID --to-name NAME --to-email EMAIL` end to end (in process): the summary
 * marks the new hire "not in the users export", --json carries it, and the refusals exit 2.
 */
import { describe, expect, it } from 'vitest';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { tempDir } from '../helpers/cli.js';
import { runInProcess } from '../helpers/inProcess.js';

const dir = tempDir('crm-owners-new-hire-');

async function database(): Promise<string> {
  const exports = path.join(dir, 'exports');
  mkdirSync(exports, { recursive: true });
  writeFileSync(
    path.join(exports, 'owners.csv'),
    'id,name,email,active\nu1,Sam Patel,sam@x.test,false\nu2,Dana Whitfield,dana@x.test,true\n',
  );
  writeFileSync(path.join(exports, 'accounts.csv'), 'id,name,owner\na1,Alpha,u1\na2,Beta,u1\n');
  const db = path.join(dir, 'crm.db');
  expect((await runInProcess(['load', exports, '--db', db, '-q'])).code).toBe(0);
  return db;
}

describe('transfer --to a new hire', () => {
  it('says the owner is not in the users export, in the summary and in --json', async () => {
    const db = await database();
    const run = await runInProcess([
      'transfer',
      '--from',
      'Sam Patel',
      '--to',
      'u7',
      '--to-name',
      'Jo Park',
      '--to-email',
      'jo@x.test',
      '--out',
      path.join(dir, 'plan'),
      '--db',
      db,
    ]);
    expect(run.code).toBe(0);
    expect(run.stderr).toContain(
      '  Jo Park (id u7, jo@x.test) is not in the users export: given by --to with --to-name/--to-email\n',
    );
    const json = await runInProcess([
      'transfer',
      '--from',
      'Sam Patel',
      '--to',
      'u7',
      '--to-name',
      'Jo Park',
      '--to-email',
      'jo@x.test',
      '--out',
      path.join(dir, 'plan'),
      '--force',
      '--db',
      db,
      '--json',
    ]);
    expect(json.code).toBe(0);
    expect(JSON.parse(json.stdout).notInUsersExport).toEqual([
      { id: 'u7', name: 'Jo Park', email: 'jo@x.test', note: 'not in the users export' },
    ]);
  });

  it('refuses an unknown --to without them, saying how to pass a new hire, and --to-name without --to', async () => {
    const db = await database();
    const unknown = await runInProcess([
      'transfer',
      '--from',
      'Sam Patel',
      '--to',
      'u7',
      '--out',
      path.join(dir, 'plan2'),
      '--db',
      db,
    ]);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('--to: no owner "u7" in snapshot');
    expect(unknown.stderr).toContain('--to u7 --to-name "First Last" --to-email');
    const alone = await runInProcess([
      'transfer',
      '--from',
      'Sam Patel',
      '--pool',
      'u2',
      '--to-name',
      'Jo Park',
      '--out',
      path.join(dir, 'plan3'),
      '--db',
      db,
    ]);
    expect(alone.code).toBe(2);
    expect(alone.stderr).toContain("--to-name and --to-email go with --to: the new hire's user id");
  });
});
