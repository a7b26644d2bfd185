/**
 * Test-only knobs: environment variables that let the test suite reach the code paths of big exports
 * with small ones (docs/testing.md). Read here and nowhere else; unset, they change nothing, and no
 * user-facing documentation offers them.
 */

/** A whole number from the environment, or undefined when unset or not a positive whole number. */
function wholeNumber(name: string): number | undefined {
  const value = process.env[name];
  return value !== undefined && /^[1-9]\d*$/.test(value) ? Number(value) : undefined;
}

/**
 * `CRM_OWNERS_TEST_CACHE_PAGES`: SQLite's page cache, in pages, for every connection the tool opens
 * (better-sqlite3's default is 16 MB, some 4,000 pages). A small cache makes a load spill pages into
 * the database file, and so take the exclusive lock mid-load, after a few thousand rows instead of
 * a few hundred thousand.
 */
export function testCachePages(): number | undefined {
  return wholeNumber('CRM_OWNERS_TEST_CACHE_PAGES');
}

/**
 * `CRM_OWNERS_TEST_MAX_ROW_CHARS`: the longest CSV row, in characters, instead of 16 MiB, so that a
 * field of a few MB stands for a field of a hundred.
 */
export function testMaxRowChars(): number | undefined {
  return wholeNumber('CRM_OWNERS_TEST_MAX_ROW_CHARS');
}
