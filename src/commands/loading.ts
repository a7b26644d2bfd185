/**
 * A load as the commands that load show it (`load`, `audit FILE...`, `verify DIR FILE...`): a
 * progress line, the load's warnings, and one line for a load made before another command's work.
 */
import { loadIfChanged, type LoadOutcome, type LoadRun } from '../load/loadRun.js';
import type { Terminal } from '../output/terminal.js';
import { LoadProgressText } from '../output/loadProgress.js';
import { formatCount } from '../report/format.js';
import { explainLines } from '../report/loadExplain.js';
import {
  lacksOwnersFile,
  loadWarnings,
  NO_OWNERS_FILE,
  recordCounts,
  skippedLine,
  unreadableLines,
} from '../report/loadSummary.js';
import type { Db } from '../store/database.js';
import type { Context } from './context.js';

const UNCHANGED = 'every file is byte-identical (same SHA-256) to those of snapshot';

/** Loads (unless `--if-changed` finds nothing new) with a progress line, then tells what the load met. */
export async function runLoadIfChanged(run: LoadRun, context: Context, db: Db): Promise<LoadOutcome> {
  const progress = context.terminal.progress('Reading exports…');
  const line = new LoadProgressText();
  let outcome: LoadOutcome;
  try {
    outcome = await loadIfChanged(run, db, (update) => progress.update(() => line.text(update)));
  } finally {
    progress.stop();
  }
  if (!('loaded' in outcome)) return outcome;
  const { loaded: result, repeats } = outcome;
  if (context.options.explain) for (const line of explainLines(result)) context.terminal.info(line);
  for (const warning of loadWarnings(result)) context.terminal.warn(warning);
  for (const line of unreadableLines(result.skipped)) context.terminal.warn(line);
  const skipped = skippedLine(result.skipped);
  if (skipped) context.terminal.info(skipped);
  if (lacksOwnersFile(result)) context.terminal.warn(NO_OWNERS_FILE);
  if (repeats !== undefined)
    context.terminal.warn(
      `${UNCHANGED} ${repeats}: snapshot ${result.snapshot} repeats it (--if-changed loads nothing in that case)`,
    );
  return outcome;
}

/** One line for a load made before another command's work (audit FILE..., verify DIR FILE...). */
export function reportLoaded(outcome: LoadOutcome, terminal: Terminal): void {
  if ('unchanged' in outcome) {
    terminal.info(`Nothing loaded: ${UNCHANGED} ${outcome.unchanged} (--if-changed)`);
    return;
  }
  const { loaded } = outcome;
  terminal.info(`Loaded snapshot ${loaded.snapshot} (${recordCounts(loaded.counts, ', ', loaded.open)})`);
  if (loaded.rejectsPath) terminal.warn(`${formatCount(loaded.rejected)} rows skipped → ${loaded.rejectsPath}`);
}
