/** The output formats `--format` names. Each command declares which of them it prints. */
export const FORMATS = ['table', 'json', 'markdown', 'csv'] as const;
export type Format = (typeof FORMATS)[number];
