/** Kinds named as nouns in the load summary: singular for one, the registry's plural otherwise. */
import { Chalk } from 'chalk';
import { describe, expect, it } from 'vitest';
import { kindNoun } from '../../src/kinds/registry.js';
import { loadSummaryText } from '../../src/report/loadSummary.js';
import { openDatabase } from '../../src/store/database.js';
import { csv, loadInto, OWNERS_HEADER } from '../audit/helpers.js';

const plain = new Chalk({ level: 0 });

describe('kind nouns', () => {
  it('one opportunity, two opportunities, account team members', () => {
    expect(kindNoun('opportunities', 1)).toBe('opportunity');
    expect(kindNoun('opportunities', 2)).toBe('opportunities');
    expect(kindNoun('account-team', 1)).toBe('account team member');
    expect(kindNoun('account-team', 3)).toBe('account team members');
    expect(kindNoun('cases', 0)).toBe('cases');
  });

  it('the load summary says "1 open opportunity has", never "opportunitie"', async () => {
    const db = openDatabase(':memory:');
    const result = await loadInto(db, {
      'owners.csv': csv(OWNERS_HEADER, 'u1,Ann,ann@x.test,true,user,,'),
      'opportunities.csv': csv(
        'id,name,owner,stage,amount',
        'o1,Deal,ghost,Prospecting,100',
        'o2,Deal 2,u1,Prospecting,100',
      ),
    });
    const text = loadSummaryText(result, 'db.sqlite', plain).text;
    expect(text).toContain('1 open opportunity has an owner that matches no owner');
    expect(text).not.toContain('opportunitie ');
  });
});
