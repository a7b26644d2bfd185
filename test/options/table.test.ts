/**
 * The option table is the one source of flags and config keys: `--help`, the config loader, the
 * config's JSON Schema and the documentation are checked against it here.
 */
import fc from 'fast-check';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { buildProgram } from '../../src/cli.js';
import { FILE_KINDS } from '../../src/kinds/registry.js';
import { loadConfig } from '../../src/config.js';
import { declaredFlags, optionsMarkdown, readmeBlock } from '../../src/options/docs.js';
import { configSchema } from '../../src/options/schema.js';
import { COMMAND_NAMES, OPTIONS, type OptionSpec } from '../../src/options/table.js';
import { CONFIG_OPTIONS, commandOptions, flagValue, globalOptions, optionSpec } from '../../src/options/values.js';
import { formatsOf } from '../../src/output/reporters.js';
import { ROOT } from '../helpers/cli.js';

const specs: readonly OptionSpec[] = OPTIONS;
const dir = mkdtempSync(path.join(tmpdir(), 'crm-owners-options-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The long flags a help text lists in its "Options:" and "Global Options:" sections. */
function helpFlags(help: string): string[] {
  return [...help.matchAll(/^ {2}(?:-\w, )?(--[a-z][a-z-]*)/gm)]
    .map((m) => m[1])
    .filter((flag) => flag !== '--help' && flag !== '--version');
}

describe('the option table', () => {
  it('gives each option its own key, and each command at most one option per flag', () => {
    expect(new Set(specs.map((s) => s.key)).size).toBe(specs.length);
    for (const command of COMMAND_NAMES) {
      const flags = declaredFlags([...commandOptions(command), ...globalOptions()]);
      expect(new Set(flags).size, command).toBe(flags.length);
    }
  });

  it('declares what each value is: numbers a rule, choices and enums their values', () => {
    for (const spec of specs) {
      if (spec.type === 'number') expect(spec.rule, spec.key).toBeDefined();
      if (spec.type === 'choice') expect(spec.choices?.length, spec.key).toBeGreaterThan(0);
      if (spec.type !== 'switch' && spec.flag) expect(spec.value, spec.key).toBeDefined();
      if (!spec.flag) expect(spec.config, `${spec.key}: a key with no flag is a config key`).toBe(true);
    }
  });
});

describe('kind lists (--kinds, --follow-accounts, mismatchKinds)', () => {
  it('take a kind by its singular name too, and refuse what is no kind', () => {
    expect(flagValue(optionSpec('kinds'), ['opportunities,case', 'account'])).toEqual([
      'opportunities',
      'cases',
      'accounts',
    ]);
    expect(() => flagValue(optionSpec('kinds'), ['deals'])).toThrow(/--kinds: unknown kind "deals"/);
    const config = path.join(dir, 'kinds.config.json');
    writeFileSync(
      config,
      JSON.stringify({ followAccounts: ['opportunity', 'cases'], mismatchKinds: 'contact, opportunities' }),
    );
    expect(loadConfig(config)).toMatchObject({
      followAccounts: ['opportunities', 'cases'],
      mismatchKinds: ['contacts', 'opportunities'],
    });
  });

  it('--no-follow-accounts is the empty list: no kind follows its account', () => {
    expect(flagValue(optionSpec('followAccounts'), false)).toEqual([]);
  });
});

describe('--help agrees with the table', () => {
  it.each(COMMAND_NAMES)(
    'crm-owners %s --help lists exactly its options and the global ones, and marks the required ones',
    async (command) => {
      const program = await buildProgram([command]);
      const sub = program.commands.find((c) => c.name() === command)!;
      const help = sub.helpInformation();
      const expected = declaredFlags([...commandOptions(command), ...globalOptions()]);
      expect(helpFlags(help).sort()).toEqual([...expected].sort());
      for (const spec of commandOptions(command).filter((s) => s.required?.includes(command))) {
        expect(help).toMatch(new RegExp(`${spec.flag} <${spec.value}>[^]*?\\(required`));
      }
    },
  );

  it('load --help: FILE is CSV or XLSX, and --kind names every kind of the registry', async () => {
    const program = await buildProgram(['load']);
    const help = program.commands
      .find((c) => c.name() === 'load')!
      .helpInformation()
      .replace(/\s+/g, ' ');
    expect(help).toMatch(/Arguments: files CSV or XLSX files/);
    const kindHelp = /--kind <KIND=FILE> (.*?); repeatable/.exec(help)![1];
    for (const kind of FILE_KINDS) expect(kindHelp, kind).toContain(kind);
  });

  it.each(COMMAND_NAMES)('crm-owners %s declares the formats it prints', async (command) => {
    const program = await buildProgram([command]);
    expect(formatsOf(program.commands.find((c) => c.name() === command)!).length).toBeGreaterThan(0);
  });

  it('shows every example value that holds shell characters quoted (a pasted --fail-on unowned>1% makes a file "1%")', async () => {
    for (const command of COMMAND_NAMES) {
      const program = await buildProgram([command]);
      const help = program.commands.find((c) => c.name() === command)!.helpInformation();
      // Any `>` in an example command line sits inside quotes.
      for (const line of help.split('\n').filter((l) => l.trim().startsWith('crm-owners '))) {
        expect(line.replace(/'[^']*'|"[^"]*"/g, ''), line).not.toMatch(/[<>]/);
      }
      expect(help, command).not.toMatch(/ unowned>1%/);
    }
  });
});

/** Enough of JSON Schema for the shapes `configSchema` uses, to compare it with the loader. */
function fitsSchema(schema: Record<string, any>, value: unknown): boolean {
  if (schema.anyOf) return schema.anyOf.some((s: Record<string, unknown>) => fitsSchema(s, value));
  if (schema.enum) return schema.enum.includes(value);
  switch (schema.type) {
    case 'string':
      return (
        typeof value === 'string' &&
        value.length >= (schema.minLength ?? 0) &&
        (schema.pattern === undefined || new RegExp(schema.pattern, 'u').test(value))
      );
    case 'boolean':
      return typeof value === 'boolean';
    case 'integer':
    case 'number':
      return (
        typeof value === 'number' &&
        (schema.type === 'number' || Number.isSafeInteger(value)) &&
        value >= schema.minimum &&
        value <= schema.maximum
      );
    case 'array':
      return Array.isArray(value) && value.every((item) => fitsSchema(schema.items, item));
    case 'object':
      return (
        typeof value === 'object' &&
        value !== null &&
        !Array.isArray(value) &&
        Object.values(value).every((v) => fitsSchema(schema.additionalProperties, v))
      );
    default:
      throw new Error(`schema shape not covered: ${JSON.stringify(schema)}`);
  }
}

/** Whether `loadConfig` takes `{key: value}`. */
function loaderTakes(key: string, value: unknown): boolean {
  const file = path.join(dir, 'c.json');
  writeFileSync(file, JSON.stringify({ [key]: value }));
  try {
    loadConfig(file);
    return true;
  } catch {
    return false;
  }
}

describe('the config file JSON Schema agrees with the loader', () => {
  const schema = configSchema();

  it('names every config key and no other, and refuses unknown keys', () => {
    expect(Object.keys(schema.properties as object).sort()).toEqual(
      ['$schema', ...CONFIG_OPTIONS.map((s) => s.key)].sort(),
    );
    expect(schema.additionalProperties).toBe(false);
  });

  it('takes exactly the values the loader takes, key by key (property test)', () => {
    // Values of every JSON shape, and near the limits of the numbers the options take.
    const value = fc.oneof(
      fc.constantFrom(
        0,
        1,
        2.5,
        -1,
        100,
        100.5,
        150,
        36_500,
        36_501,
        1e20,
        '',
        'x',
        'unowned',
        'fail',
        'skip',
        'salesforce',
        'least-loaded',
        true,
        false,
        null,
      ),
      fc.array(
        fc.constantFrom(
          'unowned',
          'no-territory',
          'bogus',
          'accounts',
          'opportunity',
          'case',
          'Integration User',
          '',
          5,
        ),
      ),
      fc.double({ min: -10, max: 200, noNaN: true }),
      fc.string(),
    );
    const keys = CONFIG_OPTIONS.filter((s) => s.type !== 'columns').map((s) => s.key);
    fc.assert(
      fc.property(fc.constantFrom(...keys), value, (key, v) => {
        const property = (schema.properties as Record<string, Record<string, unknown>>)[key];
        const listItems =
          Array.isArray(v) || typeof v !== 'string'
            ? v
            : v
                .split(',')
                .map((s) => s.trim())
                .filter(Boolean);
        const schemaTakes =
          fitsSchema(property, v) &&
          (!(property.anyOf && typeof v === 'string') ||
            fitsSchema({ type: 'array', items: (property.anyOf as any)[0].items }, listItems));
        expect(loaderTakes(key, v), `${key}: ${JSON.stringify(v)}`).toBe(schemaTakes);
      }),
      { numRuns: 400 },
    );
  });

  it('is printed by crm-owners config --schema', async () => {
    const { runInProcess } = await import('../helpers/inProcess.js');
    const result = await runInProcess(['config', '--schema']);
    expect(result.code, result.stderr).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual(schema);
  });
});

describe('the documentation agrees with the table', () => {
  it('docs/options.md is what the table makes (npm run docs:options writes it)', () => {
    expect(readFileSync(path.join(ROOT, 'docs/options.md'), 'utf8')).toBe(optionsMarkdown());
  });

  it("the README's generated block, where it has one, is docs/options.md", () => {
    const readme = readFileSync(path.join(ROOT, 'README.md'), 'utf8');
    const block = readmeBlock(readme);
    if (block !== undefined) expect(block).toBe(optionsMarkdown());
    // Without the block, at least no flag the README's tables name is one the table does not know.
    const known = new Set([...declaredFlags(), '--help', '--version']);
    const named = [...readme.matchAll(/^\| `(--[a-z-]+)/gm)].map((m) => m[1]);
    expect(named.length).toBeGreaterThan(10);
    expect(named.filter((flag) => !known.has(flag))).toEqual([]);
  });
});
