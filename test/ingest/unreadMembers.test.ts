/**
 * A folder's or zip's files that are not read are reported, each with why: a zip inside a folder
 * or zip, a second zip entry of a name already read. Excel's "Unicode text" export (`.txt`,
 * tab-delimited UTF-16, which the README lists as read) is read in folders and zips too, as when
 * it is named on the command line.
 */
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { fixture, tempDir } from '../helpers/cli.js';
import { runInProcess } from '../helpers/inProcess.js';
import { zipBytes } from '../helpers/zip.js';

const dir = tempDir('crm-owners-unread-');
const USERS = readFileSync(fixture('salesforce/dataloader/User.csv'));
const LEADS = readFileSync(fixture('salesforce/dataloader/Lead.csv'), 'utf8');

/** Lead.csv as Excel saves it as "Unicode text": UTF-16 LE with BOM, tab-delimited, CRLF. */
function unicodeText(csvText: string): Buffer {
  const lines = csvText
    .trim()
    .split(/\r?\n/)
    .map((line) => line.slice(1, -1).split('","').join('\t'));
  return Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(lines.join('\r\n') + '\r\n', 'utf16le')]);
}

let n = 0;
async function load(input: string) {
  const result = await runInProcess(['load', input, '--db', path.join(dir, `db${n++}.db`), '--json']);
  expect(result.code, result.stderr).toBe(0);
  const json = JSON.parse(result.stdout) as {
    files: { path: string; kind: string }[];
    skipped: { path: string; object: string | null; reason: string }[];
  };
  const shown = await runInProcess(['load', input, '--db', path.join(dir, `db${n++}.db`)]);
  return { json, skippedLine: shown.stderr.split('\n').find((line) => line.startsWith('skipped ')) };
}

describe('files of a folder or zip that are not read', () => {
  it('a zip inside a folder is listed as skipped, with why; leads.txt (Unicode text) is read', async () => {
    const folder = path.join(dir, 'folder');
    mkdirSync(folder);
    copyFileSync(fixture('salesforce/dataloader/User.csv'), path.join(folder, 'User.csv'));
    writeFileSync(path.join(folder, 'leads.txt'), unicodeText(LEADS));
    writeFileSync(
      path.join(folder, 'more.zip'),
      zipBytes([{ name: 'Account.csv', data: readFileSync(fixture('salesforce/dataloader/Account.csv')) }]),
    );
    const { json, skippedLine } = await load(folder);
    expect(json.files.map((f) => [path.basename(f.path), f.kind])).toEqual([
      ['User.csv', 'owners'],
      ['leads.txt', 'leads'],
    ]);
    expect(json.skipped).toEqual([
      {
        path: path.join(folder, 'more.zip'),
        object: null,
        reason: 'a zip inside a folder or zip: unzip it, or name it on the command line',
      },
    ]);
    expect(skippedLine).toBe(
      `skipped 1 file not read: ${path.join(folder, 'more.zip')} (a zip inside a folder or zip: unzip it, or name it on the command line) (see --json)`,
    );
  });

  it('in a zip: a zip inside and a second entry of the same name are listed; the first entry of the name is read', async () => {
    const zip = path.join(dir, 'export.zip');
    const secondUsers = USERS.toString('utf8').split('\n').slice(0, 2).join('\n') + '\n';
    writeFileSync(
      zip,
      zipBytes([
        { name: 'User.csv', data: USERS },
        { name: 'inner.zip', data: zipBytes([{ name: 'Lead.csv', data: LEADS }]) },
        { name: 'User.csv', data: secondUsers },
        { name: 'Leads.txt', data: unicodeText(LEADS) },
      ]),
    );
    const { json, skippedLine } = await load(zip);
    expect(json.files.map((f) => [f.path, f.kind])).toEqual([
      [`${zip}:User.csv`, 'owners'],
      [`${zip}:Leads.txt`, 'leads'],
    ]);
    expect(json.skipped).toEqual([
      {
        path: `${zip}:inner.zip`,
        object: null,
        reason: 'a zip inside a folder or zip: unzip it, or name it on the command line',
      },
      { path: `${zip}:User.csv`, object: null, reason: 'a second zip entry of the same name: only the first is read' },
    ]);
    expect(skippedLine).toContain('skipped 2 files not read: ');
    expect(skippedLine).toContain(`${zip}:User.csv (a second zip entry of the same name: only the first is read)`);
  });
});
