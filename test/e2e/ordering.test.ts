import { startTestApp, type TestApp } from '../support/test-app';
import { allIds, dataOf, fetchNestedPage, fetchPage, model, quote, sqlIds, sqlOrderBy, type OrderBy } from './support/read-api';

// orderBy over HTTP: several keys, each direction, NULLs first on DESC and last on ASC, ties broken
// by id in the direction of the last key; compared with the SQL ordering of the whole table.

interface Case {
  name: string;
  typeName: string;
  orderBy: OrderBy[];
}

const CASES: Case[] = [
  {
    name: 'bookings by subject ASC, startTime DESC',
    typeName: 'Booking',
    orderBy: [
      { field: 'subject', direction: 'ASC' },
      { field: 'startTime', direction: 'DESC' },
    ],
  },
  {
    name: 'bookings by teacherId ASC, status DESC, startTime ASC',
    typeName: 'Booking',
    orderBy: [
      { field: 'teacherId', direction: 'ASC' },
      { field: 'status', direction: 'DESC' },
      { field: 'startTime', direction: 'ASC' },
    ],
  },
  { name: 'users by avatarUrl DESC (nullable: NULLs first)', typeName: 'User', orderBy: [{ field: 'avatarUrl', direction: 'DESC' }] },
  { name: 'users by avatarUrl ASC (nullable: NULLs last)', typeName: 'User', orderBy: [{ field: 'avatarUrl', direction: 'ASC' }] },
  {
    name: 'enrollments by groupId DESC, endDate ASC (two nullable keys)',
    typeName: 'Enrollment',
    orderBy: [
      { field: 'groupId', direction: 'DESC' },
      { field: 'endDate', direction: 'ASC' },
    ],
  },
  { name: 'users by role ASC, lastName DESC', typeName: 'User', orderBy: [{ field: 'role', direction: 'ASC' }, { field: 'lastName', direction: 'DESC' }] },
  { name: 'formulas by priceDt DESC (decimal, numeric order)', typeName: 'Formula', orderBy: [{ field: 'priceDt', direction: 'DESC' }] },
  { name: 'enrollments by startDate ASC (date)', typeName: 'Enrollment', orderBy: [{ field: 'startDate', direction: 'ASC' }] },
  { name: 'assessments by score DESC (nullable float)', typeName: 'Assessment', orderBy: [{ field: 'score', direction: 'DESC' }] },
  { name: 'user sessions by isActive ASC (nullable boolean)', typeName: 'UserSession', orderBy: [{ field: 'isActive', direction: 'ASC' }] },
  { name: 'bookings by id DESC', typeName: 'Booking', orderBy: [{ field: 'id', direction: 'DESC' }] },
];

describe('ordering', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp();
  });
  afterAll(async () => {
    await app.close();
  });

  it.each(CASES.map((testCase) => [testCase.name, testCase] as const))('%s', async (_name, testCase) => {
    const definition = model(testCase.typeName);
    const expected = await sqlIds(app, `SELECT id FROM ${quote(definition.table)} ${sqlOrderBy(definition, testCase.orderBy)}`);
    expect(await allIds(app, definition, { orderBy: testCase.orderBy })).toEqual(expected);
  });

  it('DESC on a nullable column puts the NULLs first, ASC puts them last', async () => {
    const definition = model('User');
    const nulls = await sqlIds(app, 'SELECT id FROM users WHERE avatar_url IS NULL');
    expect(nulls.length).toBeGreaterThan(0);
    expect(nulls.length).toBeLessThan(await sqlIds(app, 'SELECT id FROM users').then((ids) => ids.length));
    const descending = await allIds(app, definition, { orderBy: [{ field: 'avatarUrl', direction: 'DESC' }] });
    const ascending = await allIds(app, definition, { orderBy: [{ field: 'avatarUrl', direction: 'ASC' }] });
    expect(new Set(descending.slice(0, nulls.length))).toEqual(new Set(nulls));
    expect(new Set(ascending.slice(-nulls.length))).toEqual(new Set(nulls));
    // ties (the NULLs) broken by id in the direction of the key
    expect(descending.slice(0, nulls.length)).toEqual([...nulls].sort((a, b) => Number(b) - Number(a)));
    expect(ascending.slice(-nulls.length)).toEqual([...nulls].sort((a, b) => Number(a) - Number(b)));
  });

  it('the values come back in the requested order', async () => {
    const response = await app.graphql<{ bookings: { nodes: Array<{ subject: string; startTime: string }> } }>(
      `{ bookings(first: 100, orderBy: [{ field: SUBJECT, direction: ASC }, { field: START_TIME, direction: DESC }]) { nodes { subject startTime } } }`,
    );
    const nodes = dataOf(response).bookings.nodes;
    const [{ subjects }] = (await app.dataSource.query(
      `SELECT array_agg(subject ORDER BY subject, start_time DESC, id DESC) AS subjects FROM (SELECT * FROM bookings ORDER BY subject, start_time DESC, id DESC LIMIT 100) b`,
    )) as Array<{ subjects: string[] }>;
    expect(nodes.map((node) => node.subject)).toEqual(subjects);
    for (let index = 1; index < nodes.length; index += 1) {
      if (nodes[index].subject === nodes[index - 1].subject) {
        expect(Date.parse(nodes[index].startTime)).toBeLessThanOrEqual(Date.parse(nodes[index - 1].startTime));
      }
    }
  });

  it('decimals sort as numbers, not as text', async () => {
    const response = await app.graphql<{ formulas: { nodes: Array<{ priceDt: string }> } }>(
      '{ formulas(first: 100, orderBy: [{ field: PRICE_DT, direction: ASC }]) { nodes { priceDt } } }',
    );
    const prices = dataOf(response).formulas.nodes.map((node) => Number(node.priceDt));
    expect(prices).toEqual([...prices].sort((a, b) => a - b));
  });

  it('direction defaults to ASC, and no orderBy (or an empty one) sorts by id', async () => {
    const definition = model('Booking');
    const bySubject = await fetchPage(app, definition, { first: 50, orderBy: [{ field: 'subject', direction: 'ASC' }] });
    const response = await app.graphql<{ bookings: { nodes: Array<{ id: string }> } }>('{ bookings(first: 50, orderBy: [{ field: SUBJECT }]) { nodes { id } } }');
    expect(dataOf(response).bookings.nodes.map((node) => node.id)).toEqual(bySubject.ids);
    const byId = await sqlIds(app, 'SELECT id FROM bookings ORDER BY id LIMIT 50');
    expect((await fetchPage(app, definition, { first: 50 })).ids).toEqual(byId);
    expect((await fetchPage(app, definition, { first: 50, orderBy: [] })).ids).toEqual(byId);
  });

  it('orders a nested connection (teacher.bookings by startTime DESC)', async () => {
    const [teacherId] = await sqlIds(app, 'SELECT teacher_id AS id FROM bookings GROUP BY teacher_id ORDER BY count(*) DESC, teacher_id LIMIT 1');
    const orderBy: OrderBy[] = [{ field: 'startTime', direction: 'DESC' }];
    const expected = await sqlIds(app, `SELECT id FROM bookings WHERE teacher_id = $1 ${sqlOrderBy(model('Booking'), orderBy)} LIMIT 100`, [
      Number(teacherId),
    ]);
    const page = await fetchNestedPage(app, model('Teacher'), teacherId, 'bookings', { first: 100, orderBy });
    expect(page.ids).toEqual(expected);
  });

  it('models sort by each of their sortable fields, both directions (first page)', async () => {
    for (const definition of ['Student', 'Teacher', 'Group', 'GroupSession', 'WeeklyReport'].map(model)) {
      for (const scalar of definition.fields.filter((candidate) => candidate.kind !== 'json' && !candidate.masked)) {
        for (const direction of ['ASC', 'DESC'] as const) {
          const orderBy: OrderBy[] = [{ field: scalar.name, direction }];
          const expected = await sqlIds(app, `SELECT id FROM ${quote(definition.table)} ${sqlOrderBy(definition, orderBy)} LIMIT 30`);
          const page = await fetchPage(app, definition, { first: 30, orderBy });
          expect({ order: `${definition.typeName}.${scalar.name} ${direction}`, ids: page.ids }).toEqual({
            order: `${definition.typeName}.${scalar.name} ${direction}`,
            ids: expected,
          });
        }
      }
    }
  });
});
