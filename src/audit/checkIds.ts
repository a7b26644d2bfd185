/** Check ids are stable: scripts, configs and `--fail-on` refer to them. In report order. */
export const CHECK_IDS = [
  'unowned',
  'inactive-owner',
  'unknown-owner',
  'overloaded-owner',
  'territory-conflict',
  'no-territory',
  'account-owner-mismatch',
  'duplicate-id',
  'mangled-id',
  'split-ownership',
  'stale-ownership',
  'overdue-activity',
  'inactive-team-member',
] as const;

export type CheckId = (typeof CHECK_IDS)[number];

export function isCheckId(value: string): value is CheckId {
  return (CHECK_IDS as readonly string[]).includes(value);
}
