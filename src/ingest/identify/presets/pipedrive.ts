/** Pipedrive exports: `Person - …` and `Organization - …` headers, owners and organizations by name. */
import { OWNER_EXTRAS, type Preset } from './preset.js';

export const pipedrive: Preset = {
  name: 'pipedrive',
  recognises: (headers) => [...headers].some((h) => /^(person|organization|lead|deal|user|activity) - /.test(h)),
  columns: {
    owners: {
      ...OWNER_EXTRAS,
      id: ['user - id'],
      name: ['user - name'],
      email: ['user - email'],
      active: ['user - active', 'user - is active'],
    },
    accounts: {
      id: ['organization - id'],
      name: ['organization - name'],
      owner: ['organization - owner'],
      created: ['organization - organization created'],
      last_activity: ['organization - last activity date'],
    },
    contacts: {
      id: ['person - id'],
      name: ['person - name'],
      first_name: ['person - first name'],
      last_name: ['person - last name'],
      email: ['person - email', 'person - email - work'],
      account_id: ['person - organization id'],
      account_name: ['person - organization'],
      owner: ['person - owner'],
      created: ['person - person created'],
      last_activity: ['person - last activity date'],
    },
    leads: { id: ['lead - id'], name: ['lead - title'], owner: ['lead - owner'], created: ['lead - lead created'] },
    // `Deal - Status` is open, won, lost (or deleted).
    opportunities: {
      id: ['deal - id'],
      name: ['deal - title'],
      owner: ['deal - owner'],
      account_id: ['deal - organization id'],
      account_name: ['deal - organization'],
      status: ['deal - status'],
      stage: ['deal - stage'],
      close_date: ['deal - expected close date'],
      amount: ['deal - value'],
      currency: ['deal - currency of value', 'deal - currency'],
      created: ['deal - deal created'],
      last_activity: ['deal - last activity date'],
    },
    // Activities (calls, meetings, tasks): `Done` is "Done" or "To do"; about a deal or organization, with a person.
    tasks: {
      id: ['activity - id'],
      name: ['activity - subject'],
      owner: ['activity - assigned to user', 'activity - owner'],
      status: ['activity - done'],
      due_date: ['activity - due date'],
      what_id: ['activity - deal id', 'deal - id'],
      who_id: ['activity - person id', 'person - id'],
      account_id: ['activity - organization id', 'organization - id'],
      created: ['activity - add time'],
    },
  },
};
