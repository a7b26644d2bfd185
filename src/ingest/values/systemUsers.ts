/**
 * System users: owners that own records but are not people a plan may give records to. Salesforce
 * users whose `UserType` is not `Standard` (AutomatedProcess, CsnOnly, ...), Salesforce's own
 * technical users (which are `Standard`: the integration and security users every org has), and the
 * owners config `systemOwners` names.
 */
import { nameKey } from '../../records/directory.js';
import { toSalesforceId18 } from '../../records/salesforceId.js';

/** Usernames Salesforce gives its technical users: `<prefix><org id>…` (org ids start 00D). */
const TECHNICAL_USERNAME_PREFIXES = [
  'integration@00d',
  'insightsintegration@00d',
  'insightssecurity@00d',
  'autoproc@00d',
  'noreply@00d',
];
/** Names of those users, as every org shows them. */
const TECHNICAL_NAMES = [
  'Integration User',
  'Security User',
  'Automated Process',
  'Platform Integration User',
  'Chatter Expert',
];
const TECHNICAL_NAME_KEYS = new Set(TECHNICAL_NAMES.map(nameKey));

export interface UserFacts {
  name: string;
  userType: string;
  username: string;
}

/** Why a user is a system user by what its own row says, or undefined for an ordinary user. */
export function systemUserReason({ name, userType, username }: UserFacts): string | undefined {
  const type = userType.trim().toLowerCase();
  if (type !== '' && type !== 'standard' && type !== 'user') return `UserType ${userType.trim()}`;
  const login = username.trim().toLowerCase();
  if (TECHNICAL_USERNAME_PREFIXES.some((prefix) => login.startsWith(prefix)))
    return `Salesforce technical user (username ${username.trim()})`;
  if (TECHNICAL_NAME_KEYS.has(nameKey(name))) return `Salesforce technical user (${name.trim()})`;
  return undefined;
}

/**
 * Config `systemOwners`: ids (exact; Salesforce ids in either length), emails or names (compared like
 * names), as owner references are.
 */
export function systemOwnerMatcher(
  refs: readonly string[],
): (owner: { id: string; email: string; name: string }) => boolean {
  const ids = new Set(refs.flatMap((ref) => [ref.trim(), toSalesforceId18(ref.trim())]));
  const keys = new Set(refs.map(nameKey));
  return (owner) =>
    ids.has(owner.id) ||
    (owner.email !== '' && keys.has(nameKey(owner.email))) ||
    (owner.name !== '' && keys.has(nameKey(owner.name)));
}

/**
 * Why a stored system owner is one, as far as what is stored tells: its name, or the config. (The
 * row's UserType and username are not kept apart from its cells.)
 */
export function storedSystemReason(
  owner: { id: string; email: string; name: string },
  systemOwners: readonly string[],
): string {
  if (systemOwnerMatcher(systemOwners)(owner)) return 'config systemOwners';
  return (
    systemUserReason({ name: owner.name, userType: '', username: '' }) ??
    'UserType not Standard, or a Salesforce technical username'
  );
}
