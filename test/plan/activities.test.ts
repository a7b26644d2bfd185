/**
 * Activities in plans (README, "When a rep leaves"): open tasks and upcoming events follow the
 * record they are about when it moves, from its previous owner's book; closed tasks and past events
 * stay, even with --include-closed; --follow-accounts without them balances activities on their own.
 */
import { describe, expect, it } from 'vitest';
import { FOLLOWS_ACCOUNT } from '../../src/plan/records.js';
import { followsReason } from '../../src/plan/buildPlan.js';
import { csv, movesOf, OWNERS_HEADER, plan, rulesOf, snapshotOf, transfer } from './helpers.js';

// Ann (u1) works West, Ben (u2) East; Sam (u9) has left. Acme (a1, East) is Ben's; its deal o1 is
// Ann's, so the territory rule moves o1 to Ben. Ann's open task t1 on o1 and her call t2 on o1
// follow it; her done task t3 on o1 stays, as does Cat's (u3) task t4 on o1. Sam's task t5 on o2
// (Sam's deal) and his future event e1 on o2 move with o2; his past event e2 stays.
const files = {
  'owners.csv': csv(
    OWNERS_HEADER,
    'u1,Ann,ann@x.test,true,user,West,',
    'u2,Ben,ben@x.test,true,user,East,',
    'u3,Cat,cat@x.test,true,user,,',
    'u9,Sam,sam@x.test,false,user,East,',
  ),
  'accounts.csv': csv('id,name,owner,region', 'a1,Acme,u2,East', 'a2,Bolt,u2,East'),
  'opportunities.csv': csv(
    'id,name,owner,account_id,stage',
    'o1,Acme deal,u1,a1,Prospecting',
    'o2,Bolt deal,u9,a2,Prospecting',
  ),
  'tasks.csv': csv(
    'task_id,subject,owner,what_id,status,due_date',
    't1,Send quote,u1,o1,Not Started,2026-11-20',
    't2,Call back,u1,o1,In Progress,2026-10-20',
    't3,Kickoff notes,u1,o1,Completed,2026-09-01',
    't4,Legal review,u3,o1,Not Started,2026-11-25',
    't5,Renewal prep,u9,o2,Not Started,2026-11-30',
  ),
  'events.csv': csv(
    'event_id,subject,owner,what_id,start,end',
    'e1,Bolt review,u9,o2,2026-11-10 10:00,2026-11-10 11:00',
    'e2,Bolt lunch,u9,o2,2026-10-01 12:00,2026-10-01 13:00',
  ),
};
const rules = rulesOf(csv('territory,owners,region', 'West,ann@x.test,West', 'East,ben@x.test,East'));

describe('activities follow the record they are about', () => {
  it("plan: a deal that moves takes its previous owner's open tasks along, with the reason; done tasks and other owners' stay", async () => {
    const result = plan(await snapshotOf(files), { fix: ['territory-conflict'], rules });
    expect(movesOf(result)).toEqual({ 'opportunities:o1': 'u2', 'tasks:t1': 'u2', 'tasks:t2': 'u2' });
    expect(result.plan.moves.filter((m) => m.record.kind === 'tasks').map((m) => m.record.reason)).toEqual([
      followsReason('opportunities'),
      followsReason('opportunities'),
    ]);
    expect(followsReason('opportunities')).toBe('follows opportunity');
    // The followers count in the new owner's load.
    expect(result.owners.find((o) => o.owner.id === 'u2')!.after.tasks).toBe(2);
  });

  it('--follow-accounts without tasks: the deal moves alone', async () => {
    const result = plan(await snapshotOf(files), {
      fix: ['territory-conflict'],
      rules,
      followAccounts: ['contacts', 'opportunities'],
    });
    expect(movesOf(result)).toEqual({ 'opportunities:o1': 'u2' });
  });

  it("transfer --from: the leaver's open activities go where the record they are about goes; past events stay, even with --include-closed", async () => {
    const db = await snapshotOf(files);
    const result = transfer(db, { from: 'Sam', pool: ['Ann', 'Ben', 'Cat'], includeClosed: true });
    const moves = movesOf(result);
    const dealOwner = moves['opportunities:o2'];
    expect(dealOwner).toBeDefined();
    expect(moves).toEqual({ 'opportunities:o2': dealOwner, 'tasks:t5': dealOwner, 'events:e1': dealOwner });
    expect(result.plan.moves.map((m) => m.record.reason)).toEqual(['transfer', 'transfer', 'transfer']);
  });

  it("an account's activities follow it as its children do", async () => {
    const db = await snapshotOf({
      'owners.csv': files['owners.csv'],
      'accounts.csv': csv('id,name,owner,region', 'a1,Acme,u2,East', 'a2,Bolt,u9,East'),
      'tasks.csv': csv(
        'task_id,subject,owner,what_id,status',
        't1,Account plan,u9,a2,Not Started',
        't2,Old plan,u9,a2,Completed',
      ),
    });
    const result = plan(db, { fix: ['inactive-owner'], pool: ['Ann'] });
    expect(movesOf(result)).toEqual({ 'accounts:a2': 'u1', 'tasks:t1': 'u1' });
    // Flagged itself (its owner is inactive), t1 keeps that reason; as a child only it would read FOLLOWS_ACCOUNT.
    expect(result.plan.moves.find((m) => m.record.id === 't1')!.record.reason).not.toBe(FOLLOWS_ACCOUNT);
  });
});
