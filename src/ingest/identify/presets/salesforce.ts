/**
 * Salesforce Data Loader / API exports (current and legacy ALL-CAPS headers) and the Weekly Data
 * Export (`"0"/"1"` booleans, `000000000000000AAA` for empty lookups).
 */
import { OWNER_EXTRAS, hasAny, type Preset } from './preset.js';

const RECORD = { id: ['id'], created: ['createddate'], last_activity: ['lastactivitydate'] };

export const salesforce: Preset = {
  name: 'salesforce',
  salesforceIds: true,
  recognises: (headers) =>
    headers.has('id') &&
    hasAny(headers, [
      'ownerid',
      'isactive',
      'accountid',
      'userid',
      'username',
      'usertype',
      'isdeleted',
      'systemmodstamp',
      'createddate',
      'lastmodifieddate',
    ]),
  columns: {
    owners: {
      ...OWNER_EXTRAS,
      id: ['id'],
      name: ['name'],
      first_name: ['firstname'],
      last_name: ['lastname'],
      email: ['email'],
      active: ['isactive'],
      user_type: ['usertype'],
      username: ['username'],
      team: [...OWNER_EXTRAS.team!, 'department', 'userrole.name'],
    },
    accounts: { ...RECORD, name: ['name'], owner: ['ownerid', 'owner.id', 'owner.name'] },
    contacts: {
      ...RECORD,
      name: ['name'],
      first_name: ['firstname'],
      last_name: ['lastname'],
      email: ['email'],
      account_id: ['accountid'],
      account_name: ['account.name'],
      owner: ['ownerid', 'owner.id', 'owner.name'],
    },
    leads: {
      ...RECORD,
      name: ['name'],
      first_name: ['firstname'],
      last_name: ['lastname'],
      email: ['email'],
      owner: ['ownerid', 'owner.id', 'owner.name'],
      converted: ['isconverted'],
    },
    opportunities: {
      ...RECORD,
      name: ['name'],
      account_id: ['accountid'],
      account_name: ['account.name'],
      owner: ['ownerid', 'owner.id', 'owner.name'],
      stage: ['stagename'],
      closed: ['isclosed'],
      won: ['iswon'],
      close_date: ['closedate'],
      amount: ['amount'],
      currency: ['currencyisocode'],
    },
    cases: {
      ...RECORD,
      name: ['casenumber', 'subject'],
      account_id: ['accountid'],
      account_name: ['account.name'],
      owner: ['ownerid', 'owner.id', 'owner.name'],
      status: ['status'],
      closed: ['isclosed'],
    },
    // Activities: `WhatId` names an account, opportunity or case, `WhoId` a contact or lead.
    tasks: {
      id: RECORD.id,
      created: RECORD.created,
      name: ['subject'],
      owner: ['ownerid', 'owner.id', 'owner.name'],
      status: ['status'],
      closed: ['isclosed'],
      due_date: ['activitydate'],
      who_id: ['whoid'],
      what_id: ['whatid'],
      account_id: ['accountid'],
    },
    // A Data Loader export has `StartDateTime` and `EndDateTime`; a Weekly Export only `ActivityDateTime`
    // (or, all day, `ActivityDate`) and `DurationInMinutes`.
    events: {
      id: RECORD.id,
      created: RECORD.created,
      name: ['subject'],
      owner: ['ownerid', 'owner.id', 'owner.name'],
      start: ['startdatetime', 'activitydatetime', 'activitydate'],
      end: ['enddatetime'],
      duration: ['durationinminutes'],
      all_day: ['isalldayevent'],
      who_id: ['whoid'],
      what_id: ['whatid'],
      account_id: ['accountid'],
    },
    // Team members: the member (`UserId`) is read as the owner.
    'account-team': {
      id: ['id'],
      created: ['createddate'],
      owner: ['userid', 'user.id', 'user.name'],
      account_id: ['accountid'],
      role: ['teammemberrole'],
      account_access: ['accountaccesslevel'],
      opportunity_access: ['opportunityaccesslevel'],
      case_access: ['caseaccesslevel'],
      contact_access: ['contactaccesslevel'],
    },
    'opportunity-team': {
      id: ['id'],
      created: ['createddate'],
      name: ['name'],
      owner: ['userid', 'user.id', 'user.name'],
      opportunity_id: ['opportunityid'],
      role: ['teammemberrole'],
      opportunity_access: ['opportunityaccesslevel'],
    },
  },
};
