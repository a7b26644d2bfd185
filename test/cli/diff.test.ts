/** `crm-owners diff` end to end: two loads of fixtures/generic, the second with some owners changed. */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { fixture, tempDir } from '../helpers/cli.js';
import { runInProcess, runJsonInProcess } from '../helpers/inProcess.js';

const GENERIC = fixture('generic');

/** A copy of a fixture CSV with whole lines replaced (a line mapped to null is dropped). */
function editedCopy(dir: string, name: string, edits: Record<string, string | null>, append: string[] = []): void {
  const text = readFileSync(path.join(GENERIC, name), 'utf8');
  const out: string[] = [];
  for (const line of text.split('\n').filter((l) => l !== '')) {
    if (!(line in edits)) out.push(line);
    else if (edits[line] !== null) out.push(edits[line]!);
  }
  for (const line of Object.keys(edits)) if (!text.includes(line)) throw new Error(`no line "${line}" in ${name}`);
  writeFileSync(path.join(dir, name), `${[...out, ...append].join('\n')}\n`);
}

describe('diff', () => {
  const dir = tempDir('crm-owners-diff-');
  const db = path.join(dir, 'owners.db');
  const november = path.join(dir, 'november');

  beforeAll(() => {
    mkdirSync(november);
    writeFileSync(path.join(november, 'owners.csv'), readFileSync(path.join(GENERIC, 'owners.csv')));
    editedCopy(
      november,
      'accounts.csv',
      {
        'acc-1001,Birchwood Hardware,u101,North,SMB,40': 'acc-1001,Birchwood Hardware,u105,North,SMB,40',
        // Renamed in the CRM, and moved: the name Excel would run as a formula is neutralised in files for people.
        'acc-1002,Clearwater Pools,u101,North,SMB,25': 'acc-1002,=Clearwater Pools,u103,North,SMB,25',
        'acc-1007,Highland Dairy,,South,SMB,35': 'acc-1007,Highland Dairy,u102,South,SMB,35',
        // The same owner, spelled by email instead of id: not a change.
        'acc-1012,Millbrook Paper,u101,North,Mid-Market,150':
          'acc-1012,Millbrook Paper,rachel.stone@fieldstone.example,North,Mid-Market,150',
        'acc-1009,Juniper Solar Installers,u103,West,SMB,18': null,
      },
      ['acc-1013,Nettle Farm Supply,u102,South,SMB,12'],
    );
    editedCopy(november, 'contacts.csv', {
      'c-3011,Kai Noor,kai@ironbridge.example,acc-1008,u999,2026-03-18':
        'c-3011,Kai Noor,kai@ironbridge.example,acc-1008,U999,2026-03-18',
      'c-3017,Quinn Avery,quinn.avery@mail.example,,u101,2026-06-06':
        'c-3017,Quinn Avery,quinn.avery@mail.example,,u777,2026-06-06',
    });
  });

  it('needs two snapshots (exit 2)', async () => {
    expect((await runInProcess(['load', GENERIC, '--db', db, '--label', '2026-10', '-q'])).code).toBe(0);
    const result = await runInProcess(['diff', '--db', db]);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain(`crm-owners: error: ${db}: diff needs two snapshots, and there is only 1`);
  });

  it('prints the changes between the last two snapshots', async () => {
    expect((await runInProcess(['load', november, '--db', db, '--label', '2026-11', '-q'])).code).toBe(0);
    const result = await runInProcess(['diff', '--db', db]);
    expect(result.code).toBe(0);
    expect(result.stderr).toBe('');
    expect(result.stdout).toBe(
      [
        'crm-owners diff · snapshot 1 "2026-10" → snapshot 2 "2026-11"',
        '',
        'kind      changed owner  added  removed',
        'accounts              3      1        1',
        'contacts              1      0        0',
        '',
        '4 records changed owner.',
        '',
        'owner         id            gained  lost  net',
        'Kofi Mensah   u102               1     0   +1',
        'Lena Fischer  u103               1     0   +1',
        'Maya Singh    u105               1     0   +1',
        'u777          (unresolved)       1     0   +1',
        '(no owner)                       0     1   -1',
        'Rachel Stone  u101               0     3   -3',
        '',
        'Changes',
        'kind      record    name                old owner            new owner',
        'accounts  acc-1001  Birchwood Hardware  Rachel Stone (u101)  Maya Singh (u105)',
        'accounts  acc-1002  =Clearwater Pools   Rachel Stone (u101)  Lena Fischer (u103)',
        'accounts  acc-1007  Highland Dairy      (no owner)           Kofi Mensah (u102)',
        'contacts  c-3017    Quinn Avery         Rachel Stone (u101)  u777',
        '',
      ].join('\n'),
    );
  });

  it('--json', async () => {
    const { code, json } = await runJsonInProcess(['diff', '--db', db, '--json']);
    expect(code).toBe(0);
    expect(json.schema).toBe('crm-owners/diff@1');
    expect(json.from).toEqual({ id: 1, label: '2026-10', asOf: expect.any(String) });
    expect(json.to).toEqual({ id: 2, label: '2026-11', asOf: expect.any(String) });
    expect(json.counts).toEqual({
      changed: 4,
      added: { accounts: 1, contacts: 0, leads: 0, opportunities: 0, cases: 0 },
      removed: { accounts: 1, contacts: 0, leads: 0, opportunities: 0, cases: 0 },
    });
    expect(json.owners[json.owners.length - 1]).toEqual({ id: 'u101', name: 'Rachel Stone', gained: 0, lost: 3 });
    expect(json.changes[3]).toEqual({
      kind: 'contacts',
      recordId: 'c-3017',
      recordName: 'Quinn Avery',
      oldOwnerId: 'u101',
      oldOwnerName: 'Rachel Stone',
      newOwnerId: null,
      newOwnerName: 'u777',
    });
  });

  it('--out writes the changes as a CSV for people', async () => {
    const out = path.join(dir, 'changes.csv');
    const result = await runInProcess([
      'diff',
      '--db',
      db,
      '--from',
      '1',
      '--to',
      '2',
      '--out',
      out,
      '--format',
      'markdown',
    ]);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(
      '| accounts | acc-1001 | Birchwood Hardware | Rachel Stone (u101) | Maya Singh (u105) |',
    );
    expect(result.stderr).toBe(`Changes: 4 records → ${out}\n`);
    expect(readFileSync(out, 'utf8')).toBe(
      '\uFEFF' +
        [
          'kind,record_id,record_name,old_owner_id,old_owner_name,new_owner_id,new_owner_name',
          'accounts,acc-1001,Birchwood Hardware,u101,Rachel Stone,u105,Maya Singh',
          "accounts,acc-1002,'=Clearwater Pools,u101,Rachel Stone,u103,Lena Fischer",
          'accounts,acc-1007,Highland Dairy,,,u102,Kofi Mensah',
          'contacts,c-3017,Quinn Avery,u101,Rachel Stone,,u777',
          '',
        ].join('\r\n'),
    );
  });

  it('--format csv prints the same CSV on stdout', async () => {
    const result = await runInProcess(['diff', '--db', db, '--format', 'csv']);
    expect(result.code).toBe(0);
    expect(result.stdout).toBe(readFileSync(path.join(dir, 'changes.csv'), 'utf8'));
  });

  it('--from and --to the other way round', async () => {
    const { code, json } = await runJsonInProcess(['diff', '--db', db, '--from', '2', '--to', '1', '--json']);
    expect(code).toBe(0);
    expect(json.counts.added).toEqual({ accounts: 1, contacts: 0, leads: 0, opportunities: 0, cases: 0 });
    expect(json.changes[0]).toMatchObject({ recordId: 'acc-1001', oldOwnerId: 'u105', newOwnerId: 'u101' });
  });

  it('a --from snapshot that does not exist (exit 2)', async () => {
    const result = await runInProcess(['diff', '--db', db, '--from', '9']);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toBe(`crm-owners: error: ${db}: no snapshot 9\n  crm-owners snapshots lists them\n`);
    const bad = await runInProcess(['diff', '--db', db, '--to', 'last']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toBe('crm-owners: error: --to takes a snapshot number, got "last"\n');
  });

  it('a database that does not exist (exit 2)', async () => {
    const result = await runInProcess(['diff', '--db', path.join(dir, 'none.db')]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('no such database');
  });
});
