import { encodeCursor } from '../../src/graphql/connections/cursor';
import { rootPageStatement } from '../../src/graphql/connections/page-query';
import { resolvePageRequest } from '../../src/graphql/connections/page-request';
import { startTestApp, type TestApp } from '../support/test-app';
import { dataOf, model, rootPages, sqlCount, sqlIds, walkForward } from './support/read-api';

// Issue 10, item 11: text sorts with one ICU collation (the same order on every server, whatever
// the cluster's own collation) and is stored and compared in Unicode NFC, so a decomposed "e\u0301"
// finds what "é" finds. Expected orders are the French alphabetical ones; lists are compared with
// SQL under PostgreSQL's own ICU French collation ("fr-x-icu"), not the one the migration creates.

const DECOMPOSED_E_ACUTE = 'e\u0301';

describe('text order and matching', () => {
  let app: TestApp;
  const idOf = new Map<string, string>();
  beforeAll(async () => {
    app = await startTestApp();
    // This test's own database: twelve students get the last names of the cases below.
    const ids = (await app.dataSource.query(`SELECT id FROM users WHERE role = 'student' ORDER BY id DESC LIMIT 12`)) as Array<{ id: number }>;
    const names = ORDERS.flatMap(([, given]) => given);
    for (const [index, { id }] of ids.entries()) {
      await app.dataSource.query('UPDATE users SET last_name = $1 WHERE id = $2', [names[index], id]);
      idOf.set(names[index], String(id));
    }
  });
  afterAll(async () => {
    await app.close();
  });

  const ORDERS: Array<[string, string[], string[]]> = [
    ['the issue: accents and case do not send a name after Z', ['Zoé', 'Élan', 'école', 'atelier'], ['atelier', 'école', 'Élan', 'Zoé']],
    ['a cedilla sorts with its letter', ['Dupont', 'Çelik', 'Cyril', 'cohen'], ['Çelik', 'cohen', 'Cyril', 'Dupont']],
    ['a ligature sorts as its letters', ['Ozil', 'Oeste', 'Œillet', 'oasis'], ['oasis', 'Œillet', 'Oeste', 'Ozil']],
  ];

  it.each(ORDERS)('orderBy LAST_NAME: %s', async (_label, given, expected) => {
    const ids = given.map((name) => idOf.get(name));
    for (const direction of ['ASC', 'DESC'] as const) {
      const response = await app.graphql<{ users: { nodes: Array<{ lastName: string }> } }>(
        `query ($ids: [ID!]) { users(filter: { id: { in: $ids } }, orderBy: [{ field: LAST_NAME, direction: ${direction} }]) { nodes { lastName } } }`,
        { ids },
      );
      const names = dataOf(response).users.nodes.map((node) => node.lastName);
      expect(names).toEqual(direction === 'ASC' ? expected : [...expected].reverse());
    }
  });

  it('every user, page by page in LAST_NAME order, comes in the order of the ICU French collation', async () => {
    const pages = await walkForward(rootPages(app, model('User'), { orderBy: [{ field: 'lastName', direction: 'ASC' }] }), 100);
    const expected = await sqlIds(app, 'SELECT id FROM users ORDER BY last_name COLLATE "fr-x-icu", id');
    expect(pages.flatMap((page) => page.ids)).toEqual(expected);
  });

  it('keyset pages on a text column still read its index (EXPLAIN)', async () => {
    const definition = model('User');
    const page = resolvePageRequest(definition, { first: 20, orderBy: [{ field: 'email', direction: 'ASC' }] });
    const [row] = (await app.dataSource.query('SELECT id, email FROM users ORDER BY email LIMIT 1 OFFSET 10')) as Array<Record<string, unknown>>;
    const after = encodeCursor(row, page.keys);
    const statement = rootPageStatement(definition, resolvePageRequest(definition, { first: 20, after, orderBy: [{ field: 'email', direction: 'ASC' }] }), {
      condition: () => null,
    });
    const runner = app.dataSource.createQueryRunner();
    try {
      await runner.query('SET enable_seqscan = off');
      const plan = ((await runner.query(`EXPLAIN ${statement.text}`, statement.values)) as Array<{ 'QUERY PLAN': string }>).map((line) => line['QUERY PLAN']).join('\n');
      expect(plan).toMatch(/Index Scan using uq_users_email/);
      expect(plan).toMatch(/Index Cond: .*email/);
      expect(plan).not.toMatch(/^\s*->\s+Sort\b|^Sort\b/m); // at most an incremental sort on id within equal e-mails
    } finally {
      await runner.query('RESET enable_seqscan');
      await runner.release();
    }
  });

  describe('NFC: a decomposed character finds what the composed one finds', () => {
    async function totalCount(list: string, type: string, filter: unknown): Promise<number> {
      const response = await app.graphql<Record<string, { totalCount: number }>>(`query ($filter: ${type}Filter) { ${list}(filter: $filter) { totalCount } }`, { filter });
      return dataOf(response)[list].totalCount;
    }

    it.each([
      ['the issue: contains "e\\u0301"', 'ARIAInteraction', 'ariaInteractions', 'userInput', 'contains', DECOMPOSED_E_ACUTE, `strpos(lower(user_input), 'é') > 0`, 'aria_interactions'],
      ['contains "E\\u0301" (upper case, decomposed)', 'ARIAInteraction', 'ariaInteractions', 'userInput', 'contains', 'E\u0301', `strpos(lower(user_input), 'é') > 0`, 'aria_interactions'],
      ['startsWith "E\\u0301" on the last names', 'User', 'users', 'lastName', 'startsWith', 'E\u0301', `lower(last_name) LIKE 'é%'`, 'users'],
      ['eq "Zoe\\u0301"', 'User', 'users', 'lastName', 'eq', 'Zoe\u0301', `last_name = 'Zoé'`, 'users'],
    ])('%s', async (_label, type, list, name, operator, text, where, table) => {
      const expected = await sqlCount(app, `SELECT count(*) AS count FROM ${table} WHERE ${where}`);
      expect(expected).toBeGreaterThan(0);
      expect(await totalCount(list, type, { [name]: { [operator]: text } })).toBe(expected);
      expect(await totalCount(list, type, { [name]: { [operator]: text.normalize('NFC') } })).toBe(expected);
    });

    it('a JSON contains with a decomposed string finds the composed one', async () => {
      const [{ topic }] = (await app.dataSource.query(
        `SELECT context_data->>'topic' AS topic FROM aria_interactions WHERE context_data->>'topic' ~ '[éèà]' GROUP BY 1 ORDER BY count(*) DESC LIMIT 1`,
      )) as Array<{ topic: string }>;
      const expected = await sqlCount(app, 'SELECT count(*) AS count FROM aria_interactions WHERE context_data @> $1::jsonb', [JSON.stringify({ topic })]);
      expect(expected).toBeGreaterThan(0);
      expect(await totalCount('ariaInteractions', 'ARIAInteraction', { contextData: { contains: { topic: topic.normalize('NFD') } } })).toBe(expected);
    });

    it('text a mutation stores is in NFC', async () => {
      const parent = { authorization: `Bearer ${await app.signIn('parent@example.com')}` };
      const profession = 'Inge\u0301nieure en e\u0301nergie';
      const response = await app.graphql<{ updateParentProfile: { profession: string } }>(
        'mutation ($profession: String) { updateParentProfile(input: { profession: $profession }) { profession } }',
        { profession },
        parent,
      );
      expect(dataOf(response).updateParentProfile.profession).toBe('Ingénieure en énergie');
      const [stored] = (await app.dataSource.query(
        `SELECT p.profession, p.profession IS NFC NORMALIZED AS nfc FROM parent_profiles p JOIN users u ON u.id = p.user_id WHERE u.email = 'parent@example.com'`,
      )) as Array<{ profession: string; nfc: boolean }>;
      expect(stored).toEqual({ profession: 'Ingénieure en énergie', nfc: true });
    });

    it('every stored String column is in NFC after the migrations', async () => {
      const columns = (await app.dataSource.query(
        `SELECT table_name AS "table", column_name AS "column" FROM information_schema.columns WHERE table_schema = 'public' AND collation_name = 'nexus_fr'`,
      )) as Array<{ table: string; column: string }>;
      expect(columns.length).toBeGreaterThan(50);
      for (const { table, column } of columns) {
        expect({ table, column, notNfc: await sqlCount(app, `SELECT count(*) AS count FROM "${table}" WHERE "${column}" IS NOT NFC NORMALIZED`) }).toEqual({ table, column, notNfc: 0 });
      }
    });
  });
});
