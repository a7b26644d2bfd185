/**
 * Reading activity and team rows: an event's end from what the file has (a Weekly Export's Event.csv
 * has no end column), whether it is over by the as-of date, a task's due date and closed rule, and
 * the ids an activity's parent fields name.
 */
import { describe, expect, it } from 'vitest';
import { fileLayout, readRecord } from '../../src/ingest/identify/layout.js';
import { presetNamed } from '../../src/ingest/identify/presets/index.js';
import { ParentDirectory } from '../../src/records/directory.js';
import { parentFieldsOf } from '../../src/kinds/registry.js';
import { toSalesforceId18 } from '../../src/records/salesforceId.js';

const AS_OF = '2026-11-01T00:00:00';
const WEEKLY_EVENT = [
  'Id',
  'WhoId',
  'WhatId',
  'Subject',
  'IsAllDayEvent',
  'ActivityDateTime',
  'ActivityDate',
  'DurationInMinutes',
  'OwnerId',
];
const event = (cells: string[], headers = WEEKLY_EVENT) =>
  readRecord(fileLayout('Event.csv', 'events', presetNamed('salesforce')!, headers), cells, AS_OF);
const details = (record: { details: string | null }) => JSON.parse(record.details ?? '{}');
const USER = '0055e00000Kt003AAB';

describe('events', () => {
  it('end at their start plus their length when the file has no end (Weekly Export)', () => {
    const record = event([
      '00U5e00000Kt002EAB',
      '',
      '',
      'Renewal',
      '0',
      '2026-11-10 14:00:00',
      '2026-11-10',
      '30',
      USER,
    ]);
    expect(details(record)).toMatchObject({ start: '2026-11-10T14:00:00', end: '2026-11-10T14:30:00' });
    expect(record.closed).toBe(false);
  });

  it('are over once they end by the as-of date; an all-day event lasts its days', () => {
    expect(event(['00U1', '', '', 'Review', '0', '2026-10-31 23:00:00', '2026-10-31', '60', USER]).closed).toBe(true);
    expect(event(['00U2', '', '', 'Review', '0', '2026-10-31 23:00:00', '2026-10-31', '61', USER]).closed).toBe(false);
    const allDay = event(
      ['00U3', '', '', 'Site day', '1', '', '2026-10-31', '1440', USER],
      ['Id', 'WhoId', 'WhatId', 'Subject', 'IsAllDayEvent', 'Unused', 'ActivityDate', 'DurationInMinutes', 'OwnerId'],
    );
    expect(details(allDay)).toMatchObject({ start: '2026-10-31', end: '2026-11-01T00:00:00' });
    expect(allDay.closed).toBe(true);
    // No length and no time: the day.
    const day = event(
      ['00U4', '', '', 'Site day', '1', '', '2026-11-01', '', USER],
      ['Id', 'WhoId', 'WhatId', 'Subject', 'IsAllDayEvent', 'Unused', 'ActivityDate', 'DurationInMinutes', 'OwnerId'],
    );
    expect(details(day).end).toBe('2026-11-02T00:00:00');
    expect(day.closed).toBe(false);
  });

  it('take the end column where there is one (Data Loader), and are open when no date tells', () => {
    const headers = ['Id', 'Subject', 'StartDateTime', 'EndDateTime', 'DurationInMinutes', 'OwnerId'];
    expect(
      details(event(['00U5', 'Call', '2026-10-30T10:00:00.000Z', '2026-11-02T10:00:00.000Z', '30', USER], headers)).end,
    ).toBe('2026-11-02T10:00:00');
    expect(event(['00U6', 'Call', '', '', '', USER], headers).closed).toBe(false);
    expect(event(['00U7', 'Call', 'soon', '', '30', USER], headers).closed).toBe(false);
  });
});

describe('tasks', () => {
  const task = (preset: string, headers: string[], cells: string[]) =>
    readRecord(fileLayout('tasks.csv', 'tasks', presetNamed(preset)!, headers), cells, AS_OF);

  it('Salesforce: IsClosed, the due day, WhoId and WhatId as 18-character ids, in parent-field order', () => {
    const record = task(
      'salesforce',
      ['Id', 'WhoId', 'WhatId', 'AccountId', 'Subject', 'ActivityDate', 'Status', 'OwnerId', 'IsClosed'],
      [
        '00T5e00000Kt001EA',
        '0035e00000Kt001',
        '0065e00000Kt001',
        '000000000000000AAA',
        'Quote',
        '2026-10-01',
        'In Progress',
        USER,
        'false',
      ],
    );
    expect(record.closed).toBe(false);
    expect(details(record)).toMatchObject({
      status: 'In Progress',
      due_date: '2026-10-01',
      who_id: toSalesforceId18('0035e00000Kt001'),
      what_id: toSalesforceId18('0065e00000Kt001'),
    });
    expect(parentFieldsOf('tasks').map((f) => f.field)).toEqual(['what_id', 'who_id', 'account_id']);
    expect(record.parentRefs).toEqual([toSalesforceId18('0065e00000Kt001'), toSalesforceId18('0035e00000Kt001'), '']);
  });

  it('Pipedrive: Done or To do; HubSpot: the task status, the first of several associated ids', () => {
    const pipedrive = [
      'Activity - ID',
      'Activity - Subject',
      'Activity - Assigned to user',
      'Activity - Done',
      'Activity - Due date',
      'Deal - ID',
    ];
    expect(task('pipedrive', pipedrive, ['5004', 'Debrief', 'Drew Castillo', 'Done', '2026-09-20', '103']).closed).toBe(
      true,
    );
    expect(
      task('pipedrive', pipedrive, ['5002', 'Estimate', 'Drew Castillo', 'To do', '2026-10-29', '104']).closed,
    ).toBe(false);
    const hubspot = [
      'Record ID',
      'Task Title',
      'Activity assigned to',
      'Task Status',
      'Due date',
      'Associated Contact IDs',
      'Associated Company IDs',
    ];
    const open = task('hubspot', hubspot, [
      '70011002',
      'Call',
      'Tom Becker',
      'Waiting',
      '2026-10-27 10:00',
      '51234567808;51234567801',
      '18402937515',
    ]);
    expect(open.closed).toBe(false);
    expect(details(open)).toMatchObject({ due_date: '2026-10-27', who_id: '51234567808' });
    expect(open.parentRefs).toEqual(['', '51234567808', '18402937515']);
    expect(
      task('hubspot', hubspot, ['70011004', 'Notes', 'Tom Becker', 'Completed', '2026-09-15 16:00', '', '']).closed,
    ).toBe(true);
  });
});

describe('ParentDirectory', () => {
  const fields = parentFieldsOf('tasks');

  it('finds the first field whose id is a record of one of its kinds, by key prefix for Salesforce ids', () => {
    const parents = new ParentDirectory(['accounts', 'contacts', 'opportunities']);
    const account = toSalesforceId18('0015e00000Kt001');
    const contact = toSalesforceId18('0035e00000Kt001');
    parents.add('accounts', account, 'u1');
    parents.add('contacts', contact, 'u2');
    expect(parents.resolve(fields, [account, contact, ''], true)).toEqual({
      id: account,
      kind: 'accounts',
      ownerId: 'u1',
    });
    // A WhatId of an object not loaded (a campaign): whom the task is with.
    expect(parents.resolve(fields, [toSalesforceId18('7015e00000Kt001'), contact, ''], true)).toEqual({
      id: contact,
      kind: 'contacts',
      ownerId: 'u2',
    });
    expect(parents.resolve(fields, ['', '', ''], true)).toBeUndefined();
    expect(parents.keeps('leads')).toBe(false);
  });

  it("without key prefixes, looks among the field's kinds in order: a deal before a company of the same number", () => {
    const parents = new ParentDirectory(['accounts', 'opportunities', 'contacts']);
    parents.add('accounts', '103', 'org-owner');
    parents.add('opportunities', '103', 'deal-owner');
    expect(parents.resolve(fields, ['103', '', ''], false)).toMatchObject({
      kind: 'opportunities',
      ownerId: 'deal-owner',
    });
    expect(parents.resolve(fields, ['', '', '103'], false)).toMatchObject({ kind: 'accounts', ownerId: 'org-owner' });
    expect(parents.resolve(fields, ['999', '', '103'], false)).toMatchObject({ kind: 'accounts' });
  });
});

describe('Dynamics activities and generic team files', () => {
  it('Dynamics: a task is closed by its Activity Status, an appointment once it ends', () => {
    const taskHeaders = [
      '(Do Not Modify) Task',
      '(Do Not Modify) Row Checksum',
      'Subject',
      'Regarding',
      'Owner',
      'Activity Status',
      'Due Date',
    ];
    const task = (cells: string[]) =>
      readRecord(fileLayout('Tasks.csv', 'tasks', presetNamed('dynamics')!, taskHeaders), cells, AS_OF);
    expect(
      task([
        '6b1c2d3e-0000-4000-8000-000000000001',
        'x',
        'Send quote',
        'Fabrikam',
        "Erin O'Connor",
        'Completed',
        '10/20/2026',
      ]).closed,
    ).toBe(true);
    const open = task([
      '6b1c2d3e-0000-4000-8000-000000000002',
      'x',
      'Call back',
      'Fabrikam',
      "Erin O'Connor",
      'Open',
      '10/20/2026',
    ]);
    expect(open.closed).toBe(false);
    expect(details(open)).toMatchObject({ status: 'Open', due_date: '2026-10-20' });
    const appointmentHeaders = ['(Do Not Modify) Appointment', 'Subject', 'Owner', 'Start Time', 'End Time'];
    const appointment = (cells: string[]) =>
      readRecord(fileLayout('Appointments.csv', 'events', presetNamed('dynamics')!, appointmentHeaders), cells, AS_OF);
    expect(
      appointment([
        '7c000000-0000-4000-8000-000000000001',
        'Review',
        "Erin O'Connor",
        '10/30/2026 9:00 AM',
        '10/30/2026 10:00 AM',
      ]).closed,
    ).toBe(true);
    expect(
      appointment([
        '7c000000-0000-4000-8000-000000000002',
        'Review',
        "Erin O'Connor",
        '11/3/2026 9:00 AM',
        '11/3/2026 10:00 AM',
      ]).closed,
    ).toBe(false);
  });

  it('generic: the member is the owner, the record its team belongs to the parent', () => {
    const layout = fileLayout('account-team.csv', 'account-team', presetNamed('generic')!, [
      'id',
      'account_id',
      'user_id',
      'role',
      'account_access',
    ]);
    const member = readRecord(layout, ['m1', 'a1', 'u7', 'Sales Engineer', 'Read'], AS_OF);
    expect(member).toMatchObject({ owner: 'u7', accountId: 'a1', closed: false });
    expect(details(member)).toEqual({ role: 'Sales Engineer', account_access: 'Read' });
  });
});
