/**
 * What a file's values say about the way it was saved: ids that Excel turned into numbers in
 * scientific notation (their digits are lost) and date cells that hold no readable date. Counted as
 * the rows stream past, for the load's warnings.
 */
import { mangledColumn, type FileLayout } from '../identify/layout.js';
import type { CrmRecord } from '../../records/model.js';
import { isMangledId, isUnreadableDate } from './values.js';

/** How many values of one column are affected, and the first of them. */
export interface ValueProblem {
  column: string;
  count: number;
  line: number;
  example: string;
}

export interface FileWarnings {
  /** Records whose id, owner or account reference is in scientific notation (first column met). */
  mangledIds?: ValueProblem;
  /** Per date column: non-empty cells that are no date. */
  unreadableDates: ValueProblem[];
  /** Records whose 18-character id's letter case disagrees with its checksum: stored as the checksum says. */
  recasedIds?: ValueProblem;
}

export class ValueWarnings {
  private mangled?: ValueProblem;
  private readonly dates = new Map<string, ValueProblem>();

  private recased?: ValueProblem;

  constructor(private readonly layout: FileLayout) {}

  /** Notes a record's id stored in another letter case than exported (a case-folding tool's work). */
  seeId(exported: string, stored: string, line: number): void {
    if (exported === stored || exported.length !== 18) return;
    if (this.recased) this.recased.count++;
    else
      this.recased = { column: this.layout.headers[this.layout.column.id!].trim(), count: 1, line, example: exported };
  }

  /** Notes a record's problems; tells whether one of its ids is mangled. */
  see(record: CrmRecord, line: number): boolean {
    if (isUnreadableDate(record.lastActivity)) this.date('last_activity', record.lastActivity, line);
    if (isUnreadableDate(record.created)) this.date('created', record.created, line);
    // Checked for every record: the column is looked up only for the few that are mangled.
    if (!isMangledId(record.id) && !isMangledId(record.owner) && !isMangledId(record.accountId)) return false;
    const column = mangledColumn(this.layout, record)!;
    if (this.mangled) this.mangled.count++;
    else
      this.mangled = {
        column,
        count: 1,
        line,
        example: [record.id, record.owner, record.accountId].find((v) => v.includes('+'))!,
      };
    return true;
  }

  private date(field: 'last_activity' | 'created', stored: string, line: number): void {
    const column = this.layout.headers[this.layout.column[field]!].trim();
    const problem = this.dates.get(column);
    if (problem) problem.count++;
    else this.dates.set(column, { column, count: 1, line, example: stored.slice(1) });
  }

  take(): FileWarnings {
    return {
      mangledIds: this.mangled,
      unreadableDates: [...this.dates.values()],
      ...(this.recased && { recasedIds: this.recased }),
    };
  }
}
