/**
 * Plan folders, the reading side (README, `plan`): `summary.json` says which snapshot the
 * plan was made from and which CRM's import format it speaks; each `import-<kind>.csv` holds the new
 * owners and its `rollback-<kind>.csv` the owners the records had.
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { describeFsError, InputError } from '../errors.js';
import { CsvSyntaxError, parseCsvText } from '../csv.js';
import { headerKey, RECORD_KINDS, type RecordKind } from '../records/model.js';
import { toSalesforceId18 } from '../records/salesforceId.js';
import { importFileName, rollbackFileName } from '../kinds/registry.js';
import { readTextFile } from '../ingest/sources/textFile.js';
import { shortened } from '../output/printable.js';
// The writing side (plan, transfer) owns the formats; reading them back uses the same definitions.
import { CRM_NAMES, importHeader, type CrmName } from './crmFormat.js';
import { PLAN_SCHEMA } from './writePlan.js';
import { isMembershipKind, teamDeleteFileName, teamInsertFileName, teamPlan } from './teamFiles.js';

export interface PlanRow {
  kind: RecordKind;
  recordId: string;
  /** The owner the plan gives the record, as the import file writes it (id, or email for HubSpot). */
  newOwner: string;
  /** The owner the record had, from the rollback file ('' when it was unowned). */
  oldOwner: string;
}

export interface PlanFolder {
  dir: string;
  /** The snapshot the plan was made from. */
  snapshot: number;
  crm: CrmName;
  /** Kind by kind (in the registry's order), in file order. */
  rows: PlanRow[];
  /** Team memberships to insert and to delete (insert-<kind>.csv, delete-<kind>.csv), kind by kind. */
  teams: TeamRow[];
}

/** A membership the plan inserts (the new owner on a record's team) or deletes (the old member, by id). */
export type TeamRow =
  | { kind: RecordKind; action: 'insert'; parentId: string; userId: string; line: number }
  | { kind: RecordKind; action: 'delete'; memberId: string; line: number };

const NOT_A_PLAN = 'is this a folder written by crm-owners plan?';

async function exists(file: string): Promise<boolean> {
  try {
    await fs.stat(file);
    return true;
  } catch {
    return false;
  }
}

async function readSummary(dir: string): Promise<{ snapshot: number; crm: CrmName }> {
  let stat;
  try {
    stat = await fs.stat(dir);
  } catch (error) {
    throw new InputError(
      { file: dir },
      describeFsError(error),
      'name the folder a plan was written to (crm-owners plan --out DIR)',
    );
  }
  if (!stat.isDirectory()) throw new InputError({ file: dir }, `not a folder: ${NOT_A_PLAN}`);
  const file = path.join(dir, 'summary.json');
  if (!(await exists(file))) throw new InputError({ file: dir }, `no summary.json: ${NOT_A_PLAN}`);

  let summary: unknown;
  try {
    summary = JSON.parse(readTextFile(file, 'plan'));
  } catch (error) {
    if (error instanceof InputError) throw error;
    throw new InputError({ file }, `not valid JSON (${(error as Error).message})`);
  }
  const { schema, snapshot, crm } = (typeof summary === 'object' && summary !== null ? summary : {}) as Record<
    string,
    unknown
  >;
  if (schema !== PLAN_SCHEMA)
    throw new InputError({ file }, `"schema" is ${JSON.stringify(schema)}, expected "${PLAN_SCHEMA}": ${NOT_A_PLAN}`);
  if (typeof snapshot !== 'number' || !Number.isSafeInteger(snapshot) || snapshot < 1)
    throw new InputError(
      { file },
      `"snapshot" must be a snapshot number, got ${typeof snapshot === 'number' && !Number.isFinite(snapshot) ? 'a number too large to be read' : shortened(JSON.stringify(snapshot) ?? String(snapshot))}`,
    );
  if (!CRM_NAMES.includes(crm as CrmName))
    throw new InputError({ file }, `"crm" must be one of ${CRM_NAMES.join(', ')}, got ${JSON.stringify(crm)}`);
  return { snapshot, crm: crm as CrmName };
}

interface OwnerCell {
  id: string;
  owner: string;
  line: number;
}

/** A plan file's rows after its header, which must be `header` (`why`: what says it must). */
function readPlanCsv(file: string, header: readonly string[], why = ''): { fields: string[]; line: number }[] {
  let rows;
  try {
    rows = parseCsvText(readTextFile(file, 'plan'), ',');
  } catch (error) {
    if (error instanceof CsvSyntaxError)
      throw new InputError({ file, line: error.problem.line, column: error.problem.column }, error.problem.reason);
    throw error;
  }
  const [first, ...body] = rows;
  if (
    !first ||
    first.fields.length !== header.length ||
    first.fields.some((cell, i) => headerKey(cell) !== headerKey(header[i]!))
  ) {
    throw new InputError(
      { file, line: 1 },
      `header is "${first?.fields.join(',') ?? ''}", expected "${header.join(',')}"${why}`,
    );
  }
  return body;
}

/** One import or rollback file: its rows as (record id, owner), checked against the expected header. */
async function readOwnerFile(file: string, crm: CrmName, kind: RecordKind): Promise<OwnerCell[]> {
  const body = readPlanCsv(file, importHeader(crm, kind), ` (summary.json says crm ${crm})`);
  const seen = new Set<string>();
  return body.map(({ fields, line }) => {
    if (fields.length !== 2)
      throw new InputError(
        { file, line, column: Math.min(fields.length, 2) + 1 },
        `${fields.length} fields, expected 2`,
      );
    // The importer's ids are 18-character for Salesforce; a hand-edited 15-character id still matches.
    const id = crm === 'salesforce' ? toSalesforceId18(fields[0].trim()) : fields[0].trim();
    if (id === '') throw new InputError({ file, line, column: 1 }, 'empty record id');
    if (seen.has(id)) throw new InputError({ file, line, column: 1 }, `record ${id} is listed twice`);
    seen.add(id);
    return { id, owner: fields[1], line };
  });
}

/** A team file's rows as cells, checked against the header the plan writes for the CRM. */
async function readTeamFile(file: string, header: string[]): Promise<{ fields: string[]; line: number }[]> {
  const body = readPlanCsv(file, header);
  for (const { fields, line } of body) {
    if (fields.length !== header.length)
      throw new InputError(
        { file, line, column: Math.min(fields.length, header.length) + 1 },
        `${fields.length} fields, expected ${header.length}`,
      );
    if (fields[0]!.trim() === '') throw new InputError({ file, line, column: 1 }, 'empty id');
  }
  return body;
}

/** The team changes of a plan folder: each membership kind's insert and delete files, when it has them. */
async function readTeams(dir: string, crm: CrmName): Promise<TeamRow[]> {
  const teams: TeamRow[] = [];
  const id = (value: string) => (crm === 'salesforce' ? toSalesforceId18(value.trim()) : value.trim());
  for (const kind of RECORD_KINDS.filter(isMembershipKind)) {
    const insertFile = path.join(dir, teamInsertFileName(kind));
    const deleteFile = path.join(dir, teamDeleteFileName(kind));
    const [hasInsert, hasDelete] = [await exists(insertFile), await exists(deleteFile)];
    if (!hasInsert && !hasDelete) continue;
    if (!hasDelete)
      throw new InputError(
        { file: deleteFile },
        `missing: the plan has ${path.basename(insertFile)} but not its delete file`,
      );
    if (!hasInsert)
      throw new InputError(
        { file: insertFile },
        `missing: the plan has ${path.basename(deleteFile)} but not its insert file`,
      );
    const formats = teamPlan(crm, kind, []).files;
    if (formats.length === 0)
      throw new InputError(
        { file: insertFile },
        `crm-owners writes no team files for ${crm}: is summary.json's "crm" right?`,
      );
    for (const { fields, line } of await readTeamFile(insertFile, formats[0]!.header))
      teams.push({ kind, action: 'insert', parentId: id(fields[0]!), userId: id(fields[1]!), line });
    for (const { fields, line } of await readTeamFile(deleteFile, formats[1]!.header))
      teams.push({ kind, action: 'delete', memberId: id(fields[0]!), line });
  }
  return teams;
}

/** Reads a plan folder; any missing or garbled file is an InputError naming it (and the line). */
export async function readPlan(dir: string): Promise<PlanFolder> {
  const { snapshot, crm } = await readSummary(dir);
  const rows: PlanRow[] = [];
  for (const kind of RECORD_KINDS) {
    // Memberships are replaced, not updated: their files are read by readTeams.
    if (isMembershipKind(kind)) continue;
    const importFile = path.join(dir, importFileName(kind));
    const rollbackFile = path.join(dir, rollbackFileName(kind));
    const [hasImport, hasRollback] = [await exists(importFile), await exists(rollbackFile)];
    // A plan writes the pair only for kinds with rows.
    if (!hasImport && !hasRollback) continue;
    if (!hasRollback)
      throw new InputError(
        { file: rollbackFile },
        `missing: the plan has ${path.basename(importFile)} but not its rollback file`,
      );
    if (!hasImport)
      throw new InputError(
        { file: importFile },
        `missing: the plan has ${path.basename(rollbackFile)} but not its import file`,
      );

    const imports = await readOwnerFile(importFile, crm, kind);
    // Paired by id (not position), so a reordered rollback file still reads right.
    const previous = new Map((await readOwnerFile(rollbackFile, crm, kind)).map((cell) => [cell.id, cell]));
    for (const cell of imports) {
      const old = previous.get(cell.id);
      if (!old)
        throw new InputError(
          { file: importFile, line: cell.line },
          `record ${cell.id} has no row in ${path.basename(rollbackFile)}`,
        );
      previous.delete(cell.id);
      rows.push({ kind, recordId: cell.id, newOwner: cell.owner, oldOwner: old.owner });
    }
    const [extra] = previous.values();
    if (extra)
      throw new InputError(
        { file: rollbackFile, line: extra.line },
        `record ${extra.id} has no row in ${path.basename(importFile)}`,
      );
  }
  return { dir, snapshot, crm, rows, teams: await readTeams(dir, crm) };
}
