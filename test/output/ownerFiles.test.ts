/** File names of the lists per owner: safe on every system, unique ignoring case, stable. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fileStem, NO_OWNER_FILE, OWNER_INDEX_FILE, ownerFileNames } from '../../dist/output/ownerFiles.js';

const SAFE = /^[A-Za-z0-9][A-Za-z0-9_-]*\.csv$/;
/** Device names Windows reserves, with or without an extension. */
const RESERVED = /^(con|prn|aux|nul|com\d|lpt\d)(\.|$)/i;

describe('owner file names', () => {
  it('are <name>_<id>.csv in ASCII, accents dropped', () => {
    const names = ownerFileNames([
      { id: '005A', name: 'Zoë Åkesson' },
      { id: 'u/2', name: '../../etc/passwd' },
      { id: 'CON', name: 'CON' },
      { id: '7', name: '王芳' },
    ]);
    expect(Object.fromEntries(names)).toEqual({
      '005A': 'Zoe-Akesson_005A.csv',
      'u/2': 'etc-passwd_u-2.csv',
      CON: 'CON_CON.csv',
      '7': 'owner_7.csv',
    });
  });

  it('tell apart two owners who share a name, and ids that differ only in case', () => {
    const names = ownerFileNames([
      { id: '0058c00000d0M1VAAU', name: 'Alex Morgan' },
      { id: '0058c00000O6V0xAAF', name: 'Alex Morgan' },
      { id: 'u1', name: 'Sam' },
      { id: 'U1', name: 'Sam' },
      { id: 'u.1', name: 'Sam' },
    ]);
    expect(names.get('U1')).toBe('Sam_U1.csv');
    expect(names.get('u.1')).toBe('Sam_u-1.csv');
    expect(names.get('u1')).toBe('Sam_u1-2.csv');
    expect(new Set([...names.values()].map((n) => n.toLowerCase())).size).toBe(5);
  });

  it('do not depend on the order the owners come in', () => {
    const owners = [
      { id: 'b', name: 'Same' },
      { id: 'B', name: 'Same' },
      { id: 'a', name: 'Other' },
    ];
    expect(ownerFileNames(owners)).toEqual(ownerFileNames([...owners].reverse()));
  });

  it('are always safe, short and unique ignoring case, and never the index or no-owner file', () => {
    const owner = fc.record({
      id: fc.string({ minLength: 1, maxLength: 30, unit: 'grapheme' }),
      name: fc.string({ maxLength: 120, unit: 'grapheme' }),
    });
    fc.assert(
      fc.property(fc.array(owner, { maxLength: 30 }), (owners) => {
        const names = [...ownerFileNames(owners).values()];
        for (const name of names) {
          expect(name).toMatch(SAFE);
          expect(name).not.toMatch(RESERVED);
          expect(name.length).toBeLessThanOrEqual(100);
        }
        const lower = names.map((n) => n.toLowerCase());
        expect(new Set(lower).size).toBe(names.length);
        expect(lower).not.toContain(OWNER_INDEX_FILE.toLowerCase());
        expect(lower).not.toContain(NO_OWNER_FILE.toLowerCase());
      }),
    );
  });

  it('reduce text to letters, digits and single hyphens', () => {
    expect(fileStem("  Mary-Jane   O'Neil (EMEA) ", 40)).toBe('Mary-Jane-O-Neil-EMEA');
    expect(fileStem('x'.repeat(100), 40)).toHaveLength(40);
    expect(fileStem('\u202eevil\u0000name', 40)).toBe('evil-name');
  });
});
