/** One place maps a run's outcome to its exit code (cli.ts `exitCodeOf`); commands give verdicts, not codes. */
import { Command, CommanderError } from 'commander';
import { describe, expect, it } from 'vitest';
import { exitCodeOf } from '../src/cli.js';
import { giveVerdict, verdictOf } from '../src/commands/verdict.js';
import { EXIT_ERROR, EXIT_VERDICT, InputError, UsageError } from '../src/errors.js';

describe('exitCodeOf', () => {
  it('is 0 for a run done without a verdict or with a positive one, 1 for a negative one', () => {
    expect(exitCodeOf({})).toBe(0);
    expect(exitCodeOf({ verdict: 'pass' })).toBe(0);
    expect(exitCodeOf({ verdict: 'fail' })).toBe(EXIT_VERDICT);
    expect(EXIT_VERDICT).toBe(1);
  });

  it("gives a signal's code over the verdict: the run was cut short", () => {
    expect(exitCodeOf({ verdict: 'fail', signalled: 130 })).toBe(130);
    expect(exitCodeOf({ verdict: 'pass', signalled: 143 })).toBe(143);
  });

  it('is 2 for usage errors, bad input and bugs; 0 for help and --version', () => {
    expect(exitCodeOf({ error: new UsageError('no such flag') })).toBe(EXIT_ERROR);
    expect(exitCodeOf({ error: new InputError({ file: 'a.csv', line: 2 }, 'bad row') })).toBe(EXIT_ERROR);
    expect(exitCodeOf({ error: new Error('a bug') })).toBe(EXIT_ERROR);
    expect(exitCodeOf({ error: new CommanderError(1, 'commander.unknownOption', 'unknown option') })).toBe(EXIT_ERROR);
    expect(exitCodeOf({ error: new CommanderError(0, 'commander.helpDisplayed', '(outputHelp)') })).toBe(0);
    expect(EXIT_ERROR).toBe(2);
  });
});

describe('verdicts', () => {
  it("are kept with the run's program, whichever subcommand gives them", () => {
    const program = new Command('crm-owners');
    const audit = program.command('audit');
    expect(verdictOf(program)).toBeUndefined();
    giveVerdict(audit, true);
    expect(verdictOf(program)).toBe('pass');
    giveVerdict(audit, false);
    expect(verdictOf(program)).toBe('fail');
    // A negative verdict stands whatever comes after it.
    giveVerdict(audit, true);
    expect(verdictOf(program)).toBe('fail');
  });

  it('of one run are not seen by another', () => {
    const first = new Command('crm-owners');
    const second = new Command('crm-owners');
    giveVerdict(first.command('verify'), false);
    expect(verdictOf(first)).toBe('fail');
    expect(verdictOf(second)).toBeUndefined();
  });
});
