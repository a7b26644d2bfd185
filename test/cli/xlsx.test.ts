/**
 * XLSX exports end to end: every fixture set converted by LibreOffice (fixtures/xlsx/, see
 * fixtures/README.md) audits exactly as its CSV twin; workbooks in the shapes Dynamics and
 * Salesforce write (made with the benchmark's writer) too; bad workbooks fail with one message
 * naming the file (and sheet), exit 2, nothing written.
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { BIN, fixture, tempDir } from '../helpers/cli.js';
import { runInProcess, runJsonInProcess } from '../helpers/inProcess.js';
import { zipBytes } from '../helpers/zip.js';
import {
  dynamicsWorkbook,
  encryptedWorkbookBytes,
  salesforceFormattedReport,
  writeWorkbook,
} from '../helpers/workbooks.js';

const dir = tempDir('crm-owners-xlsx-cli-');

/** `audit --json` without what differs between two loads of the same data: the load time (and the as-of date, by default the load time). */
async function auditJson(args: string[], cwd?: string): Promise<unknown> {
  const { code, json, stderr } = await runJsonInProcess(['audit', ...args, '--db', ':memory:', '--json'], { cwd });
  expect([0, 1], stderr).toContain(code);
  delete json.snapshot.loadedAt;
  delete json.snapshot.asOf;
  return json;
}

describe('XLSX twins of the CSV fixtures (converted by LibreOffice) audit the same', () => {
  const sets: [string, string, string[]][] = [
    ['salesforce Data Loader', 'salesforce/dataloader', ['--config', fixture('salesforce', 'crm-owners.config.json')]],
    ['salesforce report (Details Only)', 'salesforce/report', []],
    ['Dynamics 365', 'dynamics', []],
    ['HubSpot', 'hubspot', []],
    ['Pipedrive', 'pipedrive', []],
    ['generic', 'generic', []],
  ];
  for (const [name, set, flags] of sets) {
    it(name, async () => {
      const csv =
        set === 'hubspot'
          ? [
              'hubspot-owners-2026-11-01.csv',
              'hubspot-crm-exports-all-companies-2026-11-01.csv',
              'hubspot-crm-exports-all-contacts-2026-11-01.csv',
            ].map((f) => fixture('hubspot', f))
          : [fixture(set)];
      const xlsx = fixture('xlsx', set.replace('/', '-'));
      const expected = await auditJson([...csv, ...flags]);
      expect(await auditJson([xlsx, ...flags])).toEqual(expected);
    });
  }

  it('territory rules kept in a workbook (LibreOffice conversion) find what the CSV rules find', async () => {
    const rules = ['--rules', fixture('rules', 'territories.csv')];
    const expected = await auditJson([
      fixture('salesforce', 'dataloader'),
      '--config',
      fixture('salesforce', 'crm-owners.config.json'),
      ...rules,
    ]);
    const fromWorkbook = await auditJson([
      fixture('salesforce', 'dataloader'),
      '--config',
      fixture('salesforce', 'crm-owners.config.json'),
      '--rules',
      fixture('xlsx', 'rules', 'territories.xlsx'),
    ]);
    expect(fromWorkbook).toEqual(expected);
  });

  it('a folder and a zip holding both formats, and load --json names each file', async () => {
    const folder = path.join(dir, 'mixed');
    mkdirSync(folder);
    copyFileSync(fixture('generic', 'owners.csv'), path.join(folder, 'owners.csv'));
    copyFileSync(fixture('xlsx', 'generic', 'accounts.xlsx'), path.join(folder, 'accounts.xlsx'));
    copyFileSync(fixture('xlsx', 'generic', 'contacts.xlsx'), path.join(folder, 'contacts.xlsx'));
    writeFileSync(path.join(folder, '~$contacts.xlsx'), 'Excel lock file'); // left by an open workbook: not read
    expect(await auditJson([folder])).toEqual(await auditJson([fixture('generic')]));

    const db = path.join(dir, 'mixed.db');
    const { code, json } = await runJsonInProcess(['load', folder, '--db', db, '--json']);
    expect(code).toBe(0);
    expect(
      json.files.map((f: { path: string; kind: string; encoding: string; delimiter: string }) => [
        path.basename(f.path),
        f.kind,
        f.encoding,
        f.delimiter,
      ]),
    ).toEqual([
      ['owners.csv', 'owners', 'utf8', ','],
      ['accounts.xlsx', 'accounts', 'xlsx', ','],
      ['contacts.xlsx', 'contacts', 'xlsx', ','],
    ]);
    expect(json.files[1].sha256).toMatch(/^[0-9a-f]{64}$/);

    const zip = path.join(dir, 'mixed.zip');
    writeFileSync(
      zip,
      zipBytes(
        ['owners.csv', 'accounts.xlsx', 'contacts.xlsx'].map((name) => ({
          name: `export/${name}`,
          data: readFileSync(path.join(folder, name)),
        })),
      ),
    );
    expect(await auditJson([zip])).toEqual(await auditJson([fixture('generic')]));
  });
});

describe('workbooks in the shapes CRMs write', () => {
  it('a Dynamics user exports Accounts, Contacts and Users to Excel and runs `crm-owners audit *.xlsx`', async () => {
    const exports = path.join(dir, 'dynamics-excel');
    mkdirSync(exports);
    dynamicsWorkbook(exports, 'Accounts.csv', 'My Active Accounts', 'account');
    dynamicsWorkbook(exports, 'Contacts.csv', 'My Active Contacts', 'contact');
    dynamicsWorkbook(exports, 'Users.csv', 'Enabled Users', 'systemuser');
    const shell = spawnSync('bash', ['-c', `"${process.execPath}" "${BIN}" audit *.xlsx --json`], {
      cwd: exports,
      encoding: 'utf8',
      env: { ...process.env, NO_COLOR: '1', CI: '1' },
    });
    expect([0, 1], shell.stderr).toContain(shell.status);
    expect(shell.stderr).not.toMatch(/error/i);
    const json = JSON.parse(shell.stdout);
    delete json.snapshot.loadedAt;
    delete json.snapshot.asOf;
    expect(json).toEqual(await auditJson([fixture('dynamics')]));
    expect(json.snapshot.counts).toMatchObject({ owners: 5, accounts: 10, contacts: 15 });
  });

  it('a Salesforce formatted report: title rows above the header, totals and a Copyright © footer below', async () => {
    const report = salesforceFormattedReport(path.join(dir, 'Contacts and Accounts report.xlsx'));
    const db = path.join(dir, 'report.db');
    const { code, json } = await runJsonInProcess(['load', report, '--db', db, '--json']);
    expect(code).toBe(0);
    expect(json.files[0]).toMatchObject({ kind: 'contacts', preset: 'salesforce-report', rows: 40, rejected: 0 });
    expect(await auditJson([report])).toEqual(
      await auditJson([fixture('salesforce', 'report', 'Contacts and Accounts report.csv')]),
    );
  });

  it('an --exclude list kept in Excel leaves the same records alone as the CSV list', async () => {
    const db = path.join(dir, 'exclude.db');
    expect((await runInProcess(['load', fixture('generic'), '--db', db])).code).toBe(0);
    const csvList = path.join(dir, 'exclude.csv');
    writeFileSync(csvList, 'id\nacc-1006\nc-3008\n');
    const xlsxList = writeWorkbook(path.join(dir, 'exclude.xlsx'), {
      sheets: [{ name: 'Sheet1', rows: [['Record ID'], ['acc-1006'], ['c-3008']] }],
    });
    const planned = async (list: string, out: string) =>
      (await runJsonInProcess(['plan', '--db', db, '--out', path.join(dir, out), '--exclude', list, '--json'])).json;
    const fromCsv = await planned(csvList, 'plan-csv');
    const fromXlsx = await planned(xlsxList, 'plan-xlsx');
    expect(fromXlsx.moves ?? fromXlsx).toEqual(fromCsv.moves ?? fromCsv);
  });

  it('verify reads the later export as XLSX like its CSV', async () => {
    const db = path.join(dir, 'verify.db');
    expect((await runInProcess(['load', fixture('generic'), '--db', db])).code).toBe(0);
    const plan = path.join(dir, 'verify-plan');
    mkdirSync(plan);
    writeFileSync(
      path.join(plan, 'summary.json'),
      JSON.stringify({ schema: 'crm-owners/plan@1', snapshot: 1, crm: 'generic' }),
    );
    writeFileSync(path.join(plan, 'import-accounts.csv'), 'id,owner_id\nacc-1006,u101\n');
    writeFileSync(path.join(plan, 'rollback-accounts.csv'), 'id,owner_id\nacc-1006,u104\n');
    const fromCsv = await runInProcess(['verify', plan, fixture('generic'), '--db', db, '--json']);
    const fromXlsx = await runInProcess(['verify', plan, fixture('xlsx', 'generic'), '--db', db, '--json']);
    expect(fromCsv.code).toBe(1);
    expect(fromXlsx.code).toBe(fromCsv.code);
    // The same answer about the same records; the XLSX export is the next snapshot.
    const csv = JSON.parse(fromCsv.stdout);
    expect(JSON.parse(fromXlsx.stdout)).toEqual({ ...csv, snapshot: { ...csv.snapshot, id: csv.snapshot.id + 1 } });
  });

  it('a bad row names the sheet and the cell; skip mode writes it to the rejects file', async () => {
    const book = writeWorkbook(path.join(dir, 'Accounts.xlsx'), {
      sheets: [
        {
          name: 'Account',
          rows: [
            ['Report: all accounts'],
            ['Id', 'Name', 'OwnerId'],
            ['001x0000002xLCV', 'Alpine', '005x0000000fNSi'],
            [null, 'No Id Ltd', '005x0000000fNSi'],
          ],
        },
      ],
    });
    const db = path.join(dir, 'bad-row.db');
    const failed = await runInProcess(['load', book, '--db', db]);
    expect(failed.code).toBe(2);
    expect(failed.stderr).toContain('Accounts.xlsx: sheet "Account", cell A4: empty id');
    const rejects = path.join(dir, 'bad-row.rejects.csv');
    const skipped = await runJsonInProcess([
      'load',
      book,
      '--db',
      db,
      '--on-bad-row',
      'skip',
      '--rejects',
      rejects,
      '--json',
    ]);
    expect(skipped.json.files[0]).toMatchObject({ rows: 1, rejected: 1 });
  });
});

describe('bad workbooks: one clear error naming the file, exit 2, nothing written', () => {
  const cases: [string, () => string, RegExp][] = [
    [
      'an encrypted (password-protected) workbook',
      () => writeBytes('Accounts-protected.xlsx', encryptedWorkbookBytes()),
      /Accounts-protected\.xlsx: the workbook is encrypted \(password-protected\)/,
    ],
    [
      'an old binary .xls (saved by LibreOffice)',
      () => fixture('xlsx', 'bad', 'Accounts.xls'),
      /Accounts\.xls: old binary Excel workbook \(\.xls, Excel 97-2003\), not XLSX/,
    ],
    [
      'an .xls renamed .xlsx',
      () => copy(fixture('xlsx', 'bad', 'Accounts.xls'), 'Renamed.xlsx'),
      /Renamed\.xlsx: old binary Excel workbook/,
    ],
    [
      'a macro-enabled .xlsm',
      () => copy(fixture('xlsx', 'generic', 'accounts.xlsx'), 'accounts.xlsm'),
      /accounts\.xlsm: macro-enabled workbook \(\.xlsm\)/,
    ],
    [
      'a corrupt zip',
      () => writeBytes('Broken.xlsx', Buffer.concat([Buffer.from('PK\x03\x04'), Buffer.alloc(200, 7)])),
      /Broken\.xlsx: not a readable XLSX workbook: broken zip/,
    ],
    [
      'a text file named .xlsx',
      () => writeBytes('Text.xlsx', Buffer.from('Id,OwnerId\n1,2\n')),
      /Text\.xlsx: not an XLSX workbook \(the file is not a zip package\)/,
    ],
    [
      'an empty sheet',
      () => writeWorkbook(path.join(dir, 'Empty Contacts.xlsx'), { sheets: [{ name: 'Contacts', rows: [] }] }),
      /Empty Contacts\.xlsx: sheet "Contacts": the sheet is empty/,
    ],
    [
      'a sheet with no known header',
      () =>
        writeWorkbook(path.join(dir, 'Pipeline.xlsx'), {
          sheets: [
            {
              name: 'Q3',
              rows: [
                ['Quarter', 'Revenue'],
                ['Q3', 1200],
              ],
            },
          ],
        }),
      /Pipeline\.xlsx: sheet "Q3": no row in the first 2 rows holds a header crm-owners knows/,
    ],
  ];
  for (const [name, make, message] of cases) {
    it(name, async () => {
      const file = make();
      const db = path.join(dir, `${path.basename(file)}.db`);
      const result = await runInProcess(['load', fixture('generic', 'owners.csv'), file, '--db', db]);
      expect(result.code).toBe(2);
      expect(result.stderr).toMatch(message);
      expect(result.stderr.trim().split('\n')).toHaveLength(2); // the message and its hint
      expect(result.stdout).toBe('');
      if (existsSync(db)) expect((await runJsonInProcess(['snapshots', '--db', db, '--json'])).json).toEqual([]);
    });
  }

  it('a header problem names where the header is, below the title rows', async () => {
    const duplicate = writeWorkbook(path.join(dir, 'Contacts-dup.xlsx'), {
      sheets: [
        {
          name: 'Contacts',
          rows: [['My report'], [], ['Id', 'Email', 'OwnerId', 'Email'], ['003A', 'a@x', '005A', 'b']],
        },
      ],
    });
    const result = await runInProcess(['load', duplicate, '--db', path.join(dir, 'dup.db')]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(
      'Contacts-dup.xlsx: sheet "Contacts", cell D3: duplicate header "Email" (also column 2)',
    );
    const noOwner = writeWorkbook(path.join(dir, 'Contacts-no-owner.xlsx'), {
      sheets: [{ name: 'Contacts', rows: [['My report'], ['Id', 'Email'], ['003A', 'a@x']] }],
    });
    expect((await runInProcess(['load', noOwner, '--db', path.join(dir, 'no-owner.db')])).stderr).toContain(
      'Contacts-no-owner.xlsx: sheet "Contacts", row 2: no owner column for contacts',
    );
  });

  it('a bad workbook given as --rules names it', async () => {
    const result = await runInProcess([
      'audit',
      fixture('generic'),
      '--db',
      ':memory:',
      '--rules',
      writeBytes('rules.xlsx', encryptedWorkbookBytes()),
    ]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/rules\.xlsx: the workbook is encrypted/);
  });
});

function writeBytes(name: string, bytes: Buffer): string {
  const file = path.join(dir, name);
  writeFileSync(file, bytes);
  return file;
}

function copy(from: string, name: string): string {
  const file = path.join(dir, name);
  copyFileSync(from, file);
  return file;
}
