/**
 * An audit's result is plain data: it goes through JSON unchanged, and the reporters render it the
 * same with the database closed, so a result could be saved and rendered elsewhere.
 */
import { Chalk } from 'chalk';
import { describe, expect, it } from 'vitest';
import { auditSnapshot, type AuditResult, type AuditSession } from '../../src/audit/runAudit.js';
import { gatherReport, type MonthlyReport } from '../../src/monthly/reportData.js';
import { auditJson } from '../../src/report/auditJson.js';
import { auditMarkdown } from '../../src/report/auditMarkdown.js';
import { auditTable } from '../../src/report/auditTable.js';
import { followUp } from '../../src/report/followUp.js';
import { reportHtml } from '../../src/report/html/reportHtml.js';
import { parseRules } from '../../src/rules/rules.js';
import { openDatabase } from '../../src/store/database.js';
import { ACCOUNTS_HEADER, CONTACTS_HEADER, OWNERS_HEADER, auditOptions, csv, loadInto } from '../audit/helpers.js';

const plain = new Chalk({ level: 0 });

const files = (a3owner: string) => ({
  'owners.csv': csv(
    OWNERS_HEADER,
    'u1,Dana Whitfield,dana@x.test,true,user,West,2',
    'u2,Omar Haddad,omar@x.test,true,user,East,5',
    'u3,Sam Patel,sam@x.test,false,user,East,5',
    'u4,Integration User,int@x.test,true,user,,',
  ),
  'accounts.csv': csv(
    ACCOUNTS_HEADER,
    'a1,Redwood,u1,West,2026-01-01',
    'a2,Pacific,u1,West,2026-02-01',
    `a3,Cascade,${a3owner},West,2026-03-01`,
    'a4,Hudson,u3,East,2026-01-15',
    'a5,Gulf,u4,East,2026-01-25',
  ),
  'contacts.csv': csv(
    CONTACTS_HEADER,
    'c1,Harper,harper@x.test,a1,u2,2026-10-20,',
    'c2,Marco,marco@x.test,a4,Jordan Blake,2026-10-21,',
  ),
  'opportunities.csv': csv(
    'id,name,owner,account_id,stage,amount,currency',
    'o1,Redwood deal,u1,a1,Prospecting,1250.10,EUR',
    'o2,Hudson deal,u3,a4,Prospecting,99.90,EUR',
    'o3,Gulf deal,u4,a5,Prospecting,,',
  ),
  'tasks.csv': csv(
    'task_id,subject,owner,what_id,status,due_date',
    't1,Send quote,u1,o1,Not Started,2026-10-20',
    't2,Call back,u3,o2,Not Started,2026-12-01',
  ),
});

const placeholderOwners = ['Integration User'];

/**
 * Two snapshots (so the result has a trend, churn and a baseline), audited with rules and a
 * placeholder owner; `gather` runs while the database is open, which is then closed.
 */
async function closedAudit<T = AuditResult>(
  gather: (session: AuditSession) => T = (session) => session.result as T,
): Promise<T> {
  const db = openDatabase(':memory:');
  await loadInto(db, files('u1'), { now: new Date('2026-10-01T09:00:00Z'), load: { label: '2026-10' } });
  await loadInto(db, files(''), { now: new Date('2026-11-01T09:00:00Z'), load: { label: '2026-11' } });
  const rules = parseRules('territories.csv', csv('territory,region', 'West,West', 'East,East'));
  const gathered = gather(
    auditSnapshot(db, auditOptions({ rules, placeholderOwners, baseline: 'previous', maxDrop: 50 })),
  );
  db.close();
  return gathered;
}

describe('an audit result', () => {
  it('survives JSON unchanged: no database, maps or functions in it', async () => {
    const result = await closedAudit();
    const copy = JSON.parse(JSON.stringify(result)) as AuditResult;
    expect(copy).toEqual(result);
    // What the reporters need is in it, not behind a handle.
    expect(copy.kinds).toEqual(['accounts', 'contacts', 'opportunities', 'tasks']);
    expect(copy.owners.map((o) => o.name)).toEqual(['Dana Whitfield', 'Omar Haddad', 'Sam Patel', 'Integration User']);
    expect(copy.previous?.id).toBe(1);
    expect(copy.pipeline.currencies.map((c) => c.currency)).toEqual(['EUR']);
  });

  it('renders as a table, Markdown and JSON from its JSON copy, with the database closed, exactly as from itself', async () => {
    const result = await closedAudit();
    const copy = JSON.parse(JSON.stringify(result)) as AuditResult;
    const table = auditTable(copy, plain, 120);
    expect(table).toBe(auditTable(result, plain, 120));
    expect(table).toContain('Dana Whitfield');
    expect(table).toMatch(/tasks \d/);
    const markdown = auditMarkdown(copy);
    expect(markdown).toBe(auditMarkdown(result));
    expect(markdown).toContain('| unowned |');
    const json = auditJson(copy);
    expect(json).toEqual(auditJson(result));
    expect(json.snapshot).toMatchObject({ id: 2, label: '2026-11' });
    expect(json.gate.baseline).toMatchObject({ source: 'snapshot 1' });
    expect(followUp(copy)).toEqual(followUp(result));
  });

  it('gathered into the monthly report, renders its HTML from a JSON copy exactly as from itself', async () => {
    const report = await closedAudit<MonthlyReport>((session) =>
      gatherReport(session, { placeholderOwners, findingsFile: 'findings.csv' }),
    );
    const copy = JSON.parse(JSON.stringify(report)) as MonthlyReport;
    expect(copy).toEqual(report);
    // The parts that come from the database besides the audit: the trend, the churn, the matrix, the findings.
    expect(copy.trend.map((point) => point.snapshot.id)).toEqual([1, 2]);
    expect(copy.churn?.counts.handovers).toBe(1);
    expect(Object.values(copy.repeated)).toEqual([{ changes: 1, pingPong: false }]);
    expect(copy.matrix?.length).toBeGreaterThan(0);
    expect(copy.findings.first.length).toBeGreaterThan(0);
    const page = reportHtml(copy);
    expect(page).toBe(reportHtml(report));
    expect(page).toContain('Cascade');
  });
});
