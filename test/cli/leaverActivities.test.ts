/**
 * When a rep leaves, for HubSpot and Pipedrive activities (fixtures/hubspot-activities,
 * fixtures/pipedrive-activities): `transfer --from` the leaver writes import files that move their
 * open tasks and upcoming meetings and none of the done or past ones; after the simulated import (a
 * later export naming the new owner where the import files say so), `verify` passes.
 */
import { cpSync, existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import { afterAll, describe, expect, it } from 'vitest';
import { runInProcess, runJsonInProcess } from '../helpers/inProcess.js';

const FIXTURES = path.resolve(import.meta.dirname, '../../fixtures');
const scratch = mkdtempSync(path.join(os.tmpdir(), 'crm-owners-leaver-activities-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

const read = (file: string) => parse(readFileSync(file), { bom: true }) as string[][];
const importIds = (plan: string, kind: string) =>
  existsSync(path.join(plan, `import-${kind}.csv`))
    ? read(path.join(plan, `import-${kind}.csv`))
        .slice(1)
        .map(([id]) => id)
    : [];

interface Shape {
  fixture: string;
  /** Per kind: the export file (by the start of its name), its id column and its owner column. */
  files: Record<string, [string, string, string]>;
  /** The owner as the export writes it (a name), from the plan's reference (an email or an id). */
  nameOf: (reference: string) => string;
}

/** The export after the import: each record in an import file now names its new owner. */
function imported(shape: Shape, plan: string, into: string): void {
  cpSync(path.join(FIXTURES, shape.fixture), into, { recursive: true });
  for (const [kind, [prefix, idColumn, ownerColumn]] of Object.entries(shape.files)) {
    if (!existsSync(path.join(plan, `import-${kind}.csv`))) continue;
    const owners = new Map(
      read(path.join(plan, `import-${kind}.csv`))
        .slice(1)
        .map(([id, owner]) => [id!, shape.nameOf(owner!)]),
    );
    const file = path.join(
      into,
      readdirSync(into).find((name) => name.startsWith(prefix))!,
    );
    const [header, ...rows] = read(file);
    const [at, owner] = [header!.indexOf(idColumn), header!.indexOf(ownerColumn)];
    writeFileSync(
      file,
      stringify([
        header!,
        ...rows.map((row) =>
          row.map((cell, i) => (i === owner && owners.has(row[at]!) ? owners.get(row[at]!)! : cell)),
        ),
      ]),
    );
  }
}

async function leaverRoundTrip(shape: Shape, from: string, to: string, name: string) {
  const db = path.join(scratch, `${name}.db`);
  const plan = path.join(scratch, `${name}-plan`);
  expect(
    (await runInProcess(['load', path.join(FIXTURES, shape.fixture), '--db', db, '--as-of', '2026-11-01'])).code,
  ).toBe(0);
  const transfer = await runInProcess(['transfer', '--from', from, '--to', to, '--out', plan, '--db', db]);
  expect(transfer.code).toBe(0);
  const after = path.join(scratch, `${name}-after`);
  imported(shape, plan, after);
  const verify = await runJsonInProcess(['verify', plan, after, '--db', db, '--as-of', '2026-11-20', '--json']);
  return { plan, transfer, verify };
}

describe("a leaver's activities, HubSpot and Pipedrive", () => {
  it('HubSpot: open tasks and the upcoming meeting move, the completed task and the past meeting stay; verify passes', async () => {
    const owners = read(path.join(FIXTURES, 'hubspot-activities/hubspot-owners-2026-11-01.csv')).slice(1);
    const shape: Shape = {
      fixture: 'hubspot-activities',
      files: {
        accounts: ['hubspot-crm-exports-all-companies', 'Record ID', 'Company owner'],
        contacts: ['hubspot-crm-exports-all-contacts', 'Record ID', 'Contact owner'],
        opportunities: ['hubspot-crm-exports-all-deals', 'Record ID', 'Deal owner'],
        tasks: ['hubspot-crm-exports-all-tasks', 'Record ID', 'Activity assigned to'],
        events: ['hubspot-crm-exports-all-meetings', 'Record ID', 'Activity assigned to'],
      },
      // HubSpot's import takes the owner's email; its export writes the owner's name.
      nameOf: (email) => {
        const owner = owners.find((row) => row[4] === email)!;
        return `${owner[2]} ${owner[3]}`;
      },
    };
    const { plan, verify } = await leaverRoundTrip(shape, 'Tom Becker', 'Sofia Alvarez', 'hubspot');
    expect(importIds(plan, 'tasks')).toEqual(['70011001', '70011002', '70011003']);
    expect(importIds(plan, 'events')).toEqual(['80022001']);
    expect(read(path.join(plan, 'import-tasks.csv'))[0]).toEqual(['Record ID', 'Activity assigned to']);
    expect(verify.code).toBe(0);
    expect(verify.json.counts['not-applied']).toBe(0);
    expect(verify.json.counts.applied).toBeGreaterThanOrEqual(4);
  });

  it('Pipedrive: open activities (overdue ones too) move, done ones stay; verify passes', async () => {
    const users = read(path.join(FIXTURES, 'pipedrive-activities/users.csv')).slice(1);
    const shape: Shape = {
      fixture: 'pipedrive-activities',
      files: {
        accounts: ['organizations-export', 'Organization - ID', 'Organization - Owner'],
        contacts: ['people-export', 'Person - ID', 'Person - Owner'],
        opportunities: ['deals-export', 'Deal - ID', 'Deal - Owner'],
        tasks: ['activities-export', 'Activity - ID', 'Activity - Assigned to user'],
      },
      // Pipedrive's import names the owner as its export does: by the user's name.
      nameOf: (name) => users.find((row) => row[1] === name)![1]!,
    };
    const { plan, verify } = await leaverRoundTrip(shape, 'Drew Castillo', 'Yusuf Demir', 'pipedrive');
    // 5001 was due on 8 October (overdue, still open); 5004 is done.
    expect(importIds(plan, 'tasks')).toEqual(['5001', '5002', '5003']);
    expect(read(path.join(plan, 'import-tasks.csv'))[0]).toEqual(['Activity - ID', 'Activity - Assigned to user']);
    expect(verify.code).toBe(0);
    expect(verify.json.counts['not-applied']).toBe(0);
    expect(verify.json.pipeline.currencies).toEqual([
      {
        currency: 'USD',
        planned: { opportunities: 1, amount: '57000' },
        applied: { opportunities: 1, amount: '57000' },
      },
    ]);
  });
});
