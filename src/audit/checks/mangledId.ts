/**
 * mangled-id: the record's id, or its owner or account reference, is a number in scientific
 * notation (`1.51081E+11`): Excel re-saved the file and the digits are gone, so the record cannot
 * be matched to the CRM's (an import would create a new one). See ingest/values/values.ts `isMangledId`.
 */
import type { Check } from '../check.js';

/** `mangled_id` is the SQL face of `isMangledId` (audit/context.ts); `instr` spares it most values. */
const mangled = (column: string) => `(${column} IS NOT NULL AND instr(${column}, '+') > 0 AND mangled_id(${column}))`;

export const mangledId: Check = {
  id: 'mangled-id',
  applies: () => true,
  perRecord: true,
  // The load counts these records: where it found none, no pass over a million records is needed.
  flagsNone: (kind, context) => context.snapshot.mangledIds !== undefined && !context.snapshot.mangledIds[kind],
  condition: `(${mangled('r.id')} OR ${mangled('r.owner')} OR ${mangled('r.account_id')})`,
  detail: `CASE WHEN ${mangled('r.id')} THEN 'id ' || r.id WHEN ${mangled('r.owner')} THEN 'owner ' || r.owner ELSE 'account ' || r.account_id END || ' is in scientific notation: Excel dropped its digits'`,
};
