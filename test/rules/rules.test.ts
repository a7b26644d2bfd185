import { describe, it, expect } from 'vitest';
import {
  parseRules,
  territoryOf,
  territoryOwners,
  validateRules,
  RulesError,
  type TerritoryRules,
} from '../../src/rules/rules.js';

/** A record as territoryOf sees it: fields by lower-cased column key. */
const record =
  (fields: Record<string, string>) =>
  (key: string): string | undefined =>
    Object.entries(fields).find(([name]) => name.toLowerCase() === key)?.[1];

/** The RulesError thrown by `run`, to check its line and message. */
function rulesError(run: () => unknown): RulesError {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(RulesError);
    return error as RulesError;
  }
  throw new Error('expected a RulesError');
}

const lines = (...rows: string[]): string => rows.join('\n') + '\n';

describe('parseRules', () => {
  it('reads reserved columns and conditions, case-insensitive headers', () => {
    const rules = parseRules(
      'rules.csv',
      lines(
        ' Territory ,PRIORITY,Kind,Owners,BillingState,NumberOfEmployees',
        'West,1,account,dana@example.com; 005x0000000fNSiAAM ;,CA|NV,>=1000',
        'Everything else,,,,*,',
      ),
    );
    expect(rules.columns).toEqual(['billingstate', 'numberofemployees']);
    const [west, rest] = rules.rules;
    expect(west).toMatchObject({
      territory: 'West',
      priority: 1,
      kind: 'accounts',
      owners: ['dana@example.com', '005x0000000fNSiAAM'],
      line: 2,
    });
    expect(west?.conditions.map(({ column, key, pattern }) => ({ column, key, pattern }))).toEqual([
      { column: 'BillingState', key: 'billingstate', pattern: 'CA|NV' },
      { column: 'NumberOfEmployees', key: 'numberofemployees', pattern: '>=1000' },
    ]);
    // Empty and * cells are not conditions; unset priority and kind stay unset.
    expect(rest).toMatchObject({ territory: 'Everything else', owners: [], conditions: [], line: 3 });
    expect(rest?.priority).toBeUndefined();
    expect(rest?.kind).toBeUndefined();
  });

  it('accepts singular and plural kinds in any case', () => {
    const rules = parseRules('r.csv', lines('territory,kind', 'a,Accounts', 'b,contact', 'c,LEAD', 'd,leads'));
    expect(rules.rules.map((rule) => rule.kind)).toEqual(['accounts', 'contacts', 'leads', 'leads']);
  });

  it('sorts by priority, ties and unset priorities in file order', () => {
    const rules = parseRules(
      'r.csv',
      lines(
        'territory,priority',
        'no-priority-1,',
        'ten-a,10',
        'one,1',
        'no-priority-2,',
        'ten-b,10',
        'minus,-3',
        'ten-c,+10',
      ),
    );
    expect(rules.rules.map((rule) => rule.territory)).toEqual([
      'minus',
      'one',
      'ten-a',
      'ten-b',
      'ten-c',
      'no-priority-1',
      'no-priority-2',
    ]);
  });

  it('works without a priority column (file order)', () => {
    const rules = parseRules('r.csv', lines('territory,State', 'b,CA', 'a,NV'));
    expect(rules.rules.map((rule) => rule.territory)).toEqual(['b', 'a']);
  });

  it('counts physical lines across quoted line breaks, CRLF, CR and blank lines', () => {
    const text =
      '\uFEFFterritory,owners,Notes\r\n' + // line 1 (BOM stripped)
      'first,a,"two\r\nlines"\r\n' + // lines 2-3: a CRLF inside quotes is one break
      '\r\n' + // line 4: blank
      'second,b,"three\r\n\r\nlines"\r\n' + // lines 5-7
      'third,c,x\r' + // line 8: old Mac line end
      'fourth,d,"one\nmore"\n' + // lines 9-10
      ',,\n' + // line 11: a spreadsheet's empty row
      'fifth,e,*'; // line 12, no final line break
    const rules = parseRules('r.csv', text);
    expect(rules.rules.map((rule) => [rule.territory, rule.line])).toEqual([
      ['first', 2],
      ['second', 5],
      ['third', 8],
      ['fourth', 9],
      ['fifth', 12],
    ]);
    expect(rules.rules[0]?.conditions[0]?.pattern).toBe('two\r\nlines');
  });

  it('counts the header line after leading blank lines', () => {
    const error = rulesError(() => parseRules('r.csv', '\n\r\nterritory,territory\n'));
    expect(error.line).toBe(3);
  });

  it('reads ; and tab delimited files (spreadsheets in many locales)', () => {
    const semicolon = parseRules('r.csv', lines('territory;owners;State', 'West;"a;b";CA|NV'));
    expect(semicolon.rules[0]).toMatchObject({ territory: 'West', owners: ['a', 'b'] });
    expect(semicolon.rules[0]?.conditions[0]?.pattern).toBe('CA|NV');
    const tab = parseRules('r.csv', lines('territory\towners\tState', 'West\ta\tCA'));
    expect(tab.rules[0]?.conditions[0]?.key).toBe('state');
  });

  describe('errors name the file and line', () => {
    it.each([
      ['an empty file', '', undefined, 'empty'],
      ['a missing territory column', lines('Region,owners', 'West,a'), 1, 'missing the required "territory" column'],
      ['duplicate headers', lines('territory,State,STATE ', 'a,b,c'), 1, 'duplicate column "STATE"'],
      ['an unnamed header', lines('territory,,State', 'a,b,c'), 1, 'column 2 of the header has no name'],
      ['an empty territory', lines('territory,State', 'a,CA', ' ,NV'), 3, 'empty "territory" cell'],
      ['a non-integer priority', lines('territory,priority', 'a,1', 'b,1.5'), 3, 'priority "1.5" is not an integer'],
      ['a text priority', lines('territory,priority', 'a,high'), 2, 'priority "high"'],
      ['an unknown kind', lines('territory,kind', 'a,account', 'b,deal'), 3, 'kind "deal"'],
      [
        'a bad pattern',
        lines('territory,NumberOfEmployees', 'a,>=1', 'b,>='),
        3,
        'bad pattern ">=" in column "NumberOfEmployees": expected a number after >=',
      ],
      [
        'an empty range',
        lines('territory,Revenue', 'a,10..2'),
        2,
        'bad pattern "10..2" in column "Revenue": empty range',
      ],
      [
        'a wrong number of fields',
        lines('territory,State', 'a,CA', 'b,NV,extra'),
        3,
        'expected 2 fields like the header, got 3',
      ],
      [
        'an unclosed quote',
        'territory,Notes\r\na,"x\r\ny"\r\nb,"never closed\r\n',
        4,
        'quote opened here is never closed',
      ],
    ])('%s', (_, text, line, message) => {
      const error = rulesError(() => parseRules('rules/west.csv', text));
      expect(error.path).toBe('rules/west.csv');
      expect(error.line).toBe(line);
      expect(error.reason).toContain(message);
      expect(error.message).toBe(`rules/west.csv${line === undefined ? '' : `:${line}`}: ${error.reason}`);
    });

    it('names the physical line after a quoted CRLF cell', () => {
      const text = 'territory,Notes,State\r\na,"one\r\ntwo\r\nthree",CA\r\nb,x,!\r\n';
      expect(rulesError(() => parseRules('r.csv', text)).line).toBe(5);
    });
  });
});

describe('territoryOf', () => {
  const rules = parseRules(
    'r.csv',
    lines(
      'territory,priority,kind,BillingState,NumberOfEmployees,Industry',
      'Enterprise West,1,accounts,CA|NV|OR,>=1000,',
      'West,2,,CA|NV|OR,,',
      'Not Banking,3,contacts,,,!Banking',
      'Leads,4,lead,,,',
    ),
  );
  const name = (kind: 'accounts' | 'contacts' | 'leads', fields: Record<string, string>): string | undefined =>
    territoryOf(rules, kind, record(fields))?.territory;

  it('gives the first matching rule by priority', () => {
    expect(name('accounts', { BillingState: 'ca', NumberOfEmployees: '5000' })).toBe('Enterprise West');
    expect(name('accounts', { BillingState: 'ca', NumberOfEmployees: '50' })).toBe('West');
    expect(name('accounts', { BillingState: 'TX', NumberOfEmployees: '5000' })).toBeUndefined();
  });

  it('applies a rule with a kind only to that kind', () => {
    expect(name('contacts', { BillingState: 'CA', NumberOfEmployees: '5000' })).toBe('West');
    expect(name('contacts', { BillingState: 'TX', Industry: 'Retail' })).toBe('Not Banking');
    expect(name('leads', { BillingState: 'TX', Industry: 'Retail' })).toBe('Leads');
    expect(name('accounts', { BillingState: 'TX', Industry: 'Retail' })).toBeUndefined();
  });

  it('treats a column the record lacks as empty: only negations and * match it', () => {
    // No BillingState: Enterprise West and West cannot match, "!Banking" does.
    expect(name('contacts', { NumberOfEmployees: '5000' })).toBe('Not Banking');
    expect(name('contacts', { Industry: 'banking' })).toBeUndefined();
  });

  it('gives undefined for empty rules', () => {
    expect(territoryOf(parseRules('r.csv', 'territory\n'), 'accounts', () => 'x')).toBeUndefined();
  });
});

describe('territoryOwners', () => {
  it('unions the owners cells of each territory, de-duplicated, in file order', () => {
    const rules = parseRules(
      'r.csv',
      lines(
        'territory,priority,owners,State',
        'West,5,b@x.com;a@x.com,CA',
        'East,1,,NY',
        'West,1,a@x.com; c@x.com,NV',
        'North,,,ND',
      ),
    );
    expect([...territoryOwners(rules)]).toEqual([
      ['West', ['b@x.com', 'a@x.com', 'c@x.com']],
      ['East', []],
      ['North', []],
    ]);
  });
});

describe('validateRules', () => {
  const rules: TerritoryRules = parseRules(
    'r.csv',
    lines(
      'territory,kind,owners,BillingState,Email',
      'West,accounts,dana,CA,',
      'People,contacts,omar,,*@x.com',
      'Any,,dana;ghost,CA,',
    ),
  );
  const columns: Record<string, string[]> = { accounts: ['billingstate'], contacts: ['email'] };
  const knows = (owners: string[]) => ({
    column: (kind: string | undefined, key: string) =>
      kind === undefined
        ? Object.values(columns).some((keys) => keys.includes(key))
        : (columns[kind] ?? []).includes(key),
    loaded: (kind: string) => kind in columns,
    owner: (ref: string) => owners.includes(ref),
  });

  it('accepts known columns and owners', () => {
    expect(() => validateRules(rules, knows(['dana', 'omar', 'ghost']))).not.toThrow();
  });

  it('names the line of an unknown owner', () => {
    const error = rulesError(() => validateRules(rules, knows(['dana', 'omar'])));
    expect(error.line).toBe(4);
    expect(error.message).toBe('r.csv:4: unknown owner "ghost" for territory "Any"');
  });

  it('names the line of a column the rule kind does not have', () => {
    const wrongKind = parseRules('r.csv', lines('territory,kind,Email', 'a,,*@x.com', 'b,accounts,*@x.com'));
    const error = rulesError(() => validateRules(wrongKind, knows([])));
    expect(error.line).toBe(3);
    expect(error.reason).toBe(
      'unknown column "Email": the accounts export does not have it (or name a field: country, state, city, postal_code, industry, employees, annual_revenue)',
    );
  });

  it('checks a rule without kind against every loaded kind', () => {
    const unknown = parseRules('r.csv', lines('territory,Region', 'a,', 'b,West'));
    const error = rulesError(() => validateRules(unknown, knows([])));
    expect(error.line).toBe(3);
    expect(error.reason).toBe(
      'unknown column "Region": no loaded export has it (or name a field: country, state, city, postal_code, industry, employees, annual_revenue)',
    );
  });
});

describe('rules for opportunities and cases', () => {
  it('a kind cell names any record kind, plural or singular', () => {
    const rules = parseRules('rules.csv', 'territory,kind,region\nA,opportunity,West\nB,Cases,East\n');
    expect(rules.rules.map((rule) => rule.kind)).toEqual(['opportunities', 'cases']);
  });
});
