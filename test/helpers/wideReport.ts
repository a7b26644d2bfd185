/**
 * A report that stresses the layout: all five record kinds (six trend series with "all kinds"),
 * account-owner-mismatch on three kinds (bar labels that share a long prefix), owners with long
 * names, and twelve territories with long names (a wide territories × owners table). Built from the
 * bundled Salesforce Data Loader exports, with the users renamed and a rules file written here.
 */
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import { fixture, run } from './cli.js';

const LONG_NAMES: Record<string, string> = {
  'Dana Whitfield': 'Dana Whitfield-Ramanathan',
  'Mei Chen': 'Mei Chen-Oyelaran (Strategic Accounts)',
  'Priya Natarajan': 'Priya Natarajan Venkataraman',
  'Omar Haddad': 'Omar Haddad Al-Masri',
};

/** Territory names as sales operations writes them. */
const TERRITORIES: [name: string, country: string, states: string][] = [
  ['Pacific Northwest Enterprise', 'US', 'WA|OR'],
  ['Northern California Commercial', 'US', 'CA'],
  ['Mountain and Desert Southwest', 'US', 'NV|CO'],
  ['Texas and Gulf Coast Industrial', 'US', 'TX'],
  ['Great Lakes Manufacturing', 'US', 'IL|OH'],
  ['Florida and Southeast Growth', 'US', 'FL'],
  ['New York Metro Financial Services', 'US', 'NY|New York'],
  ['Mid-Atlantic Healthcare', 'US', 'PA|New Jersey'],
  ['New England Higher Education', 'US', 'MA'],
  ['Canada East and West Combined', 'Canada', '*'],
  ['United Kingdom and Ireland', 'United Kingdom', '*'],
  ['DACH Central Europe', 'Germany', '*'],
];

/** Writes the exports, rules, a plan and the report under `dir`; returns their paths. */
export function makeWideReport(dir: string): {
  db: string;
  rules: string;
  plan: string;
  report: string;
  exports: string;
} {
  const exports = path.join(dir, 'exports');
  mkdirSync(exports, { recursive: true });
  for (const [folder, file] of [
    ['dataloader', 'Account.csv'],
    ['dataloader', 'Contact.csv'],
    ['dataloader', 'Lead.csv'],
    ['dataloader-sales', 'Opportunity.csv'],
    ['dataloader-sales', 'Case.csv'],
  ])
    copyFileSync(fixture(`salesforce/${folder}/${file}`), path.join(exports, file));
  const users: Record<string, string>[] = parse(readFileSync(fixture('salesforce/dataloader/User.csv')), {
    columns: true,
  });
  for (const user of users) {
    const long = LONG_NAMES[user.Name];
    if (long) {
      user.Name = long;
      user.LastName = long.slice(user.FirstName.length + 1);
    }
  }
  writeFileSync(path.join(exports, 'User.csv'), stringify(users, { header: true, quoted: true }));
  const rules = path.join(dir, 'territories.csv');
  writeFileSync(
    rules,
    stringify(
      TERRITORIES.map(([territory, country, states], i) => ({
        territory,
        priority: 10 + i,
        kind: '',
        owners: '',
        BillingCountry: country,
        BillingState: states,
      })),
      { header: true },
    ),
  );
  const db = path.join(dir, 'wide.db');
  const plan = path.join(dir, 'plan');
  const report = path.join(dir, 'report.html');
  const common = ['--db', db, '--config', fixture('salesforce/crm-owners.config.json'), '--rules', rules];
  for (const [args, what] of [
    [['load', exports, '--db', db, '-q'], 'load'],
    [['plan', ...common, '--out', plan, '-q'], 'plan'],
    [['report', ...common, '--plan', plan, '--out', report, '-q'], 'report'],
  ] as const) {
    const result = run([...args]);
    if (result.code !== 0) throw new Error(`${what} failed (exit ${result.code}): ${result.stderr}`);
  }
  return { db, rules, plan, report, exports };
}
