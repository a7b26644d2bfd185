/** Small output details: reasons by count, the verify headline's breaks, one verdict wording, "did you mean" for config keys. */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { Chalk } from 'chalk';
import { describe, expect, it } from 'vitest';
import { closestNames } from '../../src/options/suggest.js';
import { fitHeadline } from '../../src/output/width.js';
import { planHeadline } from '../../src/report/planReport.js';
import { verifyHeadline } from '../../src/report/verifyReport.js';
import type { PlanOutcome } from '../../src/plan/runPlan.js';
import type { VerifyResult } from '../../src/plan/verify.js';
import { fixture, tempDir } from '../helpers/cli.js';
import { runInProcess } from '../helpers/inProcess.js';

const plain = new Chalk({ level: 0 });

describe('the plan summary', () => {
  it('lists reasons by count, largest first, ties by name', () => {
    const record = (kind: string, reason: string) => ({ record: { kind, reason } });
    const moves = [
      record('accounts', 'unowned'),
      ...Array.from({ length: 3 }, () => record('accounts', 'territory-conflict')),
      ...Array.from({ length: 2 }, () => record('contacts', 'inactive-owner')),
      ...Array.from({ length: 2 }, () => record('contacts', 'follows account')),
    ];
    const unplaced = [
      { ...record('leads', 'no owner with room'), reason: 'no owner with room' },
      ...Array.from({ length: 4 }, () => ({ ...record('leads', 'no territory'), reason: 'no territory' })),
    ];
    const result = {
      command: 'plan',
      crm: 'salesforce',
      options: {},
      snapshot: 3,
      kinds: ['accounts', 'contacts', 'leads'],
      plan: { moves, unplaced, excluded: [] },
      owners: [],
      teams: [],
      pipeline: { owners: [], withoutAmount: 0, unreadable: { count: 0 } },
    } as unknown as PlanOutcome;
    const lines = planHeadline(result, 'plans/x', plain).split('\n');
    expect(lines[1]).toBe('  8 moves (territory-conflict 3, follows account 2, inactive-owner 2, unowned 1)');
    expect(lines[2]).toBe('  5 unplaced (no territory 4, no owner with room 1) → unplaced.csv');
  });
});

describe('the verify headline', () => {
  const result = {
    plan: { dir: 'plans/2026-11-leavers', snapshot: 1 },
    snapshot: { id: 2, label: '2026-11-30' },
  } as unknown as VerifyResult;

  it('breaks between the plan and the snapshot it is checked against, not after "crm-owners verify ·"', () => {
    const lines = fitHeadline(verifyHeadline(result), 80).split('\n');
    expect(lines).toEqual([
      'crm-owners verify · plan plans/2026-11-leavers (snapshot 1) ·',
      'against snapshot 2 "2026-11-30"',
    ]);
  });
});

describe('the audit verdict', () => {
  it('Markdown says PASS (warnings only) where the table does', async () => {
    const args = [
      'audit',
      fixture('salesforce/dataloader'),
      '--db',
      ':memory:',
      '--config',
      fixture('salesforce/crm-owners.config.json'),
    ];
    const table = await runInProcess(args);
    const markdown = await runInProcess([...args, '--format', 'markdown']);
    expect(table.stdout.trimEnd().split('\n').at(-1)).toBe('PASS  (warnings only)');
    expect(markdown.stdout.trimEnd().split('\n').at(-1)).toBe('**PASS** (warnings only)');
  });
});

describe('config keys', () => {
  it('an unknown key names the key it is probably a typo of', async () => {
    const dir = tempDir();
    const config = path.join(dir, 'c.json');
    writeFileSync(config, '{"minCoverge": 97, "columns": {"contacts": {"ownr": "Rep"}}}');
    const result = await runInProcess(['audit', '--db', ':memory:', '--config', config]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('unknown key "minCoverge" (did you mean "minCoverage"?)');
    writeFileSync(config, '{"columns": {"contacts": {"ownr": "Rep"}}}');
    expect((await runInProcess(['audit', '--db', ':memory:', '--config', config])).stderr).toContain(
      'unknown key "columns.contacts.ownr" (did you mean "owner"?)',
    );
  });

  it('suggests only what is close: a swap of two letters is one edit, case is ignored', () => {
    expect(closestNames('maxDorp', ['maxDrop', 'maxMoves'])).toEqual(['maxDrop']);
    expect(closestNames('MINCOVERAGE', ['minCoverage'])).toEqual(['minCoverage']);
    expect(closestNames('territory', ['minCoverage', 'maxDrop'])).toEqual([]);
  });
});
