/** The test-only knobs (docs/testing.md): unset or malformed they change nothing; set, they reach the code they are for. */
import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../../dist/store/database.js';
import { testCachePages, testMaxRowChars } from '../../dist/testKnobs.js';

const NAMES = ['CRM_OWNERS_TEST_CACHE_PAGES', 'CRM_OWNERS_TEST_MAX_ROW_CHARS'] as const;
const saved = Object.fromEntries(NAMES.map((name) => [name, process.env[name]]));

afterEach(() => {
  for (const name of NAMES) {
    if (saved[name] === undefined) delete process.env[name];
    else process.env[name] = saved[name];
  }
});

describe('test-only knobs', () => {
  it.each(['', '0', '-5', '1.5', 'many', '20 '])('ignore a value that is not a positive whole number: %j', (value) => {
    for (const name of NAMES) process.env[name] = value;
    expect(testCachePages()).toBeUndefined();
    expect(testMaxRowChars()).toBeUndefined();
  });

  it('read positive whole numbers', () => {
    process.env.CRM_OWNERS_TEST_CACHE_PAGES = '50';
    process.env.CRM_OWNERS_TEST_MAX_ROW_CHARS = '1048576';
    expect(testCachePages()).toBe(50);
    expect(testMaxRowChars()).toBe(1_048_576);
  });

  it("CRM_OWNERS_TEST_CACHE_PAGES sets the page cache of the tool's connections; unset, SQLite's default stays", () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'crm-owners-knobs-'));
    try {
      delete process.env.CRM_OWNERS_TEST_CACHE_PAGES;
      const raw = new Database(path.join(dir, 'raw.db'));
      const sqliteDefault = raw.pragma('cache_size', { simple: true });
      raw.close();
      const plain = openDatabase(path.join(dir, 'plain.db'));
      expect(plain.pragma('cache_size', { simple: true })).toBe(sqliteDefault);
      plain.close();
      process.env.CRM_OWNERS_TEST_CACHE_PAGES = '50';
      const small = openDatabase(path.join(dir, 'small.db'));
      expect(small.pragma('cache_size', { simple: true })).toBe(50);
      small.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
