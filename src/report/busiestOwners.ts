/** The busiest owners of a kind, with load against capacity: shared by the table and Markdown. */
import type { AuditResult, OwnerSummary } from '../audit/runAudit.js';
import type { RecordKind } from '../ingest/model.js';
import { kindRole } from '../kinds/registry.js';

export interface BusyOwner {
  owner: OwnerSummary;
  load: number;
  capacity?: number;
  /** Records above capacity (0 when within it). */
  over: number;
}

export function busiestOwners(result: AuditResult, kind: RecordKind, limit = 5): BusyOwner[] {
  // Activities are shown by owner in the follow-up table; team seats are no load.
  if (kindRole(kind) !== 'record') return [];
  return result.owners
    .filter((o) => o.active && o.type === 'user' && !o.placeholder && (o.loads[kind] ?? 0) > 0)
    .map((owner) => {
      const load = owner.loads[kind] ?? 0;
      const capacity = owner.capacity[kind];
      return { owner, load, capacity, over: capacity === undefined ? 0 : Math.max(0, load - Math.floor(capacity)) };
    })
    .sort((a, b) => b.load - a.load || a.owner.id.localeCompare(b.owner.id))
    .slice(0, limit);
}

const EIGHTHS = ['', '▏', '▎', '▍', '▌', '▋', '▊', '▉'];

/** A bar `width` characters at full `scale`, in eighths of a character. */
export function bar(value: number, scale: number, width: number): string {
  if (scale <= 0) return '';
  const eighths = Math.round((Math.min(value, scale) / scale) * width * 8);
  return '█'.repeat(Math.floor(eighths / 8)) + EIGHTHS[eighths % 8];
}
