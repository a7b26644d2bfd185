/**
 * "Did you mean" for names a user typed (config keys), in the manner of commander's suggestions
 * for flags: the closest known names by edit distance, when they are close enough to be a typo.
 */

/** Damerau–Levenshtein (optimal string alignment) distance: a swap of two letters is one edit. */
function editDistance(a: string, b: string): number {
  const d = Array.from({ length: a.length + 1 }, (_, i) => [i, ...Array<number>(b.length).fill(0)]);
  for (let j = 1; j <= b.length; j++) d[0][j] = j;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
        d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
    }
  }
  return d[a.length][b.length];
}

/** As commander does: a typo keeps more than 40% of the longer name, and at most 3 edits. */
const MAX_EDITS = 3;
const MIN_SIMILARITY = 0.4;

/** The known names closest to `typed` (ignoring case), best first; none when nothing is close. */
export function closestNames(typed: string, known: readonly string[]): string[] {
  let best = MAX_EDITS + 1;
  let names: string[] = [];
  for (const name of known) {
    const distance = editDistance(typed.toLowerCase(), name.toLowerCase());
    const length = Math.max(typed.length, name.length);
    if ((length - distance) / length <= MIN_SIMILARITY || distance > best) continue;
    if (distance < best) [best, names] = [distance, []];
    names.push(name);
  }
  return names;
}

/** ` (did you mean "minCoverage"?)`, or nothing. */
export function didYouMean(typed: string, known: readonly string[]): string {
  const names = closestNames(typed, known);
  return names.length === 0 ? '' : ` (did you mean ${names.map((name) => `"${name}"`).join(' or ')}?)`;
}
