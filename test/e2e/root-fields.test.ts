import type { ModelDefinition } from '../../src/graphql/model-registry';
import { MODELS } from '../../src/graphql/models';
import { startTestApp, type TestApp } from '../support/test-app';
import { dataOf, graphqlValue, listField, quote, singleField, sqlCount, sqlIds } from './support/read-api';

// Every root field of the read API: the list of each of the 25 models counts exactly the rows of
// its table and returns the first page in id order; the one-by-id field returns the row, every
// exposed field equal to what SQL reads, and null for an id that does not exist.

const UNKNOWN_ID = '999999999';

const CASES = MODELS.map((definition) => [definition.typeName, definition] as const);

function scalarSelection(definition: ModelDefinition): string {
  return definition.fields.map((scalar) => scalar.name).join(' ');
}

describe('root fields of every model', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp();
  });
  afterAll(async () => {
    await app.close();
  });

  it('covers the 25 models of the contract', () => {
    expect(MODELS).toHaveLength(25);
  });

  it.each(CASES)('%s: the list field counts every row and pages in id order', async (_name, definition) => {
    const list = listField(definition);
    const count = await sqlCount(app, `SELECT count(*) AS count FROM ${quote(definition.table)}`);
    expect(count).toBeGreaterThan(0); // the seed fills every table

    const response = await app.graphql<Record<string, { totalCount: number; nodes: Array<{ id: string }>; pageInfo: { hasNextPage: boolean } }>>(
      `{ ${list} { totalCount pageInfo { hasNextPage } nodes { id } } }`,
    );
    const connection = dataOf(response)[list];
    expect(connection.totalCount).toBe(count);

    // first defaults to 20
    const expected = await sqlIds(app, `SELECT id FROM ${quote(definition.table)} ORDER BY id LIMIT 20`);
    expect(connection.nodes.map((node) => node.id)).toEqual(expected);
    expect(connection.pageInfo.hasNextPage).toBe(count > 20);
  });

  it.each(CASES)('%s: the one-by-id field returns the row with every field as SQL reads it', async (_name, definition) => {
    const single = singleField(definition);
    // the row in the middle of the table, then the first and the last one
    const ids = await sqlIds(
      app,
      `(SELECT id FROM ${quote(definition.table)} ORDER BY id LIMIT 1)
       UNION (SELECT id FROM ${quote(definition.table)} ORDER BY id DESC LIMIT 1)
       UNION (SELECT id FROM ${quote(definition.table)} ORDER BY id OFFSET (SELECT count(*) / 2 FROM ${quote(definition.table)}) LIMIT 1)`,
    );
    expect(ids.length).toBeGreaterThan(0);
    for (const id of ids) {
      const response = await app.graphql<Record<string, Record<string, unknown> | null>>(
        `query ($id: ID!) { ${single}(id: $id) { ${scalarSelection(definition)} } }`,
        { id },
      );
      const row = dataOf(response)[single];
      const [stored] = (await app.dataSource.query(`SELECT * FROM ${quote(definition.table)} WHERE id = $1`, [Number(id)])) as Array<
        Record<string, unknown>
      >;
      const expected = Object.fromEntries(definition.fields.map((scalar) => [scalar.name, graphqlValue(scalar, stored[scalar.column])]));
      expect(row).toEqual(expected);
    }
  });

  it.each(CASES)('%s: the one-by-id field returns null for an unknown id', async (_name, definition) => {
    const single = singleField(definition);
    expect(await sqlCount(app, `SELECT count(*) AS count FROM ${quote(definition.table)} WHERE id = $1`, [Number(UNKNOWN_ID)])).toBe(0);
    const response = await app.graphql<Record<string, unknown>>(`query ($id: ID!) { ${single}(id: $id) { id } }`, { id: UNKNOWN_ID });
    expect(dataOf(response)[single]).toBeNull();
  });

  it('serves several root fields of different models in one request', async () => {
    const [first, second] = MODELS;
    const response = await app.graphql<Record<string, { totalCount: number }>>(
      `{ a: ${listField(first)}(first: 1) { totalCount } b: ${listField(second)}(first: 1) { totalCount } }`,
    );
    const data = dataOf(response);
    expect(data.a.totalCount).toBe(await sqlCount(app, `SELECT count(*) AS count FROM ${quote(first.table)}`));
    expect(data.b.totalCount).toBe(await sqlCount(app, `SELECT count(*) AS count FROM ${quote(second.table)}`));
  });
});
