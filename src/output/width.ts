/** How wide text reports may be: the terminal's columns, else env COLUMNS, else 80. */
export function terminalWidth(stdout: { columns?: number } = process.stdout, env: NodeJS.ProcessEnv = process.env): number {
  const columns = stdout.columns || Number(env.COLUMNS);
  return Number.isSafeInteger(columns) && columns >= 20 ? columns : 80;
}

/** A value cut to `width` characters, its end replaced by `…` when it is cut. */
export function truncate(text: string, width: number): string {
  const chars = [...text];
  return chars.length <= width ? text : `${chars.slice(0, Math.max(0, width - 1)).join('')}…`;
}
