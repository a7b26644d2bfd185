/**
 * Nothing from an export or the command line reaches a terminal raw. Owner and record names, labels,
 * headers, file names, zip entry names, paths and values carrying terminal escape sequences
 * (`ESC[31m` recolours, `ESC]0;…BEL` retitles the window), bidi overrides, carriage returns, HTML
 * and pipes go through every command; stdout and stderr hold no raw control or bidi character, and
 * the names still show, escaped. Markdown output shows them as literal text.
 */
import Database from 'better-sqlite3';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { run, tempDir, type RunResult } from '../helpers/cli.js';
import { expectLiteralMarkdown, RAW_CONTROL } from '../helpers/shownText.js';
import { writeZip } from '../helpers/zip.js';

/** Hostile names shown whole: a terminal wide enough that no name is cut with …. */
const runWide = (args: string[]) => run(args, { env: { COLUMNS: '300' } });

const RED = '\x1b[31m';
const TITLE = '\x1b]0;title\x07';
const RLO = '\u202e';
const IMG = '<img src=x onerror=alert(1)>';

const LABEL = `nov${RED}|${RLO}${IMG}\r`;
/** The label as a terminal shows it, and as Markdown shows it (the CR becomes a space there). */
const LABEL_SHOWN = 'nov\\x1b[31m|\\u202e<img src=x onerror=alert(1)>\\r';
const LABEL_MARKDOWN = 'nov\\\\x1b\\[31m&#124;\\\\u202e&lt;img src=x onerror=alert(1)&gt; ';

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const quoted = (value: string) => `"${value.replace(/"/g, '""')}"`;
const csv = (...lines: string[]) => `${lines.join('\n')}\n`;

const OWNERS = csv(
  'id,name,email,active,capacity',
  `u1,${quoted(`Dana ${RED}Red`)},dana@x.test,true,2`,
  `u2,${quoted(`${TITLE}Omar`)},omar@x.test,true,10`,
  `u3,${quoted(`Rtl${RLO}Evil`)},rtl@x.test,true,10`,
  `u4,${quoted(`${IMG}|Pipe\rCR`)},img@x.test,false,10`,
);
const OWNER_NAMES_SHOWN = [
  'Dana \\x1b[31mRed',
  '\\x1b]0;title\\x07Omar',
  'Rtl\\u202eEvil',
  '<img src=x onerror=alert(1)>|Pipe\\rCR',
];

/** Contacts: c1 to c3 move between the snapshots; c4 has no owner, c5 an inactive one (work for a plan). */
const contacts = (movedTo: string) =>
  csv(
    'id,name,email,account_id,owner',
    `c1,${quoted(`Harper ${RED}Lind`)},h@x.test,a1,${movedTo}`,
    `c2,${quoted(`${TITLE}Marco\r\nBell`)},m@x.test,a1,${movedTo}`,
    `c3,${quoted(`Renee${RLO}Oka`)},r@x.test,a2,${movedTo}`,
    `c4,${quoted(`${IMG}|x`)},i@x.test,a2,`,
    `c5,Plain Name,p@x.test,a2,u4`,
  );
const ACCOUNTS = csv('id,name,owner', `a1,${quoted(`Redwood${RED}`)},u1`, `a2,${quoted(`Pacific|${RLO}`)},u2`);

const OWNERS_FILE = `owners${RED}.csv`;
const CONTACTS_FILE = `contacts${TITLE}.csv`;
const ZIP_ENTRY = `accounts${RED}${RLO}.csv`;

interface Exports {
  dir: string;
  /** The folder and the zip to load. */
  inputs: string[];
}

/** Exports in a fresh folder: owners and contacts as files with escapes in their names, accounts in a zip entry so named. */
function writeExports(contactsOwner: string): Exports {
  const dir = tempDir('crm-owners-terminal-');
  const folder = path.join(dir, `exports${RLO}`);
  mkdirSync(folder);
  writeFileSync(path.join(folder, OWNERS_FILE), OWNERS);
  writeFileSync(path.join(folder, CONTACTS_FILE), contacts(contactsOwner));
  const zip = path.join(dir, 'accounts.zip');
  writeZip(zip, { [ZIP_ENTRY]: ACCOUNTS });
  return { dir, inputs: [folder, zip] };
}

/** A database with two snapshots of the hostile exports: the contacts move from Dana to Omar. */
function twoSnapshots(): { db: string; dir: string } {
  const first = writeExports('u1');
  const db = path.join(first.dir, 'crm.db');
  expectLoaded(run(['load', ...first.inputs, '--db', db, '--label', LABEL]));
  expectLoaded(run(['load', ...writeExports('u2').inputs, '--db', db, '--label', `dec${TITLE}`]));
  return { db, dir: first.dir };
}

function expectLoaded(result: RunResult): void {
  if (result.code !== 0) throw new Error(`load failed (${result.code}):\n${result.stderr}`);
}

/** Neither stream holds a raw control or bidi character. */
function expectNothingRaw(result: RunResult): void {
  for (const [stream, text] of [
    ['stdout', result.stdout],
    ['stderr', result.stderr],
  ] as const) {
    const found = RAW_CONTROL.exec(text);
    if (found)
      throw new Error(
        `raw U+${found[0].charCodeAt(0).toString(16).padStart(4, '0')} on ${stream} at ${found.index}:\n${JSON.stringify(text)}`,
      );
  }
}

describe('load', () => {
  it('shows the label, the file names and the zip entry name escaped in its summary', () => {
    const exports = writeExports('u1');
    const result = run(['load', ...exports.inputs, '--db', path.join(exports.dir, 'crm.db'), '--label', LABEL]);
    expect(result.code).toBe(0);
    expectNothingRaw(result);
    expect(result.stderr).toContain(`Loaded snapshot 1 "${LABEL_SHOWN}"`);
    expect(result.stderr).toContain(`exports\\u202e/owners\\x1b[31m.csv`);
    expect(result.stderr).toContain(`exports\\u202e/contacts\\x1b]0;title\\x07.csv`);
    expect(result.stderr).toContain(`accounts.zip:accounts\\x1b[31m\\u202e.csv`);
  });

  it('shows a skipped-rows warning naming an escaped rejects path (audit FILE...)', () => {
    const exports = writeExports('u1');
    writeFileSync(
      path.join(exports.inputs[0], `contacts-bad${RED}.csv`),
      csv('id,name,email,account_id,owner', 'c9,Bad,b@x.test,a1,u1,extra,fields'),
    );
    const rejects = path.join(exports.dir, `rejects${TITLE}.csv`);
    const result = run(['audit', ...exports.inputs, '--db', ':memory:', '--on-bad-row', 'skip', '--rejects', rejects]);
    expect(result.code).toBe(0);
    expectNothingRaw(result);
    expect(result.stderr).toContain(`warning: 1 rows skipped → ${exports.dir}/rejects\\x1b]0;title\\x07.csv`);
  });
});

describe('reports on hostile names', () => {
  it('audit: table and markdown', () => {
    const { db } = twoSnapshots();
    const table = run(['audit', '--db', db, '--snapshot', '1']);
    expect(table.code).toBe(0);
    expectNothingRaw(table);
    expect(table.stdout).toContain(`snapshot 1 "${LABEL_SHOWN}"`);
    expect(table.stdout).toMatch(/^Dana \\x1b\[31mRed {2,}3 +2 /m);

    const markdown = run(['audit', '--db', db, '--format', 'markdown']);
    expect(markdown.code).toBe(0);
    expectNothingRaw(markdown);
    expectLiteralMarkdown(markdown.stdout);
    expect(markdown.stdout).toContain('snapshot 2 "dec\\\\x1b\\]0;title\\\\x07"');
    expect(markdown.stdout).toContain('| \\\\x1b\\]0;title\\\\x07Omar | 3 | 10 |  |');
  });

  it('owners: table and markdown', () => {
    const { db } = twoSnapshots();
    const table = runWide(['owners', '--db', db]);
    expect(table.code).toBe(0);
    expectNothingRaw(table);
    for (const name of OWNER_NAMES_SHOWN) expect(table.stdout).toContain(name);

    const markdown = runWide(['owners', '--db', db, '--format', 'markdown']);
    expect(markdown.code).toBe(0);
    expectNothingRaw(markdown);
    expectLiteralMarkdown(markdown.stdout);
    // A line break inside a cell would end the row: it becomes a space.
    expect(markdown.stdout).toContain('| &lt;img src=x onerror=alert(1)&gt;&#124;Pipe CR | u4 | inactive |');
  });

  it('snapshots: table and markdown', () => {
    const { db } = twoSnapshots();
    const table = runWide(['snapshots', '--db', db]);
    expect(table.code).toBe(0);
    expectNothingRaw(table);
    expect(table.stdout).toContain(LABEL_SHOWN);
    expect(table.stdout).toContain('dec\\x1b]0;title\\x07');
    // The columns line up on what is shown: both rows as long as the header.
    const lines = table.stdout.trimEnd().split('\n');
    expect(new Set(lines.map((line) => line.length)).size).toBe(1);

    const markdown = runWide(['snapshots', '--db', db, '--format', 'markdown']);
    expectNothingRaw(markdown);
    expectLiteralMarkdown(markdown.stdout);
    expect(markdown.stdout).toContain(`| 1 | ${LABEL_MARKDOWN} |`);
  });

  it('plan into a folder with escapes in its name, then verify against it', () => {
    const { db, dir } = twoSnapshots();
    const out = path.join(dir, `plan${RED}${RLO}`);
    const plan = runWide(['plan', '--db', db, '--out', out]);
    expect(plan.code).toBe(0);
    expectNothingRaw(plan);
    // The summary in words is for people: stderr.
    expect(plan.stderr).toContain(`Plan on snapshot 2 → ${dir}/plan\\x1b[31m\\u202e`);
    expect(plan.stdout).toMatch(/^\\x1b\]0;title\\x07Omar +u2 +contacts +3 +5 +\+2 +10$/m);
    expect(plan.stdout).toMatch(/^<img src=x onerror=alert\(1\)>\|Pipe\\rCR +u4 +contacts +1 +0 +-1$/m);

    const planMarkdown = runWide(['plan', '--db', db, '--out', path.join(dir, 'plan-md'), '--format', 'markdown']);
    expect(planMarkdown.code).toBe(0);
    expectNothingRaw(planMarkdown);
    expectLiteralMarkdown(planMarkdown.stdout);
    expect(planMarkdown.stdout).toContain('| \\\\x1b\\]0;title\\\\x07Omar | u2 | contacts | 3 | 5 | +2 | 10 |');
    expect(planMarkdown.stdout).toContain(
      '| &lt;img src=x onerror=alert(1)&gt;&#124;Pipe CR | u4 | contacts | 1 | 0 | -1 |  |',
    );

    // The plan's own snapshot: nothing applied yet, and a warning that names the folder.
    const verify = runWide(['verify', out, '--db', db]);
    expect(verify.code).toBe(1);
    expectNothingRaw(verify);
    expect(verify.stderr).toContain(`crm-owners verify ${dir}/plan\\x1b[31m\\u202e FILE...`);
    expect(verify.stdout).toContain(
      `plan ${dir}/plan\\x1b[31m\\u202e (snapshot 2) · against snapshot 2 "dec\\x1b]0;title\\x07"`,
    );

    const verifyMarkdown = runWide(['verify', out, '--db', db, '--format', 'markdown']);
    expect(verifyMarkdown.code).toBe(1);
    expectNothingRaw(verifyMarkdown);
    expectLiteralMarkdown(verifyMarkdown.stdout);
    expect(verifyMarkdown.stdout).toContain('/plan\\\\x1b\\[31m\\\\u202e (snapshot 2)');
  });

  it('diff: table and markdown', () => {
    const { db } = twoSnapshots();
    const table = runWide(['diff', '--db', db]);
    expect(table.code).toBe(0);
    expectNothingRaw(table);
    expect(table.stdout).toContain(`snapshot 1 "${LABEL_SHOWN}" → snapshot 2 "dec\\x1b]0;title\\x07"`);
    expect(table.stdout).toMatch(
      /^contacts +c2 +\\x1b\]0;title\\x07Marco\\r\\nBell +Dana \\x1b\[31mRed \(u1\) +\\x1b\]0;title\\x07Omar \(u2\)$/m,
    );

    const markdown = runWide(['diff', '--db', db, '--format', 'markdown']);
    expect(markdown.code).toBe(0);
    expectNothingRaw(markdown);
    expectLiteralMarkdown(markdown.stdout);
    expect(markdown.stdout).toContain(
      '| contacts | c2 | \\\\x1b\\]0;title\\\\x07Marco Bell | Dana \\\\x1b\\[31mRed (u1) | \\\\x1b\\]0;title\\\\x07Omar (u2) |',
    );
  });
});

describe('history and churn on hostile names', () => {
  const { db } = twoSnapshots();

  it('history RECORD_ID: table and markdown', () => {
    const table = runWide(['history', 'c2', '--db', db]);
    expect(table.code, table.stderr).toBe(0);
    expectNothingRaw(table);
    expect(table.stdout).toContain('contacts c2 "\\x1b]0;title\\x07Marco\\r\\nBell" · owner changed 1 time');
    expect(table.stdout).toMatch(
      new RegExp(`^ +1 +${escapeRegExp(LABEL_SHOWN)} +\\S+ +Dana \\\\x1b\\[31mRed \\(u1\\) +active$`, 'm'),
    );
    expect(table.stdout).toMatch(
      /^ +2 +dec\\x1b\]0;title\\x07 +\S+ +\\x1b\]0;title\\x07Omar \(u2\) +active +changed$/m,
    );

    const markdown = runWide(['history', 'c2', '--db', db, '--format', 'markdown']);
    expect(markdown.code).toBe(0);
    expectNothingRaw(markdown);
    expectLiteralMarkdown(markdown.stdout);
    expect(markdown.stdout).toContain('### crm-owners history · contacts c2 "\\\\x1b\\]0;title\\\\x07Marco Bell"');
    expect(markdown.stdout).toContain(`| 1 | ${LABEL_MARKDOWN} |`);
    expect(markdown.stdout).toContain('| Dana \\\\x1b\\[31mRed (u1) | active |');
  });

  it('history --owner: table and markdown', () => {
    const table = runWide(['history', '--owner', 'u1', '--db', db]);
    expect(table.code, table.stderr).toBe(0);
    expectNothingRaw(table);
    expect(table.stdout).toContain('crm-owners history · owner Dana \\x1b[31mRed (u1) <dana@x.test>');
    expect(table.stdout).toMatch(
      /^ +2 +dec\\x1b\]0;title\\x07 +contacts +c2 +\\x1b\]0;title\\x07Marco\\r\\nBell +lost to +\\x1b\]0;title\\x07Omar \(u2\)$/m,
    );

    const markdown = runWide(['history', '--owner', 'u1', '--db', db, '--format', 'markdown']);
    expect(markdown.code).toBe(0);
    expectNothingRaw(markdown);
    expectLiteralMarkdown(markdown.stdout);
    expect(markdown.stdout).toContain('### crm-owners history · owner Dana \\\\x1b\\[31mRed (u1) &lt;dana@x.test&gt;');
    expect(markdown.stdout).toContain(
      '| contacts | c2 | \\\\x1b\\]0;title\\\\x07Marco Bell | lost to | \\\\x1b\\]0;title\\\\x07Omar (u2) |',
    );
  });

  it('churn: table and markdown', () => {
    const table = runWide(['churn', '--min-changes', '1', '--db', db]);
    expect(table.code, table.stderr).toBe(0);
    expectNothingRaw(table);
    expect(table.stdout).toContain(`snapshots 1 "${LABEL_SHOWN}" → 2 "dec\\x1b]0;title\\x07"`);
    expect(table.stdout).toMatch(
      /^contacts +c2 +\\x1b\]0;title\\x07Marco\\r\\nBell +1 +Dana \\x1b\[31mRed → \\x1b\]0;title\\x07Omar$/m,
    );
    expect(table.stdout).toMatch(/^Dana \\x1b\[31mRed +u1 +0 +3 +3$/m);

    const markdown = runWide(['churn', '--min-changes', '1', '--db', db, '--format', 'markdown']);
    expect(markdown.code).toBe(0);
    expectNothingRaw(markdown);
    expectLiteralMarkdown(markdown.stdout);
    expect(markdown.stdout).toContain(`snapshots 1 "${LABEL_MARKDOWN}" → 2 "dec\\\\x1b\\]0;title\\\\x07"`);
    expect(markdown.stdout).toContain(
      '| contacts | c2 | \\\\x1b\\]0;title\\\\x07Marco Bell | 1 |  | Dana \\\\x1b\\[31mRed → \\\\x1b\\]0;title\\\\x07Omar |',
    );
  });
});

describe('doctor', () => {
  it('names a database with escapes in its path escaped, in the report and in the fix it gives', () => {
    const dir = tempDir('crm-owners-terminal-');
    const db = path.join(dir, `crm${RED}${RLO}.db`);
    // A SQLite file with no tables yet: doctor reports it, with a fix that names the path.
    const empty = new Database(db);
    empty.exec('CREATE TABLE t (x); DROP TABLE t');
    empty.close();
    const result = run(['doctor', '--db', db]);
    expectNothingRaw(result);
    expect(result.stdout).toContain(`crm-owners doctor · ${dir}/crm\\x1b[31m\\u202e.db · `);
    expect(result.stdout).toContain(`--db ${dir}/crm\\x1b[31m\\u202e.db`);

    const markdown = run(['doctor', '--db', db, '--format', 'markdown']);
    expectNothingRaw(markdown);
    expectLiteralMarkdown(markdown.stdout);
  });
});

describe('error messages', () => {
  it('name a missing file escaped', () => {
    const dir = tempDir('crm-owners-terminal-');
    const result = run(['load', path.join(dir, `missing${RED}${RLO}.csv`), '--db', path.join(dir, 'crm.db')]);
    expect(result.code).toBe(2);
    expectNothingRaw(result);
    expect(result.stderr).toContain(`crm-owners: error: ${dir}/missing\\x1b[31m\\u202e.csv`);
  });

  it('name a header from the file escaped', () => {
    const dir = tempDir('crm-owners-terminal-');
    const file = path.join(dir, `contacts${TITLE}.csv`);
    writeFileSync(file, csv(`id,name,owner,${quoted(`note${RED}\r`)},${quoted(`note${RED}\r`)}`, 'c1,A,u1,x,y'));
    const result = run(['load', file, '--db', path.join(dir, 'crm.db')]);
    expect(result.code).toBe(2);
    expectNothingRaw(result);
    expect(result.stderr).toContain(`contacts\\x1b]0;title\\x07.csv:1:5: duplicate header "note\\x1b[31m`);
  });

  it('show a bad value from the command line escaped, from our checks and from the argument parser', () => {
    const dir = tempDir('crm-owners-terminal-');
    const ours = runWide(['diff', '--db', path.join(dir, 'crm.db'), '--from', `1${RED}`]);
    expect(ours.code).toBe(2);
    expectNothingRaw(ours);
    expect(ours.stderr).toContain('--from takes a snapshot number, got "1\\x1b[31m"');

    const parser = run(['audit', '--format', `${TITLE}x`]);
    expect(parser.code).toBe(2);
    expectNothingRaw(parser);
    expect(parser.stderr).toContain("argument '\\x1b]0;title\\x07x' is invalid");
  });
});
