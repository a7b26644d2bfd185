/**
 * An owner named on the command line (`--from`, `--to`, `--pool`, `--owner`): by id, email or name.
 * A name or email that fits several owners is refused with every one of them, so the user can pick.
 */
import { UsageError } from '../errors.js';
import type { OwnerDirectory, OwnerResolution } from '../records/directory.js';
import type { OwnerRecord } from '../records/model.js';

/** `Chris Lee (id 61204514, chris.lee@brightwater.studio)`. */
export function ownerLabel(owner: Pick<OwnerRecord, 'id' | 'name' | 'email'>): string {
  return `${owner.name || owner.id} (${[`id ${owner.id}`, owner.email].filter(Boolean).join(', ')})`;
}

/** The error for a reference that fits several owners: it lists them and says how to name one. */
export function ambiguousOwnerError(flag: string, ref: string, owners: readonly OwnerRecord[], where = ''): UsageError {
  const first = owners[0];
  const example =
    first.email && owners.filter((o) => o.email.toLowerCase() === first.email.toLowerCase()).length === 1
      ? first.email
      : first.id;
  return new UsageError(
    `${flag} "${ref}" matches ${owners.length} owners${where}: ${owners.map(ownerLabel).join('; ')}`,
    `name one by id or email, e.g. ${flag} ${example}`,
  );
}

/** Resolves the reference like `OwnerDirectory.find`, refusing one that fits several owners. */
export function findOwnerArgument(directory: OwnerDirectory, flag: string, ref: string, where = ''): OwnerResolution {
  const found = directory.find(ref);
  if (found.issue === 'ambiguous') throw ambiguousOwnerError(flag, ref, directory.matches(ref), where);
  return found;
}
