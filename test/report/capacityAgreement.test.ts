/**
 * An inferred capacity is one number everywhere: the Tukey fence of these loads is 88.5, which
 * allows 88 records, and audit's table and JSON, owners, the plan's summary and the HTML report all
 * say 88 (they used to say 88.5 in JSON and HTML, 88 in the tables).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from '../helpers/cli.js';
import { runInProcess } from '../helpers/inProcess.js';

const LOADS: Record<string, number> = { u1: 140, u2: 60, u3: 51, u4: 41, u5: 33, u6: 12 };

describe('an inferred capacity', () => {
  const dir = tempDir('crm-owners-capacity-');
  const db = path.join(dir, 'c.db');

  beforeAll(async () => {
    const owners = [
      'id,name,email,active',
      ...Object.keys(LOADS).map((id) => `${id},Owner ${id},${id}@example.com,${id === 'u6' ? 'false' : 'true'}`),
    ];
    writeFileSync(path.join(dir, 'owners.csv'), owners.join('\n') + '\n');
    const accounts = ['id,name,owner'];
    for (const [owner, n] of Object.entries(LOADS))
      for (let i = 0; i < n; i++) accounts.push(`${owner}-${i},Account ${owner} ${i},${owner}`);
    writeFileSync(path.join(dir, 'accounts.csv'), accounts.join('\n') + '\n');
    const loaded = await runInProcess([
      'load',
      path.join(dir, 'owners.csv'),
      path.join(dir, 'accounts.csv'),
      '--db',
      db,
      '-q',
    ]);
    expect(loaded.code, loaded.stderr).toBe(0);
  });

  it('is the whole number of records the fence allows, in every output', async () => {
    const audit = JSON.parse((await runInProcess(['audit', '--db', db, '--json'])).stdout);
    const u1 = audit.owners.find((o: { id: string }) => o.id === 'u1');
    expect(u1.capacity.accounts).toBe(88);

    const table = (await runInProcess(['audit', '--db', db])).stdout;
    expect(table).toMatch(/Owner u1\s+140\s+88\s/);

    const owners = JSON.parse((await runInProcess(['owners', '--db', db, '--format', 'json'])).stdout);
    expect(
      owners
        .filter((o: { id: string }) => o.id.startsWith('u') && o.id !== 'u6')
        .map((o: { capacity: number }) => o.capacity),
    ).toEqual([88, 88, 88, 88, 88]);

    const plan = path.join(dir, 'plan');
    expect((await runInProcess(['plan', '--db', db, '--out', plan, '-q'])).code).toBe(0);
    const summary = JSON.parse(readFileSync(path.join(plan, 'summary.json'), 'utf8'));
    expect(
      new Set(
        summary.owners.flatMap((o: { capacity: { accounts?: number } }) =>
          o.capacity.accounts === undefined ? [] : [o.capacity.accounts],
        ),
      ),
    ).toEqual(new Set([88]));

    const report = path.join(dir, 'report.html');
    expect((await runInProcess(['report', '--db', db, '--plan', plan, '--out', report, '-q'])).code).toBe(0);
    const html = readFileSync(report, 'utf8');
    const marks = [...html.matchAll(/<line class="mark"[^>]*data-value="([^"]+)"/g)].map((m) => m[1]);
    expect(marks.length).toBeGreaterThan(0);
    expect(new Set(marks)).toEqual(new Set(['88']));
    expect(html.match(/.{80}88\.5.{40}/g) ?? []).toEqual([]);
  });
});
