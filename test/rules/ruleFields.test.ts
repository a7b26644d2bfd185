/**
 * One rules file for every export shape: rules may name canonical fields (`state`, `country`, …)
 * that each preset maps to its own headers (Data Loader `BillingState`/`MailingState`, a Salesforce
 * report's `Mailing State/Province`); header names keep working; `--no-rules` switches off the
 * config's rules for one run; a rule for a kind that was not loaded says so.
 */
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { beforeAll, describe, expect, it } from 'vitest';
import { isRuleField, ruleFieldHeaders, RULE_FIELDS } from '../../dist/ingest/identify/presets/ruleFields.js';
import { PRESET_NAMES } from '../../dist/ingest/identify/presets/preset.js';
import { parseRules, validateRules, type TerritoryRules } from '../../dist/rules/rules.js';
import { fixture, tempDir } from '../helpers/cli.js';
import { runInProcess } from '../helpers/inProcess.js';

const CANONICAL =
  'territory,priority,country,state\nWest,1,!Canada,CA|NV|OR|WA\nEast,2,!Canada,NY|NJ|MA|PA\nCentral,3,!Canada,TX|IL|CO|OH|FL\nCanada,4,Canada,\n';

describe('canonical rule fields', () => {
  it('every preset maps every field to lower-case headers (or the generic names)', () => {
    for (const field of RULE_FIELDS) {
      expect(isRuleField(field)).toBe(true);
      for (const preset of PRESET_NAMES) {
        const headers = ruleFieldHeaders(field, preset);
        expect(headers.length, `${field} for ${preset}`).toBeGreaterThan(0);
        for (const header of headers) expect(header).toBe(header.trim().toLowerCase());
      }
    }
    expect(isRuleField('constructor')).toBe(false);
    expect(ruleFieldHeaders('state', 'constructor')).toEqual(ruleFieldHeaders('state', 'generic'));
  });

  it('maps state to the Data Loader and the report headers', () => {
    expect(ruleFieldHeaders('state', 'salesforce')).toEqual(expect.arrayContaining(['billingstate', 'mailingstate']));
    expect(ruleFieldHeaders('state', 'salesforce-report')).toContain('mailing state/province');
  });
});

describe('a rule for a kind that was not loaded', () => {
  const rules: TerritoryRules = parseRules('r.csv', 'territory,kind,BillingState\nWest,accounts,CA\n');
  it('says no export of that kind is loaded, not that the export lacks the column', () => {
    let message = '';
    try {
      validateRules(rules, { column: () => false, loaded: () => false, owner: () => true });
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toBe(
      'r.csv:2: the rule for accounts names "BillingState", but no accounts export is loaded: load one, or run without the rules (--no-rules)',
    );
    expect(message).not.toContain('does not have it');
  });
});

describe('one rules file for a Data Loader export and a report export', () => {
  const dir = tempDir('crm-owners-rule-fields-');
  const dataLoader = path.join(dir, 'dataloader.db');
  const report = path.join(dir, 'report.db');
  const write = (name: string, text: string) => {
    const file = path.join(dir, name);
    writeFileSync(file, text);
    return file;
  };
  const findings = async (db: string, rules: string, name: string) => {
    const out = path.join(dir, `findings-${name}.csv`);
    const result = await runInProcess(['audit', '--db', db, '--rules', rules, '--findings', out, '--json']);
    expect(result.code, result.stderr).toBe(0);
    const rows: Record<string, string>[] = parse(readFileSync(out), { columns: true, bom: true });
    return rows
      .filter((r) => r.check === 'no-territory' || r.check === 'territory-conflict')
      .map((r) => `${r.check} ${r.kind} ${r.record_id}`)
      .sort();
  };

  beforeAll(async () => {
    const folder = path.join(dir, 'report-export');
    mkdirSync(folder);
    copyFileSync(
      fixture('salesforce/report/Contacts and Accounts report.csv'),
      path.join(folder, 'Contacts and Accounts report.csv'),
    );
    copyFileSync(fixture('salesforce/dataloader/User.csv'), path.join(folder, 'User.csv'));
    for (const [db, from] of [
      [dataLoader, fixture('salesforce/dataloader')],
      [report, folder],
    ]) {
      const loaded = await runInProcess(['load', from, '--db', db, '-q']);
      expect(loaded.code, loaded.stderr).toBe(0);
    }
  });

  it("matches `state` to the report's Mailing State/Province as a rule naming that header does", async () => {
    const canonical = await findings(report, write('canonical.csv', CANONICAL), 'report-canonical');
    const byHeader = await findings(
      report,
      write('report-headers.csv', CANONICAL.replace('country,state', 'country,Mailing State/Province')),
      'report-headers',
    );
    // The report has no country column: `country` reads as empty there, so !Canada matches.
    expect(canonical).toEqual(byHeader);
    expect(canonical.length).toBeGreaterThan(0);
    // Contacts whose account is not in the snapshot (only contacts were exported) are matched by their own fields.
    // Lupe Navarro, Dana Whitfield's (West) contact in TX (Central).
    expect(canonical).toContain('territory-conflict contacts 0038c00000H7Y7zAAF');
  });

  it('matches `state` and `country` to BillingState/BillingCountry and MailingState in a Data Loader export', async () => {
    const canonical = await findings(dataLoader, write('canonical-dl.csv', CANONICAL), 'dl-canonical');
    const headers =
      'territory,priority,kind,BillingCountry,BillingState,MailingState,State\n' +
      'West,1,accounts,!Canada,CA|NV|OR|WA,,\nEast,2,accounts,!Canada,NY|NJ|MA|PA,,\nCentral,3,accounts,!Canada,TX|IL|CO|OH|FL,,\nCanada,4,accounts,Canada,,,\n' +
      'West,1,contacts,,,CA|NV|OR|WA,\nEast,2,contacts,,,NY|NJ|MA|PA,\nCentral,3,contacts,,,TX|IL|CO|OH|FL,\n' +
      'West,1,leads,,,,CA|NV|OR|WA\nEast,2,leads,,,,NY|NJ|MA|PA\nCentral,3,leads,,,,TX|IL|CO|OH|FL\n';
    const byHeader = await findings(dataLoader, write('dl-headers.csv', headers), 'dl-headers');
    expect(canonical).toEqual(byHeader);
    expect(canonical.some((f) => f.startsWith('territory-conflict accounts'))).toBe(true);
  });

  it('keeps rules naming export headers working', async () => {
    const result = await runInProcess([
      'audit',
      '--db',
      dataLoader,
      '--rules',
      fixture('rules/territories.csv'),
      '--json',
    ]);
    expect(result.code, result.stderr).toBe(0);
  });

  it("--no-rules switches off the config's rules for one run", async () => {
    const config = write('crm-owners.config.json', JSON.stringify({ rules: 'canonical.csv' }));
    const checks = async (...extra: string[]) => {
      const result = await runInProcess(['audit', '--db', report, '--config', config, '--json', ...extra]);
      expect(result.code, result.stderr).toBe(0);
      return JSON.parse(result.stdout).checks.map((c: { check: string }) => c.check);
    };
    expect(await checks()).toContain('no-territory');
    const without = await checks('--no-rules');
    expect(without).not.toContain('no-territory');
    expect(without).not.toContain('territory-conflict');
  });

  it('says a rule for accounts cannot apply when no accounts export was loaded', async () => {
    const result = await runInProcess([
      'audit',
      '--db',
      report,
      '--rules',
      write('accounts.csv', 'territory,kind,BillingState\nWest,accounts,CA\n'),
    ]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('no accounts export is loaded');
    expect(result.stderr).not.toContain('the accounts export does not have it');
  });
});
