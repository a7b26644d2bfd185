/**
 * An 18-character Salesforce id whose letter case a tool changed (here: upper-cased, as a
 * case-folding spreadsheet does) is matched as its checksum says, with a warning naming the file and
 * line, and the import and rollback files name the record as exported.
 */
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { fixture, tempDir } from '../helpers/cli.js';
import { runInProcess, runJsonInProcess } from '../helpers/inProcess.js';

const SOURCE = fixture('salesforce/dataloader');
const ID = '0018c00000f7WXrAAM';
const EXPORTED = ID.toUpperCase();

describe('an id whose case disagrees with its checksum', () => {
  const dir = tempDir();
  const exports = path.join(dir, 'exports');
  mkdirSync(exports);
  for (const name of ['User.csv', 'Contact.csv', 'Lead.csv'])
    copyFileSync(path.join(SOURCE, name), path.join(exports, name));
  const accounts = readFileSync(path.join(SOURCE, 'Account.csv'), 'utf8');
  const line = accounts.split('\n').findIndex((text) => text.includes(ID)) + 1;
  writeFileSync(path.join(exports, 'Account.csv'), accounts.replace(`"${ID}"`, `"${EXPORTED}"`));
  const db = path.join(dir, 'r.db');

  it('warns at load, naming the file, line and column, and matches the record as the checksum says', async () => {
    const load = await runInProcess(['load', exports, '--db', db]);
    expect(load.code, load.stderr).toBe(0);
    expect(load.stderr).toContain(
      `${path.join(exports, 'Account.csv')}:${line}: 1 id in "Id" whose letter case disagrees with the checksum of its last 3 characters (e.g. ${EXPORTED})`,
    );
    const { json } = await runJsonInProcess(['load', exports, '--db', path.join(dir, 'j.db'), '--json']);
    expect(json.files.find((f: { kind: string }) => f.kind === 'accounts').recasedIds).toEqual({
      column: 'Id',
      count: 1,
      line,
      example: EXPORTED,
    });
  });

  it('writes the id as exported in the import and rollback files, and as stored in plan.csv', async () => {
    const out = path.join(dir, 'plan');
    const plan = await runInProcess(['plan', '--db', db, '--out', out, '-q']);
    expect(plan.code, plan.stderr).toBe(0);
    const importRows = readFileSync(path.join(out, 'import-accounts.csv'), 'utf8');
    expect(importRows).toContain(`${EXPORTED},`);
    expect(importRows).not.toContain(ID);
    expect(readFileSync(path.join(out, 'rollback-accounts.csv'), 'utf8')).toContain(`${EXPORTED},`);
    expect(readFileSync(path.join(out, 'plan.csv'), 'utf8')).toContain(`accounts,${ID},`);
    // The other records are written as they always are.
    expect(importRows).toContain('0018c00000Xqxh5AAB,');
  });
});
