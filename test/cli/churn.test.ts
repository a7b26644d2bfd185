/** `crm-owners churn` end to end, on a year of monthly snapshots. */
import { beforeAll, describe, expect, it } from 'vitest';
import { fixture, tempDir } from '../helpers/cli.js';
import { runInProcess, runJsonInProcess } from '../helpers/inProcess.js';
import { IDS, makeHistory } from '../helpers/history.js';

let db: string;

beforeAll(async () => {
  db = await makeHistory(tempDir('crm-owners-churn-cli-'));
});

describe('churn', () => {
  it('prints the churning records, per owner and per territory', async () => {
    // A wide terminal: names are shown whole (at 80 columns they are cut with …).
    const result = await runInProcess(['churn', '--db', db, '--rules', fixture('rules/territories.csv')], {
      env: { COLUMNS: '200' },
    });
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(
      'crm-owners churn · snapshots 1 "2025-12" → 12 "2026-11" (12) · owner changed 2 times or more',
    );
    expect(result.stdout).toContain(
      '15 owner changes on 9 records; 3 records changed owner 2 times or more, 2 of them back to an earlier owner (ping-pong).',
    );
    expect(result.stdout).toMatch(
      /\naccounts +0018c00000UzajBAAR +Keystone Data Centers +4 +yes +Enterprise +Mei Chen → Dana Whitfield → Mei Chen → Dana Whitfield → Mei Chen\n/,
    );
    expect(result.stdout).toMatch(/\nDana Whitfield +0058c00000l57zPAAQ +7 +2 +2\n/);
    expect(result.stdout).toMatch(/\nPer territory\nterritory +handovers +churning records\nEnterprise +5 +1\n/);
  });

  it('writes crm-owners/churn@1 with --json', async () => {
    const { code, json } = await runJsonInProcess(['churn', '--db', db, '--last', '6', '--min-changes', '1', '--json']);
    expect(code).toBe(0);
    expect(json.schema).toBe('crm-owners/churn@1');
    expect(json.snapshots.map((s: { id: number }) => s.id)).toEqual([7, 8, 9, 10, 11, 12]);
    expect(json.minChanges).toBe(1);
    expect(json.records[0]).toEqual({
      kind: 'accounts',
      recordId: IDS.keystone,
      recordName: 'Keystone Data Centers',
      changes: 2,
      owners: [
        { id: IDS.mei, name: 'Mei Chen' },
        { id: IDS.dana, name: 'Dana Whitfield' },
        { id: IDS.mei, name: 'Mei Chen' },
      ],
      pingPong: true,
    });
    expect(json.territories).toBeUndefined();
  });

  it('writes every record as CSV for people, and Markdown', async () => {
    const csv = await runInProcess(['churn', '--db', db, '--format', 'csv']);
    expect(csv.stdout.split('\r\n')).toEqual([
      '\uFEFFkind,record_id,record_name,changes,ping_pong,owners,owner_ids',
      `accounts,${IDS.keystone},Keystone Data Centers,4,yes,Mei Chen → Dana Whitfield → Mei Chen → Dana Whitfield → Mei Chen,${[IDS.mei, IDS.dana, IDS.mei, IDS.dana, IDS.mei].join(';')}`,
      `contacts,${IDS.libertyContact},Dev Raman,3,yes,Alex Morgan (${IDS.alexMorgan}) → Alex Morgan (${IDS.alexMorgan2}) → Alex Morgan (${IDS.alexMorgan}) → Alex Morgan (${IDS.alexMorgan2}),${[IDS.alexMorgan, IDS.alexMorgan2, IDS.alexMorgan, IDS.alexMorgan2].join(';')}`,
      `leads,${IDS.lead},Heidi Sorensen,2,no,${IDS.queue} → Omar Haddad → Dana Whitfield,${[IDS.queue, IDS.omar, IDS.dana].join(';')}`,
      '',
    ]);
    const markdown = await runInProcess([
      'churn',
      '--db',
      db,
      '--since',
      '11',
      '--min-changes',
      '1',
      '--format',
      'markdown',
    ]);
    expect(markdown.stdout).toContain(
      '### crm-owners churn · snapshots 11 "2026-10" → 12 "2026-11" (2) · owner changed 1 time or more',
    );
    expect(markdown.stdout).toContain(`| leads | ${IDS.lead} | Heidi Sorensen | 1 |  | Omar Haddad → Dana Whitfield |`);
  });

  it('rejects bad flags (exit 2)', async () => {
    for (const [args, message] of [
      [['--since', '2', '--last', '3'], '--since and --last both say where to start'],
      [['--min-changes', '0'], '--min-changes takes a whole number of 1 or more, got "0"'],
      [['--last', 'x'], '--last takes a whole number of 2 or more, got "x"'],
      [['--since', '12'], 'churn needs two snapshots or more, and there is only 1 in the run'],
    ] as const) {
      const result = await runInProcess(['churn', '--db', db, ...args]);
      expect([result.code, result.stdout]).toEqual([2, '']);
      expect(result.stderr).toContain(message);
    }
  });
});
