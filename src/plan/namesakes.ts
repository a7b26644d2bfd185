/**
 * Importers that name owners by full name (Dynamics, Pipedrive) cannot tell two users of the same
 * name apart: a plan that gives records to one of them is written correctly but may be imported to
 * the other. Said before the files are imported, never found out after.
 */
import { ownerLabel } from '../options/ownerArgument.js';
import { importFormat } from './crmFormat.js';
import type { PlanResult } from './runPlan.js';

export function namesakeWarnings(result: PlanResult): string[] {
  if (importFormat(result.crm).ownerKey !== 'name') return [];
  const receivers = new Map(result.plan.moves.map((move) => [move.to.id, move.to]));
  return [...receivers.values()].flatMap((owner) => {
    const namesakes =
      owner.name === '' ? [] : result.context.directory.matches(owner.name).filter((other) => other.id !== owner.id);
    if (namesakes.length === 0) return [];
    return [
      `${ownerLabel(owner)} gets records, and the ${result.crm} import names owners by full name, which ${namesakes.map(ownerLabel).join('; ')} also has: the import cannot tell them apart; give them names of their own in the CRM and export again`,
    ];
  });
}
