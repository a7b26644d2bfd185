/** The config file's JSON Schema (draft 2020-12), made from the option table. */
import { CONFIG_OPTIONS, configTypeText } from './values.js';
import type { OptionSpec } from './table.js';

type Schema = Record<string, unknown>;

const nonEmpty = { type: 'string', minLength: 1 };

function valueSchema(spec: OptionSpec): Schema {
  switch (spec.type) {
    case 'number':
      return { type: spec.rule!.whole ? 'integer' : 'number', minimum: spec.rule!.min ?? 0, maximum: spec.rule!.max };
    case 'switch':
      return { type: 'boolean' };
    case 'choice':
      return { enum: [...spec.choices!] };
    case 'list': {
      const item = spec.choices ? { enum: [...spec.choices, ...Object.keys(spec.aliases ?? {})] } : nonEmpty;
      return {
        anyOf: [
          { type: 'array', items: item },
          { ...nonEmpty, pattern: '[^,\\s]', description: 'comma-separated' },
        ],
      };
    }
    case 'repeatable':
      return { type: 'array', items: nonEmpty };
    case 'columns':
      return { type: 'object', additionalProperties: { type: 'object', additionalProperties: nonEmpty } };
    default:
      return nonEmpty;
  }
}

export function configSchema(): Schema {
  const properties: Record<string, Schema> = { $schema: { type: 'string' } };
  for (const spec of CONFIG_OPTIONS) {
    properties[spec.key] = { ...valueSchema(spec), description: `${spec.help} (${configTypeText(spec)})` };
  }
  return {
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    title: 'crm-owners.config.json',
    type: 'object',
    additionalProperties: false,
    properties,
  };
}
