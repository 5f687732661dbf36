import { startTestApp, type TestApp } from '../support/test-app';
import {
  enumName,
  fetchPage,
  field,
  model,
  nestedPages,
  quote,
  rootPages,
  sqlIds,
  sqlOrderBy,
  walkBackward,
  walkForward,
  type OrderBy,
  type Page,
  type PageFetcher,
} from './support/read-api';

// Keyset pagination over HTTP: whole lists walked page by page, forwards (first / after) and
// backwards (last / before), must give exactly the SQL ordering of every id — no row twice, none
// missing — with hasNextPage / hasPreviousPage right on every page, for sorts on unique,
// non-null and nullable (tied) columns, at the root and in a nested connection.

interface Case {
  name: string;
  typeName: string;
  orderBy: OrderBy[];
  pageSize: number;
  /** Bookings of two teachers only (a few hundred rows instead of the whole table). */
  twoTeachers?: boolean;
}

const CASES: Case[] = [
  { name: 'all bookings, default order (id)', typeName: 'Booking', orderBy: [], pageSize: 100 },
  { name: 'all bookings, START_TIME DESC (non-null)', typeName: 'Booking', orderBy: [{ field: 'startTime', direction: 'DESC' }], pageSize: 100 },
  { name: 'bookings, ID DESC', typeName: 'Booking', orderBy: [{ field: 'id', direction: 'DESC' }], pageSize: 9, twoTeachers: true },
  { name: 'bookings, START_TIME ASC (non-null)', typeName: 'Booking', orderBy: [{ field: 'startTime', direction: 'ASC' }], pageSize: 8, twoTeachers: true },
  { name: 'bookings, SUBJECT ASC (non-null, many ties)', typeName: 'Booking', orderBy: [{ field: 'subject', direction: 'ASC' }], pageSize: 6, twoTeachers: true },
  {
    name: 'bookings, LOCATION_ID DESC, DESCRIPTION ASC (two nullable keys, mixed directions)',
    typeName: 'Booking',
    orderBy: [
      { field: 'locationId', direction: 'DESC' },
      { field: 'description', direction: 'ASC' },
    ],
    pageSize: 7,
    twoTeachers: true,
  },
  {
    name: 'bookings, SUBJECT ASC, START_TIME DESC (mixed directions)',
    typeName: 'Booking',
    orderBy: [
      { field: 'subject', direction: 'ASC' },
      { field: 'startTime', direction: 'DESC' },
    ],
    pageSize: 13,
    twoTeachers: true,
  },
  { name: 'users, STATUS ASC (enum, ties)', typeName: 'User', orderBy: [{ field: 'status', direction: 'ASC' }], pageSize: 11 },
  { name: 'users, STATUS DESC (enum, ties)', typeName: 'User', orderBy: [{ field: 'status', direction: 'DESC' }], pageSize: 11 },
  { name: 'users, CREATED_AT ASC', typeName: 'User', orderBy: [{ field: 'createdAt', direction: 'ASC' }], pageSize: 13 },
  { name: 'users, AVATAR_URL DESC (nullable)', typeName: 'User', orderBy: [{ field: 'avatarUrl', direction: 'DESC' }], pageSize: 11 },
  { name: 'users, AVATAR_URL ASC (nullable)', typeName: 'User', orderBy: [{ field: 'avatarUrl', direction: 'ASC' }], pageSize: 11 },
  {
    name: 'users, PASSWORD_RESET_EXPIRES ASC (nullable, mostly NULL)',
    typeName: 'User',
    orderBy: [{ field: 'passwordResetExpires', direction: 'ASC' }],
    pageSize: 12,
  },
  { name: 'formulas, PRICE_DT ASC (decimal)', typeName: 'Formula', orderBy: [{ field: 'priceDt', direction: 'ASC' }], pageSize: 4 },
  {
    name: 'student objectives, ACHIEVEMENT_DATE DESC (nullable date)',
    typeName: 'StudentObjective',
    orderBy: [{ field: 'achievementDate', direction: 'DESC' }],
    pageSize: 13,
  },
  {
    name: 'assessments, SCORE ASC, IS_COMPLETED DESC (nullable float, boolean)',
    typeName: 'Assessment',
    orderBy: [
      { field: 'score', direction: 'ASC' },
      { field: 'isCompleted', direction: 'DESC' },
    ],
    pageSize: 17,
  },
  {
    name: 'session attendances, IS_PRESENT ASC (nullable boolean, half NULL)',
    typeName: 'SessionAttendance',
    orderBy: [{ field: 'isPresent', direction: 'ASC' }],
    pageSize: 50,
  },
  {
    name: 'enrollments, END_DATE DESC, GROUP_ID ASC (two nullable keys)',
    typeName: 'Enrollment',
    orderBy: [
      { field: 'endDate', direction: 'DESC' },
      { field: 'groupId', direction: 'ASC' },
    ],
    pageSize: 23,
  },
];

/** Nullable sort columns of the cases, which must hold NULLs for the cursors' NULL handling to be exercised. */
const NULLABLE_SORTS: Array<[string, string]> = [
  ['users', 'avatar_url'],
  ['users', 'password_reset_expires'],
  ['bookings', 'location_id'],
  ['bookings', 'description'],
  ['student_objectives', 'achievement_date'],
  ['assessments', 'score'],
  ['session_attendances', 'is_present'],
  ['enrollments', 'end_date'],
  ['enrollments', 'group_id'],
];

function expectNoDuplicates(ids: string[]): void {
  expect(new Set(ids).size).toBe(ids.length);
}

/** Page flags and cursors of a forward walk. */
function expectForwardPages(pages: Page[], total: number, pageSize: number): void {
  expect(pages).toHaveLength(Math.max(1, Math.ceil(total / pageSize)));
  pages.forEach((page, index) => {
    const last = index === pages.length - 1;
    expect(page.ids.length).toBe(last ? total - pageSize * index : pageSize);
    expect(page.pageInfo.hasPreviousPage).toBe(index > 0);
    expect(page.pageInfo.hasNextPage).toBe(!last);
    expect(page.pageInfo.startCursor).toBe(page.cursors[0] ?? null);
    expect(page.pageInfo.endCursor).toBe(page.cursors[page.cursors.length - 1] ?? null);
    expect(page.totalCount).toBe(total);
  });
}

/** Page flags and cursors of a backward walk (pages in list order). */
function expectBackwardPages(pages: Page[], total: number, pageSize: number): void {
  expect(pages).toHaveLength(Math.max(1, Math.ceil(total / pageSize)));
  pages.forEach((page, index) => {
    const first = index === 0;
    const fromEnd = pages.length - 1 - index;
    expect(page.ids.length).toBe(first ? total - pageSize * (pages.length - 1) : pageSize);
    expect(page.pageInfo.hasPreviousPage).toBe(!first);
    expect(page.pageInfo.hasNextPage).toBe(fromEnd > 0);
    expect(page.pageInfo.startCursor).toBe(page.cursors[0] ?? null);
    expect(page.pageInfo.endCursor).toBe(page.cursors[page.cursors.length - 1] ?? null);
    expect(page.totalCount).toBe(total);
  });
}

async function expectWholeList(fetch: PageFetcher, expected: string[], pageSize: number): Promise<void> {
  const forward = await walkForward(fetch, pageSize);
  const forwardIds = forward.flatMap((page) => page.ids);
  expectNoDuplicates(forwardIds);
  expect(forwardIds).toEqual(expected);
  expectForwardPages(forward, expected.length, pageSize);

  const backward = await walkBackward(fetch, pageSize);
  const backwardIds = backward.flatMap((page) => page.ids);
  expectNoDuplicates(backwardIds);
  expect(backwardIds).toEqual(expected);
  expectBackwardPages(backward, expected.length, pageSize);
}

describe('keyset pagination', () => {
  let app: TestApp;
  let twoTeachers: number[];
  beforeAll(async () => {
    app = await startTestApp();
    // two teachers with a median number of bookings
    const rows = (await app.dataSource.query(
      `SELECT teacher_id FROM bookings GROUP BY teacher_id ORDER BY count(*), teacher_id
        OFFSET (SELECT count(DISTINCT teacher_id) / 2 FROM bookings) LIMIT 2`,
    )) as Array<{ teacher_id: number }>;
    twoTeachers = rows.map((row) => row.teacher_id);
  });
  afterAll(async () => {
    await app.close();
  });

  it.each(NULLABLE_SORTS)('the seed has NULLs and values in %s.%s (both sides of the NULL handling are exercised)', async (table, column) => {
    const [row] = (await app.dataSource.query(
      `SELECT count(*) FILTER (WHERE ${quote(column)} IS NULL) AS nulls, count(${quote(column)}) AS values FROM ${quote(table)}`,
    )) as Array<{ nulls: number; values: number }>;
    expect(row.nulls).toBeGreaterThan(0);
    expect(row.values).toBeGreaterThan(0);
  });

  it('the seed has ties in users.status', async () => {
    const [row] = (await app.dataSource.query('SELECT count(DISTINCT status) AS statuses, count(*) AS total FROM users')) as Array<Record<string, number>>;
    expect(row.statuses).toBeLessThan(row.total);
  });

  it.each(CASES.map((testCase) => [testCase.name, testCase] as const))('%s: forwards and backwards', async (_name, testCase) => {
    const definition = model(testCase.typeName);
    const where = testCase.twoTeachers ? 'WHERE teacher_id = ANY($1)' : '';
    const params = testCase.twoTeachers ? [twoTeachers] : [];
    const filter = testCase.twoTeachers ? { teacherId: { in: twoTeachers.map(String) } } : undefined;
    const expected = await sqlIds(app, `SELECT id FROM ${quote(definition.table)} ${where} ${sqlOrderBy(definition, testCase.orderBy)}`, params);
    expect(expected.length).toBeGreaterThan(testCase.pageSize * 2);
    await expectWholeList(rootPages(app, definition, { orderBy: testCase.orderBy, filter }), expected, testCase.pageSize);
  });

  it('a filtered list pages through the matching rows only, totalCount counting them', async () => {
    const definition = model('User');
    const orderBy: OrderBy[] = [{ field: 'createdAt', direction: 'DESC' }];
    const roles = ['student', 'parent'];
    const expected = await sqlIds(app, `SELECT id FROM users WHERE role = ANY($1) ${sqlOrderBy(definition, orderBy)}`, [roles]);
    const filter = { role: { in: roles.map((role) => enumName(field('User', 'role'), role)) } };
    await expectWholeList(rootPages(app, definition, { orderBy, filter }), expected, 9);
  });

  it('a page exactly as long as the list has no next page; one row shorter has one', async () => {
    const definition = model('Formula');
    const total = (await sqlIds(app, 'SELECT id FROM formulas')).length;
    expect(total).toBeLessThanOrEqual(100);
    const whole = await fetchPage(app, definition, { first: total });
    expect(whole.ids).toHaveLength(total);
    expect(whole.pageInfo).toMatchObject({ hasNextPage: false, hasPreviousPage: false });
    const shorter = await fetchPage(app, definition, { first: total - 1 });
    expect(shorter.pageInfo).toMatchObject({ hasNextPage: true, hasPreviousPage: false });
    const lastWhole = await fetchPage(app, definition, { last: total });
    expect(lastWhole.pageInfo).toMatchObject({ hasNextPage: false, hasPreviousPage: false });
    const lastShorter = await fetchPage(app, definition, { last: total - 1 });
    expect(lastShorter.pageInfo).toMatchObject({ hasNextPage: false, hasPreviousPage: true });
  });

  it('first: 0 returns no rows and says whether any exist', async () => {
    const page = await fetchPage(app, model('Booking'), { first: 0 });
    expect(page.ids).toEqual([]);
    expect(page.pageInfo).toEqual({ hasNextPage: true, hasPreviousPage: false, startCursor: null, endCursor: null });
  });

  it('after the end cursor there is an empty last page', async () => {
    const definition = model('Booking');
    const last = await fetchPage(app, definition, { last: 1 });
    const beyond = await fetchPage(app, definition, { first: 10, after: last.pageInfo.endCursor });
    expect(beyond.ids).toEqual([]);
    expect(beyond.pageInfo.hasNextPage).toBe(false);
  });

  it('going back from a page with last / before its startCursor gives the page before it', async () => {
    const definition = model('User');
    const orderBy: OrderBy[] = [{ field: 'status', direction: 'DESC' }];
    const expected = await sqlIds(app, `SELECT id FROM users ${sqlOrderBy(definition, orderBy)}`);
    const first = await fetchPage(app, definition, { first: 10, orderBy });
    const second = await fetchPage(app, definition, { first: 10, after: first.pageInfo.endCursor, orderBy });
    const third = await fetchPage(app, definition, { first: 10, after: second.pageInfo.endCursor, orderBy });
    expect([...first.ids, ...second.ids, ...third.ids]).toEqual(expected.slice(0, 30));
    const back = await fetchPage(app, definition, { last: 10, before: third.pageInfo.startCursor, orderBy });
    expect(back.ids).toEqual(second.ids);
    expect(back.pageInfo).toMatchObject({ hasPreviousPage: true, hasNextPage: true });
    // a window between two cursors
    const between = await fetchPage(app, definition, { first: 100, after: first.pageInfo.endCursor, before: third.pageInfo.startCursor, orderBy });
    expect(between.ids).toEqual(second.ids);
  });

  describe('nested connection teacher.bookings', () => {
    let teacherId: string;
    beforeAll(async () => {
      [teacherId] = await sqlIds(app, 'SELECT teacher_id AS id FROM bookings GROUP BY teacher_id ORDER BY count(*) DESC, teacher_id LIMIT 1');
    });

    it.each([
      ['default order', [] as OrderBy[]],
      ['START_TIME DESC', [{ field: 'startTime', direction: 'DESC' }] as OrderBy[]],
      [
        'LOCATION_ID ASC, DESCRIPTION DESC (nullable keys)',
        [
          { field: 'locationId', direction: 'ASC' },
          { field: 'description', direction: 'DESC' },
        ] as OrderBy[],
      ],
    ])('%s: forwards and backwards with its own cursors', async (_name, orderBy) => {
      const bookings = model('Booking');
      const expected = await sqlIds(app, `SELECT id FROM bookings WHERE teacher_id = $1 ${sqlOrderBy(bookings, orderBy)}`, [Number(teacherId)]);
      expect(expected.length).toBeGreaterThan(50);
      await expectWholeList(nestedPages(app, model('Teacher'), teacherId, 'bookings', { orderBy }), expected, 25);
    });

    it('a list of teachers gets the first page of each one\'s bookings', async () => {
      const teachers = await sqlIds(app, 'SELECT DISTINCT teacher_id AS id FROM bookings ORDER BY teacher_id LIMIT 5');
      const response = await app.graphql<{ teachers: { nodes: Array<{ id: string; bookings: { nodes: Array<{ id: string }> } }> } }>(
        `query ($ids: [ID!]) { teachers(first: 5, filter: { id: { in: $ids } }) { nodes { id bookings(first: 2) { nodes { id } } } } }`,
        { ids: teachers },
      );
      expect(response.errors).toBeUndefined();
      for (const teacher of response.data!.teachers.nodes) {
        expect(teacher.bookings.nodes.map((node) => node.id)).toEqual(
          await sqlIds(app, 'SELECT id FROM bookings WHERE teacher_id = $1 ORDER BY id LIMIT 2', [Number(teacher.id)]),
        );
      }
    });
  });
});
