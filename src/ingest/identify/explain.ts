/**
 * How a file was read, for `load --explain` and `load --json`: the CRM and object decided, the
 * evidence, the runner-up, and each canonical field's column (with the rule that makes a record
 * closed).
 */
import { isRecordKind, kindSpec, OWNERS_KIND } from '../../kinds/registry.js';
import type { Identification } from './identifyFile.js';
import type { FileLayout } from './layout.js';
import type { PresetName } from './presets/index.js';

export interface FileIdentity {
  preset: PresetName;
  object: string | null;
  evidence: string[];
  runnerUp: string | null;
  /** Canonical field ← header, in the layout's order. */
  columns: Record<string, string>;
  /** What makes a record closed (history), for the kinds that have closed records. */
  closedRule: string | null;
  /** For an owners file: what makes an owner a system user. */
  systemUsers?: string;
}

function closedRuleOf(layout: FileLayout): string | null {
  if (!isRecordKind(layout.kind)) return null;
  const rule = kindSpec(layout.kind).closed;
  if (!rule) return null;
  const header = (field: string) => {
    const index = layout.column[field as keyof FileLayout['column']];
    return index === undefined ? undefined : layout.headers[index].trim();
  };
  const parts: string[] = [];
  const archived = rule.openFlag && header(rule.openFlag);
  if (archived) parts.push(`"${archived}" false`);
  // Events: over once they end (their end column, else their start and length) by the as-of date.
  if (rule.endsAt) {
    const end = header(rule.endsAt);
    const length = header('duration');
    const from = end
      ? `"${end}"`
      : header('start')
        ? `"${header('start')}"${length ? ` plus "${length}"` : ''}`
        : undefined;
    parts.push(from ? `it ends (${from}) by the as-of date` : 'no column tells its end: open');
  }
  const flag = rule.flag && header(rule.flag);
  if (flag) parts.push(`"${flag}" true`);
  else {
    const statuses = (rule.statuses ?? []).map(header).filter((h) => h !== undefined);
    if (statuses.length)
      parts.push(
        `${statuses.map((h) => `"${h}"`).join(' or ')} one of ${[...(rule.closedStatuses ?? []), ...(rule.closedPrefixes ?? []).map((p) => `${p}…`)].join(', ')}`,
      );
  }
  return parts.length ? parts.join(', or ') : 'no column tells: every record is open';
}

export function fileIdentity(identification: Identification, layout: FileLayout): FileIdentity {
  const columns = Object.fromEntries(
    (Object.entries(layout.column) as [string, number][])
      .sort((a, b) => a[1] - b[1])
      .map(([field, index]) => [field, layout.headers[index].trim()]),
  );
  return {
    preset: identification.preset,
    object: identification.object ?? null,
    evidence: identification.evidence,
    runnerUp: identification.runnerUp ?? null,
    columns,
    closedRule: closedRuleOf(layout),
    ...(layout.kind === OWNERS_KIND
      ? {
          systemUsers:
            layout.column.user_type === undefined
              ? 'by name and username (no user type column)'
              : `"${layout.headers[layout.column.user_type].trim()}" not Standard, or by name and username`,
        }
      : {}),
  };
}
