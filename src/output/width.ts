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

/**
 * Joins parts with `separator`, starting a new line where the next part would pass `width`; a line
 * that ends early keeps its separator, so the parts still read as one list.
 */
export function wrapParts(parts: string[], separator: string, width = terminalWidth()): string {
  const lines: string[] = [];
  const trailing = separator.trimEnd();
  let line = '';
  for (const [i, part] of parts.entries()) {
    // A line a part follows keeps room for its trailing separator.
    const after = i < parts.length - 1 ? trailing : '';
    if (line && [...stripAnsi(line + separator + part + after)].length > width) {
      lines.push(line + trailing);
      line = part;
    } else line = line ? line + separator + part : part;
  }
  return [...lines, line].join('\n');
}

function stripAnsi(text: string): string {
  return text.replace(/\x1b\[[0-9;]*m/g, '');
}

/** A headline (parts joined by ` · `) fitted to `width`: wrapped between parts, a part too long cut with `…`. */
export function fitHeadline(text: string, width = terminalWidth()): string {
  return wrapParts(text.split(' · '), ' · ', width)
    .split('\n')
    .map((line) => truncate(line, width))
    .join('\n');
}
