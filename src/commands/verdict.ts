/**
 * A command's verdict — the audit's gate, verify's unapplied rows, doctor's findings — kept for the
 * run it belongs to (the program `main` built), so cli.ts gives the exit code from it. Kept with the
 * program rather than in `process.exitCode`: runs in one process (the in-process tests) never see
 * each other's.
 */
import type { Command } from 'commander';

export type Verdict = 'pass' | 'fail';

const verdicts = new WeakMap<Command, Verdict>();

function programOf(command: Command): Command {
  let root = command;
  while (root.parent) root = root.parent;
  return root;
}

/** Records the verdict of `command`'s run; a negative one stands whatever comes after it. */
export function giveVerdict(command: Command, passed: boolean): void {
  const program = programOf(command);
  if (!passed) verdicts.set(program, 'fail');
  else if (!verdicts.has(program)) verdicts.set(program, 'pass');
}

/** The verdict a run's command gave, if it gives one. */
export function verdictOf(program: Command): Verdict | undefined {
  return verdicts.get(program);
}
