/**
 * Territory rules files (README, "Territory rules"): one rule per CSV row. Reserved columns are
 * `territory`, `priority`, `kind` and `owners`; every other column names a record field and holds
 * a pattern (see pattern.ts).
 */
import { CsvSyntaxError, parseCsvText, type CsvRow } from '../csv.js';
import { compilePattern, PatternError, type Matcher } from './pattern.js';

import type { RecordKind } from '../records/model.js';
import { kindNamed, RECORD_KINDS } from '../kinds/registry.js';
import { InputError } from '../errors.js';
import { shortened } from '../output/printable.js';
import { RULE_FIELDS } from '../ingest/identify/presets/ruleFields.js';

export interface RuleCondition {
  /** The header as written (trimmed), for messages. */
  column: string;
  /** The lower-cased trimmed header: how record fields are looked up (case-insensitive). */
  key: string;
  pattern: string;
  matches: Matcher;
}

export interface TerritoryRule {
  territory: string;
  /** Lower first. Unset (empty cell or no column) sorts after every numbered rule. */
  priority?: number;
  /** Unset: the rule applies to every kind. */
  kind?: RecordKind;
  owners: string[];
  /** Only the constraining cells: empty and `*` cells are left out. */
  conditions: RuleCondition[];
  /** Physical line of the row in the file (a header on the first line is line 1). */
  line: number;
}

export interface TerritoryRules {
  path: string;
  /** In matching order: priority ascending, ties (and unset priorities) in file order. */
  rules: TerritoryRule[];
  /** Keys of every condition column, in header order. */
  columns: string[];
}

/** A problem in a rules file: exit 2, the message names the file and line (`file:line: reason`). */
export class RulesError extends InputError {
  override name = 'RulesError';

  constructor(
    public path: string,
    public line: number | undefined,
    reason: string,
  ) {
    super({ file: path, line }, reason);
  }
}

const RESERVED = new Set(['territory', 'priority', 'kind', 'owners']);

export function parseRules(path: string, text: string): TerritoryRules {
  return rulesOfRows(path, readCsv(path, text.replace(/^\uFEFF/, '')));
}

/** Rules from a table's rows (a CSV's, or a workbook sheet's), the header first. */
export function rulesOfRows(path: string, table: { cells: string[]; line: number }[]): TerritoryRules {
  const [header, ...rows] = table;
  if (!header) throw new RulesError(path, undefined, 'the rules file is empty');

  const columns = header.cells.map((cell) => cell.trim());
  const keys = columns.map((column) => column.toLowerCase());
  keys.forEach((key, index) => {
    if (key === '') throw new RulesError(path, header.line, `column ${index + 1} of the header has no name`);
    if (keys.indexOf(key) !== index)
      throw new RulesError(path, header.line, `duplicate column "${shortened(columns[index])}"`);
  });
  if (!keys.includes('territory')) throw new RulesError(path, header.line, 'missing the required "territory" column');

  const rules: TerritoryRule[] = [];
  for (const { cells, line } of rows) {
    // Spreadsheets save rows of bare delimiters (",,,") below the data: treat them as blank lines.
    if (cells.every((cell) => cell.trim() === '')) continue;
    const cell = (key: string): string => {
      const index = keys.indexOf(key);
      return index < 0 ? '' : (cells[index] ?? '').trim();
    };
    const fail = (message: string): never => {
      throw new RulesError(path, line, message);
    };

    const territory = cell('territory');
    if (territory === '') fail('empty "territory" cell');

    const rule: TerritoryRule = { territory, owners: [], conditions: [], line };
    const priority = cell('priority');
    if (priority !== '') {
      if (!/^[+-]?\d+$/.test(priority)) fail(`priority "${shortened(priority)}" is not an integer`);
      rule.priority = Number(priority);
    }
    const kind = cell('kind');
    if (kind !== '') {
      rule.kind = kindNamed(kind) ?? fail(`kind "${shortened(kind)}" is not one of ${RECORD_KINDS.join(', ')}`);
    }
    rule.owners = cell('owners')
      .split(';')
      .map((owner) => owner.trim())
      .filter((owner) => owner !== '');

    keys.forEach((key, index) => {
      const pattern = (cells[index] ?? '').trim();
      if (RESERVED.has(key) || pattern === '' || pattern === '*') return;
      try {
        rule.conditions.push({ column: columns[index] ?? key, key, pattern, matches: compilePattern(pattern) });
      } catch (error) {
        if (!(error instanceof PatternError)) throw error;
        fail(`bad pattern "${shortened(pattern)}" in column "${shortened(columns[index])}": ${error.message}`);
      }
    });
    rules.push(rule);
  }

  // Array.prototype.sort is stable, so equal priorities keep file order.
  rules.sort((a, b) => (a.priority ?? Infinity) - (b.priority ?? Infinity) || 0);
  return { path, rules, columns: keys.filter((key) => !RESERVED.has(key)) };
}

/**
 * The first rule (in matching order) for this kind whose every condition matches. `field` returns a
 * record's value by lower-cased column key, or undefined when the record has no such column. A missing
 * value is treated as empty: only `*`/empty cells and negations (`!CA`) match it, so a rule never
 * matches by accident on a column an export lacks, while "not CA" stays true for it.
 */
export function territoryOf(
  rules: TerritoryRules,
  kind: RecordKind,
  field: (key: string) => string | undefined,
): TerritoryRule | undefined {
  return rules.rules.find(
    (rule) =>
      (rule.kind === undefined || rule.kind === kind) &&
      rule.conditions.every((condition) => condition.matches(field(condition.key))),
  );
}

/**
 * Checks the rules against the loaded snapshot: every condition column must exist for the rule's kind
 * (for a rule without kind: for some loaded kind) and every owner must resolve. Throws for the first
 * problem in file order.
 */
export function validateRules(
  rules: TerritoryRules,
  knows: {
    column(kind: string | undefined, key: string): boolean;
    loaded(kind: string): boolean;
    owner(ref: string): boolean;
  },
): void {
  for (const rule of inFileOrder(rules)) {
    for (const condition of rule.conditions) {
      if (!knows.column(rule.kind, condition.key)) {
        // A rule for a kind whose export was not loaded: say so, not that the export lacks the column.
        if (rule.kind && !knows.loaded(rule.kind)) {
          throw new RulesError(
            rules.path,
            rule.line,
            `the rule for ${rule.kind} names "${shortened(condition.column)}", but no ${rule.kind} export is loaded: load one, or run without the rules (--no-rules)`,
          );
        }
        const why = rule.kind ? `the ${rule.kind} export does not have it` : 'no loaded export has it';
        throw new RulesError(
          rules.path,
          rule.line,
          `unknown column "${shortened(condition.column)}": ${why} (or name a field: ${RULE_FIELDS.join(', ')})`,
        );
      }
    }
    for (const owner of rule.owners) {
      if (!knows.owner(owner)) {
        throw new RulesError(
          rules.path,
          rule.line,
          `unknown owner "${shortened(owner)}" for territory "${shortened(rule.territory)}"`,
        );
      }
    }
  }
}

/**
 * Territory name -> owner refs from the `owners` cells: the union over its rows, de-duplicated, in
 * file order. Every territory is present, with [] when no row names owners (the owners file may).
 */
export function territoryOwners(rules: TerritoryRules): Map<string, string[]> {
  const owners = new Map<string, string[]>();
  for (const rule of inFileOrder(rules)) {
    const list = owners.get(rule.territory) ?? [];
    for (const owner of rule.owners) if (!list.includes(owner)) list.push(owner);
    owners.set(rule.territory, list);
  }
  return owners;
}

function inFileOrder(rules: TerritoryRules): TerritoryRule[] {
  return [...rules.rules].sort((a, b) => a.line - b.line);
}

/**
 * The rules file's rows with their physical lines, read with the same CSV reader as exports. Every
 * row must have as many cells as the header.
 */
function readCsv(path: string, text: string): { cells: string[]; line: number }[] {
  let rows: CsvRow[];
  try {
    rows = parseCsvText(text, sniffDelimiter(text));
  } catch (error) {
    if (!(error instanceof CsvSyntaxError)) throw error;
    throw new RulesError(path, error.problem.line, error.problem.reason);
  }
  const width = rows[0]?.fields.length;
  for (const row of rows) {
    if (row.fields.length !== width)
      throw new RulesError(path, row.line, `expected ${width} fields like the header, got ${row.fields.length}`);
  }
  return rows.map((row) => ({ cells: row.fields, line: row.line }));
}

/**
 * `,` unless the header line has more `;` or tabs (Excel in many European locales saves with `;`).
 * `|` is never sniffed: it separates pattern alternatives.
 */
function sniffDelimiter(text: string): string {
  const headerLine = /^[^\r\n]*/.exec(text.replace(/^[\r\n]+/, ''))?.[0] ?? '';
  const count = (delimiter: string): number => headerLine.split(delimiter).length - 1;
  return [';', '\t'].reduce((best, candidate) => (count(candidate) > count(best) ? candidate : best), ',');
}
