import { describe, expect, it } from 'vitest';
import { OPTIONS } from '../../src/options/table.js';
import { closedMovable, FILE_KINDS, hasClosed, kindSpec, RECORD_KINDS } from '../../src/kinds/registry.js';

const help = (key: string) => OPTIONS.find((option) => option.key === key)?.help ?? '';

describe('kind lists in help texts come from the registry', () => {
  it('--kind lists every file kind', () => {
    for (const kind of FILE_KINDS) expect(help('kind')).toContain(kind);
  });

  it('--include-closed names the kinds it moves and the closed records that never move', () => {
    expect(help('includeClosed')).toBe(
      'move closed opportunities and cases too (by default they stay with the owner who worked them); converted leads, closed tasks and past events never move',
    );
    for (const kind of RECORD_KINDS.filter(hasClosed)) {
      const named = closedMovable(kind) ? kind : `${kindSpec(kind).closed?.flag ?? 'past'} ${kind}`;
      expect(help('includeClosed')).toContain(named);
    }
  });
});
