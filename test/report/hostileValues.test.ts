/**
 * Reports built from hostile exports: owner and record names, labels, file names and paths carrying
 * terminal escape sequences, bidi controls, line breaks and HTML. At a terminal they show escaped,
 * and our own colours still work; in Markdown they are literal text.
 */
import { Chalk } from 'chalk';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseThreshold } from '../../src/audit/gate.js';
import { runAudit } from '../../src/audit/runAudit.js';
import { diffOwnership } from '../../src/history/diff.js';
import { emptyCounts, type VerifyResult } from '../../src/plan/verify.js';
import { auditMarkdown } from '../../src/report/auditMarkdown.js';
import { auditTable } from '../../src/report/auditTable.js';
import { diffMarkdown, diffTable } from '../../src/report/diffReport.js';
import { loadSummaryText } from '../../src/report/loadSummary.js';
import { verifyMarkdown, verifyTable } from '../../src/report/verifyReport.js';
import { openDatabase } from '../../src/store/database.js';
import { expectLiteralMarkdown, RAW_CONTROL } from '../helpers/shownText.js';
import {
  ACCOUNTS_HEADER,
  CONTACTS_HEADER,
  OWNERS_HEADER,
  auditOptions,
  csv,
  loadInto,
  scratchDir,
} from '../audit/helpers.js';

const RED = '\x1b[31m';
const TITLE = '\x1b]0;title\x07';
const RLO = '\u202e';
const IMG = '<img src=x onerror=alert(1)>';

/** What chalk writes for our own styles. */
const OUR_STYLES = /\x1b\[[0-9;]*m/g;

const plain = new Chalk({ level: 0 });
const coloured = new Chalk({ level: 1 });

const quoted = (value: string) => `"${value.replace(/"/g, '""')}"`;

const owners = csv(
  OWNERS_HEADER,
  `u1,${quoted(`Dana ${RED}Red${RLO}`)},dana@x.test,true,user,West,1`,
  `u2,${quoted(`${IMG}|Omar\rX`)},omar@x.test,true,user,East,5`,
);
const accounts = csv(
  ACCOUNTS_HEADER,
  'a1,Redwood,u1,West,2026-01-01',
  'a2,Pacific,u1,West,2026-01-01',
  'a3,Hudson,u2,East,2026-01-01',
  'a4,Empty,,East,2026-01-01',
);
const contacts = (owner: string) =>
  csv(CONTACTS_HEADER, `c1,${quoted(`${TITLE}Harper\r\nLindqvist`)},h@x.test,a1,${owner},2026-10-20,`);

async function hostileDb() {
  const db = openDatabase(':memory:');
  const files = (owner: string) => ({
    [`owners${TITLE}.csv`]: owners,
    'accounts.csv': accounts,
    [`contacts${RED}.csv`]: contacts(owner),
  });
  const first = await loadInto(db, files('u1'), {
    now: new Date('2026-10-01T00:00:00Z'),
    load: { label: `${TITLE}2026|10${RLO}` },
  });
  const second = await loadInto(db, files('u2'), {
    now: new Date('2026-11-01T00:00:00Z'),
    load: { label: `${RED}2026|11\r` },
  });
  return { db, first, second };
}

/** An audit of the second snapshot against a baseline file whose name carries an escape sequence. */
async function hostileAudit() {
  const { db } = await hostileDb();
  const baseline = path.join(scratchDir(), `base${RED}.json`);
  writeFileSync(baseline, JSON.stringify({ snapshot: { id: 1 }, coverage: { overall: 100 } }));
  return runAudit(db, auditOptions({ failOn: [parseThreshold('unowned>0')], baseline, maxDrop: 0 }));
}

describe('audit reports with hostile names', () => {
  it('table: names, label and baseline path show escaped; the columns line up', async () => {
    const text = auditTable(await hostileAudit(), plain, 80);
    expect(text).not.toMatch(RAW_CONTROL);
    expect(text).toContain('snapshot 2 "\\x1b[31m2026|11\\r"');
    expect(text).toMatch(/^▼ 20\.00 pts since baseline .*base\\x1b\[31m\.json \(snapshot 1\)$/m);
    expect(text).toMatch(
      /^ {6}coverage fell 20\.00 pts since baseline .*base\\x1b\[31m\.json \(snapshot 1\) \(at most 0 allowed\)$/m,
    );
    // Busiest owners: names measured and cut on what is shown, so the load column lines up.
    expect(text).toContain(
      [
        'Busiest owners            accounts  capacity',
        'Dana \\x1b[31mRed\\u202e           2         1  █████████▋ +1',
        '<img src=x onerror=aler…         1         5  ████▊',
      ].join('\n'),
    );
  });

  it('table in colour: our styles work, and removing them gives the plain report', async () => {
    const result = await hostileAudit();
    const text = auditTable(result, coloured, 80);
    expect(text).toContain('\x1b[31m\x1b[1mFAIL');
    expect(text.replace(OUR_STYLES, '')).toBe(auditTable(result, plain, 80));
    expect(text.replace(OUR_STYLES, '')).not.toMatch(RAW_CONTROL);
  });

  it('markdown: names, label and baseline path are literal text; no row is split', async () => {
    const text = auditMarkdown(await hostileAudit());
    expect(text).not.toMatch(RAW_CONTROL);
    expect(text).toContain('snapshot 2 "\\\\x1b\\[31m2026&#124;11 "');
    expect(text).toContain('| Dana \\\\x1b\\[31mRed\\\\u202e | 2 | 1 | +1 |');
    expect(text).toContain('| &lt;img src=x onerror=alert(1)&gt;&#124;Omar X | 1 | 5 |  |');
    expect(text).toMatch(/- coverage fell .* since baseline .*base\\\\x1b\\\[31m\.json \(snapshot 1\)/);
    expectLiteralMarkdown(text);
  });
});

describe('load summary with hostile file names and label', () => {
  it('shows them escaped, with its own colours and line breaks', async () => {
    const { second } = await hostileDb();
    const summary = loadSummaryText(second, `db${RLO}.sqlite`, coloured).text;
    const shown = summary.replace(OUR_STYLES, '');
    expect(shown).not.toMatch(RAW_CONTROL);
    expect(shown).toContain('Loaded snapshot 2 "\\x1b[31m2026|11\\r" into db\\u202e.sqlite');
    expect(shown).toMatch(/owners {4}\S*owners\\x1b\]0;title\\x07\.csv/);
    expect(shown).toMatch(/contacts {2}\S*contacts\\x1b\[31m\.csv/);
    expect(summary).toMatch(/^\x1b\[1mLoaded snapshot/);
    // The presets line up whatever the file names.
    const rows = shown.split('\n').filter((line) => / rows?$/.test(line));
    expect(rows).toHaveLength(3);
    expect(new Set(rows.map((line) => line.indexOf(' generic '))).size).toBe(1);
  });
});

describe('diff reports with hostile names and labels', () => {
  it('table and markdown', async () => {
    const { db } = await hostileDb();
    const result = diffOwnership(db);
    // Wide: the names whole, to see how each is escaped.
    const table = diffTable(result, plain, 300);
    expect(table).not.toMatch(RAW_CONTROL);
    expect(table).toContain('snapshot 1 "\\x1b]0;title\\x072026|10\\u202e" → snapshot 2 "\\x1b[31m2026|11\\r"');
    expect(table).toContain('\\x1b]0;title\\x07Harper\\r\\nLindqvist');
    expect(table).toContain('<img src=x onerror=alert(1)>|Omar\\rX (u2)');
    const markdown = diffMarkdown(result);
    expect(markdown).not.toMatch(RAW_CONTROL);
    expect(markdown).toContain(
      '| contacts | c1 | \\\\x1b\\]0;title\\\\x07Harper Lindqvist | Dana \\\\x1b\\[31mRed\\\\u202e (u1) | &lt;img src=x onerror=alert(1)&gt;&#124;Omar X (u2) |',
    );
    expectLiteralMarkdown(markdown);
  });
});

describe('verify reports with a hostile plan folder, label and owners', () => {
  const result: VerifyResult = {
    plan: { dir: `plans/${RED}nov${RLO}`, snapshot: 1, crm: 'generic', rows: [] },
    snapshot: {
      id: 2,
      label: `${TITLE}after`,
      loadedAt: '2026-11-02T00:00:00Z',
      counts: { owners: 2, accounts: 1, contacts: 0, leads: 0 },
    },
    total: 1,
    counts: { ...emptyCounts(), 'not-applied': 1 },
    byKind: [{ kind: 'accounts', counts: { ...emptyCounts(), 'not-applied': 1 } }],
    rows: [
      {
        kind: 'accounts',
        recordId: `a1${RLO}`,
        expectedOwner: `${IMG}|\r\n`,
        previousOwner: `Dana ${RED}`,
        actualOwner: `Dana ${RED}`,
        status: 'not-applied',
      },
    ],
    // A currency cell is file content too.
    pipeline: {
      currencies: [
        {
          currency: `${RED}US*D${RLO}`,
          planned: { opportunities: 2, amount: '1500.50' },
          applied: { opportunities: 1, amount: '1000.25' },
        },
      ],
      withoutAmount: 0,
      unreadable: { count: 0 },
    },
  };

  it('table', () => {
    // Wide: the names whole, to see how each is escaped.
    const text = verifyTable(result, plain, 300);

    expect(text).not.toMatch(RAW_CONTROL);
    expect(text).toContain(
      'plan plans/\\x1b[31mnov\\u202e (snapshot 1) · against snapshot 2 "\\x1b]0;title\\x07after"',
    );
    expect(text).toContain('Open pipeline applied: \\x1b[31mUS*D\\u202e 1,000.25 of 1,500.50 (1 of 2 opportunities)');
    expect(text).toMatch(
      /^accounts {2}a1\\u202e {2}not-applied {2}<img src=x onerror=alert\(1\)>\|\\r\\n {2}Dana \\x1b\[31m {2}Dana \\x1b\[31m$/m,
    );
  });

  it('markdown', () => {
    const text = verifyMarkdown(result);
    expect(text).not.toMatch(RAW_CONTROL);
    expect(text).toContain(
      'plan plans/\\\\x1b\\[31mnov\\\\u202e (snapshot 1) · against snapshot 2 "\\\\x1b\\]0;title\\\\x07after"',
    );
    expect(text).toContain(
      'Open pipeline applied: \\\\x1b\\[31mUS\\*D\\\\u202e 1,000.25 of 1,500.50 (1 of 2 opportunities)',
    );
    expect(text).toContain(
      '| accounts | a1\\\\u202e | not-applied | &lt;img src=x onerror=alert(1)&gt;&#124;  | Dana \\\\x1b\\[31m | Dana \\\\x1b\\[31m |',
    );
    expectLiteralMarkdown(text);
  });
});
