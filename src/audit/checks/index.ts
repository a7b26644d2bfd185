/** Every check, in report order. */
import type { Check } from '../check.js';
import { accountOwnerMismatch } from './accountOwnerMismatch.js';
import { duplicateId } from './duplicateId.js';
import { inactiveTeamMember } from './inactiveTeamMember.js';
import { mangledId } from './mangledId.js';
import { inactiveOwner } from './inactiveOwner.js';
import { noTerritory } from './noTerritory.js';
import { overdueActivity } from './overdueActivity.js';
import { overloadedOwner } from './overloadedOwner.js';
import { splitOwnership } from './splitOwnership.js';
import { staleOwnership } from './staleOwnership.js';
import { territoryConflict } from './territoryConflict.js';
import { unknownOwner } from './unknownOwner.js';
import { unowned } from './unowned.js';

export const CHECKS: readonly Check[] = [
  unowned,
  inactiveOwner,
  unknownOwner,
  overloadedOwner,
  territoryConflict,
  noTerritory,
  accountOwnerMismatch,
  duplicateId,
  mangledId,
  splitOwnership,
  staleOwnership,
  overdueActivity,
  inactiveTeamMember,
];
