#!/usr/bin/env node
/**
 * The benchmark: `crm-owners audit FILES` end to end against an analyst doing the same with the
 * sqlite3 shell (`.import` the three files, two indexes, four count queries) and with DuckDB's node
 * API (`read_csv` the three files, the same four counts: bench/duckdbPeer.js), alternated in one run,
 * at several sizes. Prints each side's median with its spread (min–max), both ratios (median and
 * spread of the per-run ratios), the database files' sizes and peak memory (max RSS).
 *
 *   npm run bench                          # 100k, 1M and 3M contacts, 3 runs each; then XLSX
 *   npm run bench -- --sizes 1m --runs 5
 *   npm run bench -- --sizes none          # only the XLSX row
 *   npm run bench -- --sizes 1m --opportunities   # plus one opportunity per account-month (1M at 1m)
 *   npm run bench -- --months 12           # history: twelve monthly snapshots of a 200k-contact org
 *   npm run bench -- --months 12 --sizes 1m
 *
 * The history bench (`--months N`) loads N monthly exports of one org (bench/generateHistory.js:
 * 200k contacts unless --sizes says otherwise, a tenth as many accounts, 300 users, about 5 % of the
 * records changing owner or a field each month) one after another into one database, --runs times;
 * then times `diff`, `churn`, `history RECORD`, `history --owner OWNER` and `report` on it, in turn.
 *
 * The XLSX row audits 100k contacts (10k accounts, 500 owners) written as .xlsx workbooks by the
 * generator against the same rows as CSV, alternated: the ratio of times and the peak RSS (`--no-xlsx`
 * leaves it out).
 *
 * Data is generated (seeded) into bench/data/ on first use. Times depend on the machine and on what
 * else it is doing: quote the ratios.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, rmSync, statSync } from 'node:fs';
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
    months: { type: 'string' },
  },
});

const SIZES = { '100k': 100_000, '200k': 200_000, '1m': 1_000_000, '3m': 3_000_000 };
const runs = Number(values.runs);
const work = path.join(os.tmpdir(), `crm-owners-bench-${process.pid}`);
mkdirSync(work, { recursive: true });

const hasTime = existsSync('/usr/bin/time');
const hasShell = spawnSync('sqlite3', ['-version']).status === 0;
const duckCheck = spawnSync(process.execPath, [path.join(ROOT, 'bench/duckdbPeer.js'), '--check'], {
  encoding: 'utf8',
});
const hasDuck = duckCheck.status === 0;
if (!hasDuck)
  process.stderr.write(
    `DuckDB peer skipped: ${duckCheck.stderr.trim() || 'bench/duckdbPeer.js failed'} (npm install installs it as a dev dependency)\n`,
  );

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

/** A database's bytes on disk, with its WAL if one was left. */
function bytesOf(db) {
  let bytes = 0;
  for (const file of [db, `${db}.wal`, `${db}-wal`]) if (existsSync(file)) bytes += statSync(file).size;
  return bytes;
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
  const result = measure(process.execPath, [
    path.join(ROOT, 'bin/crm-owners.js'),
    'audit',
    dir,
    '--db',
    db,
    '--quiet',
    '--format',
    'json',
  ]);
  return { ...result, bytes: bytesOf(db) };
}

/** The same four counts with DuckDB's node API (bench/duckdbPeer.js). */
function duck(dir) {
  const db = path.join(work, 'duck.db');
  rmSync(db, { force: true });
  rmSync(`${db}.wal`, { force: true });
  const result = measure(process.execPath, [path.join(ROOT, 'bench/duckdbPeer.js'), dir, db]);
  return { ...result, bytes: bytesOf(db) };
}

/** What an analyst types into the sqlite3 shell for the same four answers. */
function shell(dir) {
  const db = path.join(work, 'shell.db');
  rmSync(db, { force: true });
  const result = measure('sqlite3', [
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
  return { ...result, bytes: bytesOf(db) };
}

const fmt = (n, digits = 2) => (Number.isFinite(n) ? n.toFixed(digits) : '—');
const mb = (bytes) => fmt(bytes / 1e6, 0);
/** A list of numbers as "median (min–max)". */
function spread(list, digits = 2) {
  if (!list.length || !list.every(Number.isFinite)) return '—';
  return `${fmt(median(list), digits)} (${fmt(Math.min(...list), digits)}–${fmt(Math.max(...list), digits)})`;
}
/** Per-run ratios of two alternated series. */
const ratios = (a, b) => (b.length ? a.map((r, i) => r.seconds / b[i].seconds) : []);
const maxRss = (list) => (list.length ? Math.max(...list.map((r) => r.rss)) / 1024 : NaN);
const maxBytes = (list) => (list.length ? Math.max(...list.map((r) => r.bytes)) : NaN);
const cli = (...args) => measure(process.execPath, [path.join(ROOT, 'bin/crm-owners.js'), ...args]);

if (values.months !== undefined) {
  history(Number(values.months), values.sizes === '100k,1m,3m' ? '200k' : values.sizes);
  rmSync(work, { recursive: true, force: true });
  process.exit(0);
}

// The DuckDB peer answers the contacts' four questions only.
const withDuck = hasDuck && !withOpportunities;
const rows = [];
for (const size of values.sizes.split(',').filter((s) => s !== 'none')) {
  if (!SIZES[size]) throw new Error(`unknown size ${size} (100k, 1m, 3m)`);
  const dir = dataFor(size);
  const ours = [];
  const theirs = [];
  const ducks = [];
  for (let i = 0; i < runs; i++) {
    ours.push(tool(dir));
    if (hasShell) theirs.push(shell(dir));
    if (withDuck) ducks.push(duck(dir));
    process.stderr.write(
      `${size} run ${i + 1}/${runs}: crm-owners ${ours.at(-1).seconds.toFixed(2)} s${hasShell ? `, sqlite3 ${theirs.at(-1).seconds.toFixed(2)} s` : ''}${withDuck ? `, DuckDB ${ducks.at(-1).seconds.toFixed(2)} s` : ''}\n`,
    );
  }
  const row = { size, ours, theirs, ducks };
  if (size === '1m') {
    // Planning on the snapshot the last audit left: the records the default checks flag.
    const out = path.join(work, 'plan');
    row.plan = median(
      Array.from(
        { length: runs },
        () => cli('plan', '--db', path.join(work, 'tool.db'), '--out', out, '--force', '--quiet', '--json').seconds,
      ),
    );
  }
  rows.push(row);
}

if (rows.length) {
  console.log(
    `\ncrm-owners audit FILES vs the sqlite3 shell and DuckDB · ${os.cpus().length} cores · ${runs} alternated runs each: medians (min–max)${withOpportunities ? ' · with as many opportunities as contacts' : ''}\n`,
  );
  console.log('| contacts | crm-owners s | sqlite3 s | DuckDB s | ÷ shell | ÷ DuckDB |');
  console.log('| --- | --- | --- | --- | --- | --- |');
  for (const r of rows) {
    const seconds = (list) => spread(list.map((x) => x.seconds));
    console.log(
      `| ${r.size} | ${seconds(r.ours)} | ${seconds(r.theirs)} | ${seconds(r.ducks)} | ${spread(ratios(r.ours, r.theirs))} | ${spread(ratios(r.ours, r.ducks))} |`,
    );
  }
  console.log(
    '\n| contacts | database MB: crm-owners | sqlite3 | DuckDB | max RSS MB: crm-owners | sqlite3 | DuckDB |',
  );
  console.log('| --- | --- | --- | --- | --- | --- | --- |');
  for (const r of rows) {
    console.log(
      `| ${r.size} | ${mb(maxBytes(r.ours))} | ${mb(maxBytes(r.theirs))} | ${mb(maxBytes(r.ducks))} | ${fmt(maxRss(r.ours), 0)} | ${fmt(maxRss(r.theirs), 0)} | ${fmt(maxRss(r.ducks), 0)} |`,
    );
  }
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
if (!hasShell && rows.length) console.log('\nsqlite3 is not installed: no shell peer to compare with.');
if (!hasDuck && rows.length)
  console.log(
    '\n@duckdb/node-api is not installed (npm install adds it, a dev dependency): no DuckDB peer to compare with.',
  );
else if (withOpportunities && rows.length)
  console.log("\nDuckDB peer left out with --opportunities: it answers the contacts' questions only.");
rmSync(work, { recursive: true, force: true });

/**
 * The history bench: `months` monthly exports of one org loaded one after another into one
 * database, `runs` times from an empty file; then the history commands on the last database, in turn.
 */
function history(months, size) {
  if (!SIZES[size] || size.includes(','))
    throw new Error(`--months takes one size (${Object.keys(SIZES).join(', ')}), not ${size}`);
  if (!Number.isInteger(months) || months < 2) throw new Error('--months wants a whole number of 2 or more');
  const contacts = SIZES[size];
  const dir = path.join(ROOT, 'bench', 'data', `history-${size}-${months}`);
  if (!existsSync(path.join(dir, 'DONE'))) {
    const generated = spawnSync(
      process.execPath,
      [
        path.join(ROOT, 'bench/generateHistory.js'),
        '--contacts',
        String(contacts),
        '--accounts',
        String(contacts / 10),
        '--owners',
        '300',
        '--months',
        String(months),
        '--out',
        dir,
      ],
      { stdio: 'inherit' },
    );
    if (generated.status !== 0) throw new Error('data generation failed');
  }
  const monthDir = (m) => path.join(dir, `month-${String(m).padStart(2, '0')}`);
  const db = path.join(work, 'history.db');
  const first = [];
  const last = [];
  const firstBytes = [];
  const lastBytes = [];
  const rss = [];
  for (let i = 0; i < runs; i++) {
    for (const file of [db, `${db}-wal`, `${db}-shm`, `${db}.bak`]) rmSync(file, { force: true });
    for (let m = 1; m <= months; m++) {
      const month = `2026-${String(((m - 1) % 12) + 1).padStart(2, '0')}`;
      const load = cli('load', monthDir(m), '--db', db, '--as-of', `${month}-01`, '--label', month, '--quiet');
      rss.push(load.rss);
      if (m === 1) {
        first.push(load.seconds);
        firstBytes.push(bytesOf(db));
      }
      if (m === months) {
        last.push(load.seconds);
        lastBytes.push(bytesOf(db));
      }
    }
    process.stderr.write(
      `history run ${i + 1}/${runs}: load month 1 ${first.at(-1).toFixed(2)} s, month ${months} ${last.at(-1).toFixed(2)} s, ${mb(lastBytes.at(-1))} MB\n`,
    );
  }
  // A contact and a user the generator always writes; the report goes to a file.
  const commands = {
    diff: ['diff', '--db', db, '--quiet', '--json'],
    churn: ['churn', '--db', db, '--quiet', '--json'],
    'history RECORD': ['history', '0035g00AAAAAAAB', '--db', db, '--quiet', '--json'],
    'history --owner': ['history', '--owner', '0055g00AAAAAAAB', '--db', db, '--quiet', '--json'],
    report: ['report', '--db', db, '--out', path.join(work, 'report.html'), '--quiet'],
  };
  const times = Object.fromEntries(Object.keys(commands).map((name) => [name, []]));
  const commandRss = Object.fromEntries(Object.keys(commands).map((name) => [name, []]));
  for (let i = 0; i < runs; i++) {
    for (const [name, args] of Object.entries(commands)) {
      const result = cli(...args);
      times[name].push(result.seconds);
      commandRss[name].push(result.rss / 1024);
    }
    process.stderr.write(
      `history commands run ${i + 1}/${runs}: ${Object.entries(times)
        .map(([name, list]) => `${name} ${list.at(-1).toFixed(2)} s`)
        .join(', ')}\n`,
    );
  }
  console.log(
    `\n${months} monthly snapshots of ${size} contacts (${contacts / 10} accounts, 300 users, about 5 % changing a month) · ${os.cpus().length} cores · ${runs} runs: medians (min–max)\n`,
  );
  console.log('| | after month 1 | after month ' + months + ' | ratio |');
  console.log('| --- | --- | --- | --- |');
  console.log(
    `| database MB | ${mb(median(firstBytes))} | ${mb(median(lastBytes))} | ${fmt(median(lastBytes) / median(firstBytes))} |`,
  );
  console.log(`| load s | ${spread(first)} | ${spread(last)} | ${spread(last.map((s, i) => s / first[i]))} |`);
  console.log(`\nmax RSS of the loads: ${fmt(Math.max(...rss) / 1024, 0)} MB\n`);
  console.log(`| command over ${months} snapshots | s | max RSS MB |`);
  console.log('| --- | --- | --- |');
  for (const name of Object.keys(commands))
    console.log(`| ${name} | ${spread(times[name])} | ${fmt(Math.max(...commandRss[name]), 0)} |`);
}
