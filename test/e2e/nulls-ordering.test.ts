import type { ModelDefinition } from '../../src/graphql/model-registry';
import { upperSnake } from '../../src/graphql/naming';
import { startTestApp, type TestApp } from '../support/test-app';
import { dataOf, listField, model, quote, sqlIds, toPage, walkBackward, walkForward, type PageArguments, type PageFetcher, type RawConnection } from './support/read-api';

// orderBy's `nulls: FIRST | LAST` over HTTP: every page walked forward (first / after) and
// backward (last / before) over nullable columns holding many NULLs, so cursors fall on NULL
// values inside the NULL block and at its edge; the rows, in order, must be those of PostgreSQL's
// ORDER BY ... NULLS FIRST / LAST (no duplicate, no gap). Without `nulls` the order stays as
// before: NULLs last ascending, first descending.

type Nulls = 'FIRST' | 'LAST';

interface Key {
  field: string;
  direction: 'ASC' | 'DESC';
  nulls?: Nulls;
}

interface Case {
  name: string;
  typeName: string;
  keys: Key[];
}

const CASES: Case[] = [
  { name: 'bookings by locationId ASC NULLS FIRST', typeName: 'Booking', keys: [{ field: 'locationId', direction: 'ASC', nulls: 'FIRST' }] },
  { name: 'bookings by locationId DESC NULLS LAST', typeName: 'Booking', keys: [{ field: 'locationId', direction: 'DESC', nulls: 'LAST' }] },
  { name: 'bookings by locationId ASC NULLS LAST (the default, said)', typeName: 'Booking', keys: [{ field: 'locationId', direction: 'ASC', nulls: 'LAST' }] },
  { name: 'bookings by locationId DESC (default: NULLS FIRST)', typeName: 'Booking', keys: [{ field: 'locationId', direction: 'DESC' }] },
  { name: 'users by avatarUrl ASC NULLS FIRST', typeName: 'User', keys: [{ field: 'avatarUrl', direction: 'ASC', nulls: 'FIRST' }] },
  {
    name: 'enrollments by groupId DESC NULLS LAST, endDate ASC NULLS FIRST (two nullable keys)',
    typeName: 'Enrollment',
    keys: [
      { field: 'groupId', direction: 'DESC', nulls: 'LAST' },
      { field: 'endDate', direction: 'ASC', nulls: 'FIRST' },
    ],
  },
  {
    name: 'bookings by teacherId ASC (never null: nulls has no effect), meetingUrl DESC NULLS LAST',
    typeName: 'Booking',
    keys: [
      { field: 'teacherId', direction: 'ASC', nulls: 'FIRST' },
      { field: 'meetingUrl', direction: 'DESC', nulls: 'LAST' },
    ],
  },
];

/** PostgreSQL's own ORDER BY for the keys, id last in the direction of the last key. */
function sqlOrder(definition: ModelDefinition, keys: Key[]): string {
  const parts = keys.map((key) => {
    const column = quote(definition.fieldsByName.get(key.field)!.column);
    return `${column} ${key.direction}${key.nulls ? ` NULLS ${key.nulls}` : ''}`;
  });
  return `ORDER BY ${parts.join(', ')}, id ${keys[keys.length - 1].direction}`;
}

function orderByArgument(keys: Key[]): Array<Record<string, string>> {
  return keys.map((key) => ({ field: upperSnake(key.field), direction: key.direction, ...(key.nulls ? { nulls: key.nulls } : {}) }));
}

const SELECTION = 'totalCount pageInfo { hasNextPage hasPreviousPage startCursor endCursor } edges { cursor node { id } }';


describe('orderBy nulls: FIRST | LAST', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp();
    // Meeting URLs: NULL on a third of the bookings, a few values repeated, so keys tie.
    await app.dataSource.query(`UPDATE bookings SET meeting_url = CASE WHEN id % 3 = 0 THEN NULL ELSE 'https://meet.example/' || (id % 4) END`);
  });
  afterAll(async () => {
    await app.close();
  });

  /** The first `size` ids of the table: the subset walked (a few hundred rows, many NULLs). */
  async function subset(definition: ModelDefinition, size: number): Promise<string> {
    const [row] = (await app.dataSource.query(`SELECT max(id) AS id FROM (SELECT id FROM ${quote(definition.table)} ORDER BY id LIMIT $1) s`, [size])) as Array<{ id: number }>;
    return String(row.id);
  }

  function rootFetcher(definition: ModelDefinition, keys: Key[], lastId: string): PageFetcher {
    const type = definition.typeName;
    const list = listField(definition);
    const query = `query ($first: Int, $after: String, $last: Int, $before: String, $filter: ${type}Filter, $orderBy: [${type}OrderBy!]) {
      ${list}(first: $first, after: $after, last: $last, before: $before, filter: $filter, orderBy: $orderBy) { ${SELECTION} } }`;
    return async (args: PageArguments) => {
      const variables = { ...args, filter: { id: { lte: lastId } }, orderBy: orderByArgument(keys) };
      return toPage(dataOf(await app.graphql<Record<string, RawConnection>>(query, variables))[list]);
    };
  }

  it.each(CASES.map((testCase) => [testCase.name, testCase] as const))('%s: both ways, page after page, as SQL', async (_name, testCase) => {
    const definition = model(testCase.typeName);
    const lastId = await subset(definition, 150);
    const expected = await sqlIds(app, `SELECT id FROM ${quote(definition.table)} WHERE id <= $1 ${sqlOrder(definition, testCase.keys)}`, [lastId]);
    // Many NULLs in the first nullable key, more than a page: cursors fall inside the NULL block.
    const nullable = testCase.keys.find((key) => definition.fieldsByName.get(key.field)!.nullable)!;
    const column = quote(definition.fieldsByName.get(nullable.field)!.column);
    const [nulls] = (await app.dataSource.query(`SELECT count(*) AS count FROM ${quote(definition.table)} WHERE id <= $1 AND ${column} IS NULL`, [lastId])) as Array<{ count: string }>;
    expect(Number(nulls.count)).toBeGreaterThan(7);
    expect(Number(nulls.count)).toBeLessThan(expected.length);

    const fetch = rootFetcher(definition, testCase.keys, lastId);
    const forward = (await walkForward(fetch, 7)).flatMap((page) => page.ids);
    expect(forward).toEqual(expected);
    const backward = (await walkBackward(fetch, 7)).flatMap((page) => page.ids);
    expect(backward).toEqual(expected);
  });

  it('a nested connection (Teacher.bookings by locationId ASC NULLS FIRST) pages both ways as SQL', async () => {
    const [teacher] = (await app.dataSource.query(
      `SELECT teacher_id AS id FROM bookings GROUP BY teacher_id HAVING count(*) FILTER (WHERE location_id IS NULL) > 7 AND count(location_id) > 7 ORDER BY count(*) DESC LIMIT 1`,
    )) as Array<{ id: number }>;
    const expected = await sqlIds(app, 'SELECT id FROM bookings WHERE teacher_id = $1 ORDER BY location_id ASC NULLS FIRST, id ASC', [teacher.id]);
    const query = `query ($id: ID!, $first: Int, $after: String, $last: Int, $before: String) {
      teacher(id: $id) { bookings(first: $first, after: $after, last: $last, before: $before, orderBy: [{ field: LOCATION_ID, nulls: FIRST }]) { ${SELECTION} } } }`;
    const fetch: PageFetcher = async (args) =>
      toPage(dataOf(await app.graphql<{ teacher: { bookings: RawConnection } }>(query, { id: String(teacher.id), ...args })).teacher.bookings);
    expect((await walkForward(fetch, 6)).flatMap((page) => page.ids)).toEqual(expected);
    expect((await walkBackward(fetch, 6)).flatMap((page) => page.ids)).toEqual(expected);
  });

  it('a cursor of one NULL placement is refused with the other (BAD_USER_INPUT naming after)', async () => {
    const definition = model('Booking');
    const first = await rootFetcher(definition, [{ field: 'locationId', direction: 'ASC', nulls: 'FIRST' }], '1000000')({ first: 2 });
    const other = rootFetcher(definition, [{ field: 'locationId', direction: 'ASC' }], '1000000');
    const query = `query ($after: String) { bookings(first: 2, after: $after, orderBy: [{ field: LOCATION_ID }]) { totalCount } }`;
    const response = await app.graphql(query, { after: first.pageInfo.endCursor });
    expect(response.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', fields: ['after'] });
    // While the default placement said explicitly is the same ordering: its cursors carry over.
    const said = await rootFetcher(definition, [{ field: 'locationId', direction: 'ASC', nulls: 'LAST' }], '1000000')({ first: 2 });
    const next = await other({ first: 2, after: said.pageInfo.endCursor });
    expect(next.ids).toHaveLength(2);
  });
});
