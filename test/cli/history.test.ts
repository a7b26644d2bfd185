/** `crm-owners history` end to end, on a year of monthly snapshots. */
import { beforeAll, describe, expect, it } from 'vitest';
import { fixture, tempDir } from '../helpers/cli.js';
import { runInProcess, runJsonInProcess } from '../helpers/inProcess.js';
import { IDS, makeHistory, MONTHS } from '../helpers/history.js';

let db: string;
const config = fixture('salesforce/crm-owners.config.json');

beforeAll(async () => {
  db = await makeHistory(tempDir('crm-owners-history-cli-'));
});

describe('history RECORD_ID', () => {
  it('prints the owner in every snapshot as a table', async () => {
    // A wide terminal: names are shown whole (at 80 columns they are cut with …).
    const result = await runInProcess(['history', IDS.libertyContact, '--db', db], { env: { COLUMNS: '200' } });
    expect(result.code).toBe(0);
    const lines = result.stdout.trimEnd().split('\n');
    expect(lines[0]).toBe(
      `crm-owners history · contacts ${IDS.libertyContact} "Dev Raman" · owner changed 3 times, back to an earlier owner (ping-pong)`,
    );
    expect(lines[2]).toMatch(/^snapshot +label +date +owner +owner state +change$/);
    expect(lines[3]).toMatch(/^ +1 +2025-12 +2025-12-28 +Alex Morgan \(0058c00000d0M1VAAU\) +active$/);
    expect(lines[9]).toMatch(/^ +7 +2026-06 +2026-06-28 +Alex Morgan \(0058c00000O6V0xAAF\) +active +changed$/);
    expect(lines).toHaveLength(3 + MONTHS.length);
  });

  it('writes crm-owners/history@1 with --json', async () => {
    const { code, json } = await runJsonInProcess(['history', IDS.keystone, '--db', db, '--json']);
    expect(code).toBe(0);
    expect(json.schema).toBe('crm-owners/history@1');
    expect(json.changes).toBe(4);
    expect(json.pingPong).toBe(true);
    expect(json.snapshots).toHaveLength(12);
    expect(json.snapshots[11]).toEqual({
      snapshot: { id: 12, label: '2026-11', loadedAt: '2026-11-28T06:00:00.000Z', asOf: '2026-11-28T06:00:00.000Z' },
      present: true,
      recordName: 'Keystone Data Centers',
      owner: IDS.mei,
      ownerId: IDS.mei,
      ownerName: 'Mei Chen',
      ownerState: 'active',
      changed: false,
    });
  });

  it('writes CSV for people and Markdown', async () => {
    const csv = await runInProcess([
      'history',
      '0018c00000MUxtRAAT',
      '--db',
      db,
      '--config',
      config,
      '--format',
      'csv',
    ]);
    expect(csv.code).toBe(0);
    expect(csv.stdout.startsWith('\uFEFFsnapshot,label,date,owner,owner state,change\r\n')).toBe(true);
    expect(csv.stdout).toContain('3,2026-02,2026-02-28,Integration User (0058c00000FBJKnAAP),placeholder,changed\r\n');
    const markdown = await runInProcess(['history', IDS.keystone, '--db', db, '--format', 'markdown']);
    expect(markdown.stdout).toContain(
      '| 6 | 2026-05 | 2026-05-28 | Dana Whitfield (0058c00000l57zPAAQ) | active | changed |',
    );
  });

  it('rejects an unknown record, and no argument or both (exit 2)', async () => {
    const unknown = await runInProcess(['history', 'nope', '--db', db]);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain(`crm-owners: error: ${db}: no record "nope" in any snapshot`);
    expect((await runInProcess(['history', '--db', db])).stderr).toContain(
      'history takes a record id or --owner OWNER (one of them)',
    );
    expect((await runInProcess(['history', IDS.keystone, '--owner', 'Mei Chen', '--db', db])).code).toBe(2);
  });
});

describe('history --owner', () => {
  it("prints an owner's loads, gains and losses per snapshot, and the records", async () => {
    const result = await runInProcess(['history', '--owner', 'Mei Chen', '--db', db], { env: { COLUMNS: '200' } });
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(
      'crm-owners history · owner Mei Chen (0058c000003i23fAAA) <mei.chen@lumenridge.io>',
    );
    expect(result.stdout).toMatch(/\n +4 +2026-03 +2026-03-28 +active +2 +4 +0 +0 +3 +-3\n/);
    expect(result.stdout).toMatch(
      /\n +4 +2026-03 +accounts +0018c00000bUDUTAA4 +Puget Sound Marine Supply +lost to +Dana Whitfield \(0058c00000l57zPAAQ\)\n/,
    );
  });

  it('writes crm-owners/owner-history@1 with --json, every record gained and lost', async () => {
    const { json } = await runJsonInProcess(['history', '--owner', IDS.dana, '--db', db, '--json']);
    expect(json.schema).toBe('crm-owners/owner-history@1');
    expect(json.snapshots.map((s: { gained: unknown[]; lost: unknown[] }) => [s.gained.length, s.lost.length])).toEqual(
      [
        [0, 0],
        [0, 0],
        [0, 0],
        [3, 0],
        [0, 0],
        [1, 0],
        [1, 1],
        [1, 0],
        [0, 1],
        [0, 0],
        [0, 0],
        [1, 0],
      ],
    );
  });

  it('rejects an owner no snapshot knows (exit 2)', async () => {
    const result = await runInProcess(['history', '--owner', 'Nobody Here', '--db', db]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('--owner "Nobody Here": no such owner in any snapshot\'s users export');
  });
});
