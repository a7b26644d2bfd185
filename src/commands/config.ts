/** `crm-owners config`: the config in force, or with --schema the config file's JSON Schema. */
import type { Command } from 'commander';
import { addCommandOptions } from '../options/commander.js';
import { configSchema } from '../options/schema.js';
import { declareReporters, report } from '../output/reporters.js';
import { contextOf } from './context.js';

export function defineConfig(program: Command): void {
  const command = program
    .command('config')
    .summary('the config in force, or its JSON Schema (--schema)')
    .description(
      'Print the config file in force (crm-owners.config.json in the working folder, or --config PATH) as JSON, paths resolved; with --schema, the JSON Schema of the config file, for editors: save it and name it in the file\'s "$schema".',
    )
    .addHelpText('after', '\nExamples:\n  crm-owners config\n  crm-owners config --schema > crm-owners.schema.json');
  addCommandOptions(command, 'config');
  const reporters = declareReporters<object>(command, {
    json: (value, terminal) => terminal.out(JSON.stringify(value, null, 2)),
  });
  command.action((_flags: unknown, cmd: Command) => {
    const context = contextOf(cmd);
    report(reporters, context.format, context.options.schema ? configSchema() : context.config, context.terminal);
  });
}
