/**
 * The documentation's flag and config tables, made from the option table: `docs/options.md`, which
 * the README quotes between `<!-- options:start -->` and `<!-- options:end -->`. A test fails when
 * the file, or the README's block, is not what this makes.
 */
import { OPTIONS, COMMAND_NAMES, type CommandName, type OptionSpec } from './table.js';
import { CONFIG_OPTIONS, commandOptions, commandsReading, configTypeText, globalOptions } from './values.js';

export const DOCS_START = '<!-- options:start -->';
export const DOCS_END = '<!-- options:end -->';

/** A table cell: pipes escaped, so a value like `fail|skip` stays in its cell. */
function cell(text: string): string {
  return text.replace(/\|/g, '\\|');
}

function flagCell(spec: OptionSpec): string {
  const flag = `\`${spec.short ? `${spec.short}, ` : ''}${spec.flag}${spec.value ? ` ${spec.value}` : ''}\``;
  return spec.negatable ? `${flag}, \`--no-${spec.flag!.slice(2)}\`` : flag;
}

function meaning(spec: OptionSpec, command?: CommandName): string {
  const notes: string[] = [];
  if (command && spec.required?.includes(command)) notes.push('required');
  if (spec.type === 'choice' && spec.commands !== 'global')
    notes.push(`one of ${spec.choices!.map((c) => `\`${c}\``).join(', ')}`);
  // Lists of kinds, checks, …: every choice named, from the registry, so a new kind is documented.
  if (spec.type === 'list' && spec.choices) notes.push(`any of ${spec.choices.map((c) => `\`${c}\``).join(', ')}`);
  // A `doc` text says its default itself.
  if (spec.doc === undefined && spec.default !== undefined && spec.type !== 'switch')
    notes.push(`default \`${spec.default}\``);
  else if (spec.doc === undefined && spec.defaultText) notes.push(`default: ${spec.defaultText}`);
  if (spec.negatable) notes.push(`\`--no-${spec.flag!.slice(2)}\`: ${spec.negatable.help}`);
  if (spec.config) notes.push(`config \`${spec.key}\``);
  const text = spec.doc ?? spec.help;
  return notes.length ? `${text} (${notes.join('; ')})` : text;
}

function flagTable(specs: OptionSpec[], command?: CommandName): string[] {
  return [
    '| flag | meaning |',
    '| --- | --- |',
    ...specs.map((spec) => `| ${cell(flagCell(spec))} | ${cell(meaning(spec, command))} |`),
  ];
}

function configTable(): string[] {
  const rows = CONFIG_OPTIONS.map((spec) => {
    const flag = spec.flag ? `\`${spec.flag}\`` : '(config only)';
    const commands = commandsReading(spec).join(', ');
    return `| \`${spec.key}\` | ${cell(configTypeText(spec))} | ${cell(flag)} | ${commands} |`;
  });
  return ['| key | value | flag | commands |', '| --- | --- | --- | --- |', ...rows];
}

/** The whole generated Markdown: global flags, each command's flags, then the config keys. */
export function optionsMarkdown(): string {
  const lines = [
    '<!-- made by `npm run docs:options` from src/options/table.ts; a test checks it -->',
    '',
    '#### Global flags (every command)',
    '',
    ...flagTable(globalOptions()),
  ];
  for (const command of COMMAND_NAMES) {
    const specs = commandOptions(command);
    if (specs.length === 0) continue;
    lines.push('', `#### \`${command}\``, '', ...flagTable(specs, command));
  }
  lines.push('', '#### Config file keys', '', ...configTable());
  return `${lines.join('\n')}\n`;
}

/** The README's generated block, between its markers, or undefined when the README has none. */
export function readmeBlock(readme: string): string | undefined {
  const start = readme.indexOf(DOCS_START);
  const end = readme.indexOf(DOCS_END);
  if (start < 0 || end < start) return undefined;
  return readme.slice(start + DOCS_START.length, end).replace(/^\n/, '');
}

/** Every flag the table declares, as help writes it (with `--no-` forms). */
export function declaredFlags(specs: readonly OptionSpec[] = OPTIONS): string[] {
  return specs.flatMap((spec) =>
    spec.flag ? [spec.flag, ...(spec.negatable ? [`--no-${spec.flag.slice(2)}`] : [])] : [],
  );
}
