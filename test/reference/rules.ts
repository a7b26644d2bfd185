/**
 * Territory rules: read with csv-parse, matched one pattern at a time, the first matching rule by
 * priority then file order.
 */
import { parse } from 'csv-parse/sync';
import type { Kind } from './readExport.js';

export interface Rule {
  territory: string;
  priority: number;
  order: number;
  kind: string;
  owners: string[];
  /** Lower-cased column -> pattern. */
  patterns: [string, string][];
}

const RESERVED = ['territory', 'priority', 'kind', 'owners'];

export function parseRulesCsv(text: string): Rule[] {
  const rows = parse(text, {
    bom: true,
    columns: (header: string[]) => header.map((h) => h.trim().toLowerCase()),
    skip_empty_lines: true,
  }) as Record<string, string>[];
  return rows
    .map((row, order) => ({
      territory: row.territory!.trim(),
      priority: row.priority?.trim() ? Number(row.priority) : Number.POSITIVE_INFINITY,
      order,
      kind: (row.kind ?? '').trim().toLowerCase(),
      owners: (row.owners ?? '')
        .split(';')
        .map((o) => o.trim())
        .filter(Boolean),
      patterns: Object.entries(row).filter(([column]) => !RESERVED.includes(column)) as [string, string][],
    }))
    .sort((a, b) => a.priority - b.priority || a.order - b.order);
}

const globToRegExp = (glob: string) =>
  new RegExp(
    `^${glob
      .split('*')
      .map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
      .join('.*')}$`,
    'i',
  );

function equalsOrGlob(alternative: string, value: string): boolean {
  const a = alternative.trim();
  const v = value.trim();
  return a.includes('*') ? globToRegExp(a).test(v) : a.toLowerCase() === v.toLowerCase();
}

const asNumber = (text: string) => (text.trim() !== '' && Number.isFinite(Number(text)) ? Number(text) : undefined);

/** Whether one pattern cell matches a value (undefined: the record has no such column). */
export function patternMatches(pattern: string, value: string | undefined): boolean {
  const p = pattern.trim();
  if (p === '' || p === '*') return true;
  if (p.startsWith('!')) {
    if (value === undefined) return true;
    return !p
      .slice(1)
      .split('|')
      .some((alt) => equalsOrGlob(alt, value));
  }
  const range = /^(-?\d+(?:\.\d+)?)\.\.(-?\d+(?:\.\d+)?)$/.exec(p);
  const comparison = /^(>=|<=|>|<)\s*(-?\d+(?:\.\d+)?)$/.exec(p);
  if (range || comparison) {
    const n = value === undefined ? undefined : asNumber(value);
    if (n === undefined) return false;
    if (range) return n >= Number(range[1]) && n <= Number(range[2]);
    const limit = Number(comparison![2]);
    return { '>=': n >= limit, '<=': n <= limit, '>': n > limit, '<': n < limit }[comparison![1] as '>=']!;
  }
  if (value === undefined) return false;
  return p.split('|').some((alt) => equalsOrGlob(alt, value));
}

const SINGULARS: Record<string, Kind> = {
  account: 'accounts',
  contact: 'contacts',
  lead: 'leads',
  opportunity: 'opportunities',
  case: 'cases',
};

/** The first rule (in priority order) for `kind` whose every pattern matches the record's cells. */
export function firstMatch(rules: Rule[], kind: Kind, cells: Map<string, string>): Rule | undefined {
  return rules.find(
    (rule) =>
      (rule.kind === '' || rule.kind === kind || SINGULARS[rule.kind] === kind) &&
      rule.patterns.every(([column, pattern]) => patternMatches(pattern, cells.get(column))),
  );
}
