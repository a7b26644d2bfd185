/** Strings kept for a whole load (map keys, names) without the file text they were cut from. */

/**
 * A copy of `text` that does not keep the text it was cut from alive. V8 makes a substring of 13
 * characters or more a view into its parent: one such value kept for the whole load (a map key)
 * would keep a whole chunk of the file in memory with it.
 */
export function detached(text: string): string {
  return text.length < 13 ? text : (' ' + text).slice(1);
}
