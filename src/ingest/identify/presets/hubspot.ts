/**
 * HubSpot exports: `Record ID`, owners by display name or email (`Deactivated User` for a
 * deactivated one), `Associated Company IDs` (`;`-separated: the first is the account). Exports
 * "with associations" name the ids by object (`Record ID - Contact`, `Record ID - Company`) and hold
 * one row per contact–company pair.
 */
import { OWNER_EXTRAS, hasAny, type Preset } from './preset.js';

const RECORD = { id: ['record id'], created: ['create date'], last_activity: ['last activity date'] };

export const hubspot: Preset = {
  name: 'hubspot',
  recognises: (headers) =>
    // `Record ID` and `Deal Owner` are Zoho's too: Zoho's time columns say whose they are.
    !hasAny(headers, ['created time', 'modified time', 'last activity time']) &&
    (hasAny(headers, [
      'record id',
      'record id - contact',
      'record id - company',
      'associated company ids',
      'primary associated company id',
      'hubspot owner',
      'company owner',
      'deal owner',
      'ticket owner',
      'activity assigned to',
    ]) ||
      // Owners files: `Owner ID`, or `User ID` with HubSpot's own status columns (a Salesforce users
      // report also has `User ID`, `First Name` and `Last Name`).
      (headers.has('first name') &&
        headers.has('last name') &&
        (headers.has('owner id') || (headers.has('user id') && hasAny(headers, ['archived', 'deactivated']))))),
  rowPerAssociation: (headers) => headers.has('record id - contact') && headers.has('record id - company'),
  columns: {
    owners: {
      ...OWNER_EXTRAS,
      id: ['owner id', 'user id', 'id'],
      name: ['name', 'full name'],
      first_name: ['first name'],
      last_name: ['last name'],
      email: ['email'],
      active: ['active'],
      inactive: ['deactivated', 'archived'],
    },
    accounts: {
      ...RECORD,
      id: ['record id', 'company id', 'record id - company'],
      name: ['company name', 'name'],
      owner: ['company owner', 'hubspot owner'],
    },
    contacts: {
      ...RECORD,
      id: ['record id', 'contact id', 'record id - contact'],
      first_name: ['first name'],
      last_name: ['last name'],
      email: ['email'],
      account_id: [
        'primary associated company id',
        'associated company ids',
        'associated company id',
        'record id - company',
      ],
      account_name: ['company name'],
      owner: ['contact owner', 'hubspot owner'],
    },
    leads: {
      ...RECORD,
      id: ['record id'],
      first_name: ['first name'],
      last_name: ['last name'],
      email: ['email'],
      owner: ['lead owner', 'contact owner', 'hubspot owner'],
    },
    // Deals: the stage names the closing stages ("Closed Won", "Closed Lost"); "Is Deal Closed?" when exported.
    opportunities: {
      ...RECORD,
      id: ['record id', 'deal id'],
      name: ['deal name'],
      owner: ['deal owner', 'hubspot owner'],
      account_id: ['primary associated company id', 'associated company ids', 'associated company id'],
      account_name: ['associated company', 'associated company name'],
      stage: ['deal stage'],
      closed: ['is deal closed?', 'is closed'],
      close_date: ['close date'],
      amount: ['amount'],
      currency: ['currency', 'deal currency code'],
    },
    cases: {
      ...RECORD,
      id: ['record id', 'ticket id'],
      name: ['ticket name'],
      owner: ['ticket owner', 'hubspot owner'],
      account_id: ['primary associated company id', 'associated company ids', 'associated company id'],
      account_name: ['associated company', 'associated company name'],
      status: ['ticket status'],
      closed: ['is closed'],
    },
    // Tasks and meetings: the owner is "Activity assigned to" (older exports: "Task owner"); the record
    // it is about is its first associated deal or ticket, else its first contact, else its first company.
    tasks: {
      id: RECORD.id,
      created: RECORD.created,
      name: ['task title', 'title', 'subject'],
      owner: ['activity assigned to', 'task owner', 'assigned to', 'hubspot owner'],
      status: ['task status', 'status'],
      due_date: ['due date'],
      what_id: ['associated deal ids', 'associated deal id', 'associated ticket ids', 'associated ticket id'],
      who_id: ['associated contact ids', 'associated contact id'],
      account_id: ['associated company ids', 'associated company id'],
    },
    events: {
      id: RECORD.id,
      created: RECORD.created,
      name: ['meeting name', 'meeting title', 'title'],
      owner: ['activity assigned to', 'meeting owner', 'assigned to', 'hubspot owner'],
      start: ['meeting start time', 'activity date'],
      end: ['meeting end time'],
      what_id: ['associated deal ids', 'associated deal id', 'associated ticket ids', 'associated ticket id'],
      who_id: ['associated contact ids', 'associated contact id'],
      account_id: ['associated company ids', 'associated company id'],
    },
  },
};
