#!/usr/bin/env node
/**
 * The benchmark: `crm-owners audit FILES` end to end against an analyst doing the same with the
 * sqlite3 shell (`.import` the three files, two indexes, four count queries), A/B alternated in one
 * run, at several sizes. Prints medians, the ratio and peak memory (max RSS).
 *
 *   npm run bench                          # 100k, 1M and 3M contacts, 3 runs each; then XLSX
 *   npm run bench -- --sizes 1m --runs 5
 *   npm run bench -- --sizes none          # only the XLSX row
 *   npm run bench -- --sizes 1m --opportunities   # plus one opportunity per account-month (1M at 1m)
 *
 * The XLSX row audits 100k contacts (10k accounts, 500 owners) written as .xlsx workbooks by the
 * generator against the same rows as CSV, alternated: the ratio of times and the peak RSS (`--no-xlsx`
 * leaves it out).
 *
 * Data is generated (seeded) into bench/data/ on first use. Times depend on the machine and on what
 * else it is doing: quote the ratios.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const { values } = parseArgs({
  options: {
    sizes: { type: 'string', default: '100k,1m,3m' },
    'no-xlsx': { type: 'boolean', default: false },
    runs: { type: 'string', default: '3' },
    opportunities: { type: 'boolean', default: false },
  },
});

const SIZES = { '100k': 100_000, '1m': 1_000_000, '3m': 3_000_000 };
const runs = Number(values.runs);
const work = path.join(os.tmpdir(), `crm-owners-bench-${process.pid}`);
mkdirSync(work, { recursive: true });

const hasTime = existsSync('/usr/bin/time');
const hasShell = spawnSync('sqlite3', ['-version']).status === 0;

/** Runs a command, returning wall seconds and max RSS (KB) when /usr/bin/time is there. */
function measure(command, args) {
  const start = performance.now();
  const result = hasTime
    ? spawnSync('/usr/bin/time', ['-f', '%M', command, ...args], { encoding: 'utf8', maxBuffer: 1 << 26 })
    : spawnSync(command, args, { encoding: 'utf8', maxBuffer: 1 << 26 });
  const seconds = (performance.now() - start) / 1000;
  if (result.status !== 0 && result.status !== 1) {
    throw new Error(`${command} ${args.join(' ')} failed (${result.status}):\n${result.stderr}`);
  }
  const rss = hasTime ? Number(result.stderr.trim().split('\n').at(-1)) : NaN;
  return { seconds, rss };
}

function median(list) {
  const sorted = [...list].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** Opportunities per account with --opportunities: as many opportunities as contacts. */
const MONTHS = 10;
const withOpportunities = values.opportunities;

function dataFor(size, format = 'csv', opportunities = withOpportunities && format === 'csv') {
  const contacts = SIZES[size];
  const dir = path.join(
    ROOT,
    'bench',
    'data',
    format !== 'csv' ? `${size}-${format}` : opportunities ? `${size}-opps` : size,
  );
  if (!existsSync(path.join(dir, opportunities ? 'Opportunity.csv' : `Contact.${format}`))) {
    const months = opportunities ? ['--months', String(MONTHS)] : [];
    const generated = spawnSync(
      process.execPath,
      [
        path.join(ROOT, 'bench/generate.js'),
        '--contacts',
        String(contacts),
        '--accounts',
        String(contacts / 10),
        '--owners',
        '500',
        ...months,
        '--out',
        dir,
        '--format',
        format,
      ],
      {
        stdio: 'inherit',
      },
    );
    if (generated.status !== 0) throw new Error('data generation failed');
  }
  return dir;
}

function tool(dir) {
  const db = path.join(work, 'tool.db');
  rmSync(db, { force: true });
  return measure(process.execPath, [
    path.join(ROOT, 'bin/crm-owners.js'),
    'audit',
    dir,
    '--db',
    db,
    '--quiet',
    '--format',
    'json',
  ]);
}

/** What an analyst types into the sqlite3 shell for the same four answers. */
function shell(dir) {
  const db = path.join(work, 'shell.db');
  rmSync(db, { force: true });
  return measure('sqlite3', [
    db,
    `.import --csv ${path.join(dir, 'User.csv')} users`,
    `.import --csv ${path.join(dir, 'Account.csv')} accounts`,
    `.import --csv ${path.join(dir, 'Contact.csv')} contacts`,
    'CREATE INDEX contacts_owner ON contacts (OwnerId)',
    'CREATE INDEX contacts_account ON contacts (AccountId)',
    "SELECT count(*) FROM contacts WHERE OwnerId = ''",
    "SELECT count(*) FROM contacts c JOIN users u ON u.Id = c.OwnerId WHERE u.IsActive = 'false'",
    "SELECT count(*) FROM contacts c LEFT JOIN users u ON u.Id = c.OwnerId WHERE c.OwnerId != '' AND u.Id IS NULL",
    'SELECT count(*) FROM contacts c JOIN accounts a ON a.Id = c.AccountId WHERE a.OwnerId != c.OwnerId',
    // The same questions of the open opportunities.
    ...(withOpportunities
      ? [
          `.import --csv ${path.join(dir, 'Opportunity.csv')} opportunities`,
          'CREATE INDEX opportunities_owner ON opportunities (OwnerId)',
          "SELECT count(*) FROM opportunities WHERE IsClosed = 'false' AND OwnerId = ''",
          "SELECT count(*) FROM opportunities o JOIN users u ON u.Id = o.OwnerId WHERE o.IsClosed = 'false' AND u.IsActive = 'false'",
          "SELECT count(*) FROM opportunities o LEFT JOIN users u ON u.Id = o.OwnerId WHERE o.IsClosed = 'false' AND o.OwnerId != '' AND u.Id IS NULL",
          "SELECT count(*) FROM opportunities o JOIN accounts a ON a.Id = o.AccountId WHERE o.IsClosed = 'false' AND a.OwnerId != o.OwnerId",
        ]
      : []),
  ]);
}

const rows = [];
for (const size of values.sizes.split(',').filter((s) => s !== 'none')) {
  if (!SIZES[size]) throw new Error(`unknown size ${size} (100k, 1m, 3m)`);
  const dir = dataFor(size);
  const ours = [];
  const theirs = [];
  for (let i = 0; i < runs; i++) {
    ours.push(tool(dir));
    if (hasShell) theirs.push(shell(dir));
    process.stderr.write(
      `${size} run ${i + 1}/${runs}: crm-owners ${ours.at(-1).seconds.toFixed(2)} s${hasShell ? `, sqlite3 ${theirs.at(-1).seconds.toFixed(2)} s` : ''}\n`,
    );
  }
  const row = {
    size,
    ours: median(ours.map((r) => r.seconds)),
    oursRss: Math.max(...ours.map((r) => r.rss)) / 1024,
    theirs: hasShell ? median(theirs.map((r) => r.seconds)) : NaN,
    theirsRss: hasShell ? Math.max(...theirs.map((r) => r.rss)) / 1024 : NaN,
  };
  if (size === '1m') {
    // Planning on the snapshot the last audit left: the records the default checks flag.
    const out = path.join(work, 'plan');
    row.plan = median(
      Array.from(
        { length: runs },
        () =>
          measure(process.execPath, [
            path.join(ROOT, 'bin/crm-owners.js'),
            'plan',
            '--db',
            path.join(work, 'tool.db'),
            '--out',
            out,
            '--force',
            '--quiet',
            '--json',
          ]).seconds,
      ),
    );
  }
  rows.push(row);
}

const fmt = (n, digits = 2) => (Number.isFinite(n) ? n.toFixed(digits) : '—');
if (rows.length) {
  console.log(
    `\ncrm-owners audit FILES vs the sqlite3 shell · ${os.cpus().length} cores · ${runs} runs each, medians${withOpportunities ? ' · with as many opportunities as contacts' : ''}\n`,
  );
  console.log('contacts  crm-owners s  sqlite3 s  ratio  crm-owners max RSS MB  sqlite3 max RSS MB');
}
for (const r of rows) {
  console.log(
    `${r.size.padEnd(8)}  ${fmt(r.ours).padStart(12)}  ${fmt(r.theirs).padStart(9)}  ${fmt(r.ours / r.theirs).padStart(5)}  ${fmt(r.oursRss, 0).padStart(21)}  ${fmt(r.theirsRss, 0).padStart(18)}`,
  );
}
if (!values['no-xlsx']) {
  // Same rows, two formats, alternated.
  const csvDir = dataFor('100k', 'csv', false);
  const xlsxDir = dataFor('100k', 'xlsx');
  const csv = [];
  const xlsx = [];
  for (let i = 0; i < runs; i++) {
    csv.push(tool(csvDir));
    xlsx.push(tool(xlsxDir));
    process.stderr.write(
      `xlsx run ${i + 1}/${runs}: CSV ${csv.at(-1).seconds.toFixed(2)} s, XLSX ${xlsx.at(-1).seconds.toFixed(2)} s\n`,
    );
  }
  const csvSeconds = median(csv.map((r) => r.seconds));
  const xlsxSeconds = median(xlsx.map((r) => r.seconds));
  console.log('\n100k contacts as XLSX vs the same rows as CSV (crm-owners audit FILES)\n');
  console.log('format  crm-owners s  ratio  max RSS MB');
  console.log(
    `CSV     ${fmt(csvSeconds).padStart(12)}  ${fmt(1).padStart(5)}  ${fmt(Math.max(...csv.map((r) => r.rss)) / 1024, 0).padStart(10)}`,
  );
  console.log(
    `XLSX    ${fmt(xlsxSeconds).padStart(12)}  ${fmt(xlsxSeconds / csvSeconds).padStart(5)}  ${fmt(Math.max(...xlsx.map((r) => r.rss)) / 1024, 0).padStart(10)}`,
  );
}
const planned = rows.find((r) => r.plan !== undefined);
if (planned) console.log(`\nplan on the 1M snapshot (default checks): ${fmt(planned.plan)} s median`);
if (!hasShell && rows.length) console.log('\nsqlite3 is not installed: no peer to compare with.');
rmSync(work, { recursive: true, force: true });
