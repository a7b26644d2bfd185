/**
 * `transfer --to ID --to-name NAME --to-email EMAIL`: an owner who is not in the snapshot's users
 * export yet (a new hire), given by the id the CRM knows them by. The import files name them the way
 * the CRM's importer names owners (id, email or name), so the flag that gives that must be there; and
 * they are marked "not in the users export" wherever the plan is reported, never taken silently.
 */
import { UsageError } from '../errors.js';
import type { OwnerRecord } from '../records/model.js';
import { isSalesforceId, toSalesforceId18 } from '../records/salesforceId.js';
import { ownerLabel } from '../options/ownerArgument.js';
import { importFormat, type CrmName } from './crmFormat.js';

export const NOT_IN_USERS_EXPORT = 'not in the users export';

export interface NewHireFlags {
  to: string;
  toName?: string;
  toEmail?: string;
}

/** What to say when `--to` names nobody in the snapshot: how to pass a new hire. */
export function unknownTargetHint(to: string): string {
  const example = /\s|@/.test(to) ? 'USER_ID' : to;
  return `crm-owners owners lists them; for a new hire not in this users export, give their user id with --to and their name and email: --to ${example} --to-name "First Last" --to-email first.last@example.com`;
}

/**
 * The new hire as an owner record, checked against the CRM's importer and the users export;
 * `known` gives the owners of the users export a name or email fits.
 */
export function newHire(
  flags: NewHireFlags,
  crm: CrmName,
  known: (ref: string) => OwnerRecord[],
  snapshot: number,
): OwnerRecord {
  const name = flags.toName?.trim() ?? '';
  const email = flags.toEmail?.trim() ?? '';
  let id = flags.to.trim();
  if (id.includes('@') || /\s/.test(id)) {
    throw new UsageError(
      `--to "${flags.to}" is not in snapshot ${snapshot}, and with --to-name/--to-email it must be the new hire's user id, not a name or email`,
      'give the email to --to-email and the name to --to-name',
    );
  }
  if (crm === 'salesforce') {
    if (!isSalesforceId(id) || !id.startsWith('005'))
      throw new UsageError(
        `--to "${flags.to}" is not a Salesforce user id (15 or 18 characters starting 005)`,
        "copy the id from the user's page in Salesforce Setup",
      );
    id = toSalesforceId18(id);
  }
  if (email !== '' && !/^[^@\s]+@[^@\s]+$/.test(email))
    throw new UsageError(`--to-email "${flags.toEmail}" is not an email address`);
  const key = importFormat(crm).ownerKey;
  // An email the users export has is that owner's: the user meant them, or has two people mixed up.
  const byEmail = email === '' ? [] : known(email);
  if (byEmail.length > 0)
    throw new UsageError(
      `--to-email "${email}" is ${ownerLabel(byEmail[0])} in the users export, not a new owner`,
      `pass --to ${byEmail[0].id} for them, or check the new hire's email`,
    );
  // A namesake is no matter where the import names owners by id or email; where it names them by name, it could not tell them apart.
  const byName = key === 'name' && name !== '' ? known(name) : [];
  if (byName.length > 0) {
    throw new UsageError(
      `--to-name "${name}" is also ${byName.map(ownerLabel).join('; ')} in the users export, and the ${crm} import names owners by name: it could not tell them apart`,
      'give the new hire a name of their own in the CRM first',
    );
  }
  if (key === 'email' && email === '')
    throw new UsageError(`the ${crm} import names owners by email: give the new hire's with --to-email`);
  if (key === 'name' && name === '' && email === '')
    throw new UsageError(
      `the ${crm} import names owners by name: give the new hire's full name with --to-name (as the CRM has it)`,
    );
  return { id, name, email, active: true, type: 'user', territories: [], team: '', capacity: {} };
}
