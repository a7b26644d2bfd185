/**
 * Dynamics 365 "Export to Excel" files saved as CSV: the `(Do Not Modify) <Entity>` GUID column is
 * the id, owners and accounts are given by display name; the other `(Do Not Modify)` columns (row
 * checksum, modified on) are bookkeeping for re-import and are not used. A Teams export
 * (`(Do Not Modify) Team`, `Team Name`, `Team Type`) is an owners file: its teams hold records as queues do.
 */
import { OWNER_EXTRAS, type Preset } from './preset.js';

export const dynamics: Preset = {
  name: 'dynamics',
  recognises: (headers) => [...headers].some((h) => h.startsWith('(do not modify)')),
  columns: {
    owners: {
      ...OWNER_EXTRAS,
      // A "Teams" export lists owner teams, which own records like users do (see layout.ts ownerType).
      id: ['(do not modify) user', '(do not modify) systemuser', '(do not modify) team'],
      name: ['full name', 'name', 'team name'],
      team_type: ['team type'],
      first_name: ['first name'],
      last_name: ['last name'],
      email: ['primary email', 'email'],
      active: ['status', 'user status', 'status reason'],
      team: [...OWNER_EXTRAS.team!, 'business unit'],
    },
    accounts: {
      id: ['(do not modify) account'],
      name: ['account name'],
      owner: ['owner'],
      created: ['created on'],
      last_activity: ['last activity'],
    },
    contacts: {
      id: ['(do not modify) contact'],
      name: ['full name'],
      first_name: ['first name'],
      last_name: ['last name'],
      email: ['email'],
      account_name: ['company name', 'account name'],
      owner: ['owner'],
      created: ['created on'],
      last_activity: ['last activity'],
    },
    leads: {
      id: ['(do not modify) lead'],
      name: ['name', 'full name'],
      email: ['email'],
      owner: ['owner'],
      created: ['created on'],
    },
    // `Status` is the record's state: Open/Won/Lost for opportunities, Active/Resolved/Cancelled for cases.
    opportunities: {
      id: ['(do not modify) opportunity'],
      name: ['topic', 'name'],
      account_name: ['potential customer', 'account'],
      owner: ['owner'],
      status: ['status'],
      stage: ['pipeline phase', 'sales stage'],
      close_date: ['est. close date', 'actual close date'],
      amount: ['est. revenue', 'actual revenue'],
      currency: ['currency'],
      created: ['created on'],
    },
    cases: {
      id: ['(do not modify) case', '(do not modify) incident'],
      name: ['case number', 'case title', 'title'],
      account_name: ['customer', 'account'],
      owner: ['owner'],
      status: ['status'],
      created: ['created on'],
    },
    // Activities: `Activity Status` is Open, Completed or Canceled; `Regarding` names its record by
    // name only, so an activity's parent is not known.
    tasks: {
      id: ['(do not modify) task'],
      name: ['subject'],
      owner: ['owner', 'assigned to'],
      status: ['activity status', 'status'],
      due_date: ['due date', 'due'],
      created: ['created on'],
    },
    events: {
      id: ['(do not modify) appointment'],
      name: ['subject'],
      owner: ['owner', 'organizer'],
      start: ['start time'],
      end: ['end time'],
      duration: ['duration'],
      all_day: ['all day event'],
      created: ['created on'],
    },
  },
};
