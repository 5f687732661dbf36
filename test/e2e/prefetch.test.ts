import type { Role, Viewers } from '../authorization/support/viewers';
import { comparable, useBothWays, type BothWays } from '../support/both-ways';
import type { TestApp } from '../support/test-app';

// Relationships prefetched with their parents' rows (src/graphql/prefetch) answer exactly what the
// DataLoaders answer, for every kind of selection a client can write below a list or an object:
// pages read backwards and after a cursor, orderings with NULLs placed, searches, relation
// filters, one relationship twice under aliases, a fragment spread under both `nodes` and
// `edges { node }`, @skip / @include, field masks and row policies of each kind of viewer, derived
// relationships, null foreign keys, aggregates, and wrong arguments below a prefetched level (the
// same BAD_USER_INPUT at the same path). Each case runs on two servers over copies of one seeded
// database, one prefetching and one not; their responses must be equal, and prefetching must not
// cost more statements.

interface Case {
  name: string;
  role: Role;
  query: string;
  variables?: Record<string, unknown>;
}

const CASES: Case[] = [
  {
    name: 'a page read backwards (last), with its pageInfo and cursors',
    role: 'admin',
    query: `{ teachers(first: 5) { nodes { id bookings(last: 3, orderBy: [{ field: START_TIME, direction: DESC }]) {
      nodes { id startTime } pageInfo { hasNextPage hasPreviousPage startCursor endCursor } } } } }`,
  },
  {
    name: 'NULLs placed first in an ordering, with edges and cursors',
    role: 'admin',
    query: `{ students(first: 5) { nodes { id bookings(first: 4, orderBy: [{ field: LOCATION_ID, direction: ASC, nulls: FIRST }]) {
      edges { cursor node { id locationId location { id name } } } } } } }`,
  },
  {
    name: 'a search below a list',
    role: 'admin',
    query: `{ teachers(first: 20) { nodes { id groups(search: "terminale") { totalCount nodes { id name } } } } }`,
  },
  {
    name: 'a relation filter below a list',
    role: 'admin',
    query: `{ teachers(first: 10) { nodes { id bookings(first: 3, filter: { student: { fullName: { contains: "a" } } }) { nodes { id student { fullName } } } } } }`,
  },
  {
    name: 'one relationship twice, under two aliases with different arguments',
    role: 'admin',
    query: `{ teachers(first: 5) { nodes { id first: bookings(first: 1) { nodes { id } }
      latest: bookings(first: 2, orderBy: [{ field: START_TIME, direction: DESC }]) { nodes { id status } } } } }`,
  },
  {
    name: 'a fragment spread under both nodes and edges { node }, read backwards',
    role: 'admin',
    query: `query { teachers(first: 4) { nodes { ...Slots } edges { cursor node { ...Slots } } } }
      fragment Slots on Teacher { id availabilities(last: 2) { nodes { id startTime } } }`,
  },
  {
    name: '@include and @skip with variables',
    role: 'admin',
    query: `query ($with: Boolean!, $skip: Boolean!) { teachers(first: 5) { nodes { id
      bookings(first: 2) @include(if: $with) { nodes { id student @skip(if: $skip) { id } location @skip(if: $with) { id } } } } } }`,
    variables: { with: true, skip: false },
  },
  {
    name: 'masked grades and reports of a parent with and without can_view_grades',
    role: 'parent',
    query: `{ me { id childRelations(first: 10) { nodes { id canViewGrades childUser { id student { id
      assessments(first: 5) { nodes { id score isCompleted } }
      weeklyReports(first: 3) { nodes { id subjectsProgress } } } } } } } }`,
  },
  {
    name: 'a teacher: the students they teach (a derived relationship) and the students of their bookings',
    role: 'teacher',
    query: `{ me { teacher { id phone bookings(first: 20) { nodes { id student { id fullName user { id email } } } }
      students(first: 10) { totalCount nodes { id fullName } } } } }`,
  },
  {
    name: 'anonymous: approved teachers, their masked contact details and free slots',
    role: 'anonymous',
    query: `{ teachers(first: 5) { nodes { id firstName email phone availabilities(first: 3) { nodes { id isBooked teacher { id } } } } } }`,
  },
  {
    name: '__typename and nodeId below a list, and an object by id',
    role: 'admin',
    query: `{ teacher(id: 1) { __typename nodeId bookings(first: 3) { nodes { __typename nodeId id teacher { nodeId } } } } }`,
  },
  {
    name: 'aggregates of a prefetched connection',
    role: 'admin',
    query: `{ teachers(first: 3) { nodes { id bookings(first: 2) { aggregates { count max { startTime } } nodes { id } } } } }`,
  },
  {
    name: 'a malformed cursor below a list: BAD_USER_INPUT at each path',
    role: 'admin',
    query: `{ teachers(first: 2) { nodes { id bookings(first: 2, after: "bm90LWEtY3Vyc29y") { nodes { id } } } } }`,
  },
  {
    name: 'a malformed cursor below an object: BAD_USER_INPUT at its path',
    role: 'admin',
    query: `{ teacher(id: 1) { id bookings(first: 2, after: "not-a-cursor") { nodes { id } } } }`,
  },
];

describe('prefetched relationships answer what the DataLoaders answer', () => {
  let prefetching: TestApp;
  let loading: TestApp;
  let viewers: { prefetching: Viewers; loading: Viewers };
  useBothWays((both) => ({ prefetching, loading, viewers } = both as Required<BothWays>), { withViewers: true });

  it.each(CASES.map((item) => [item.name, item] as const))('%s', async (_name, item) => {
    const prefetched = await prefetching.graphql(item.query, item.variables, viewers.prefetching.headers(item.role));
    const loaded = await loading.graphql(item.query, item.variables, viewers.loading.headers(item.role));
    expect(comparable(prefetched)).toEqual(comparable(loaded));
    expect(prefetched.data).toBeDefined();
    expect(prefetched.extensions?.sqlStatements).toBeLessThanOrEqual(loaded.extensions?.sqlStatements as number);
  });

  it('a page read backwards holds the last rows in the page order, as SQL gives them', async () => {
    const response = await prefetching.graphql<{ teacher: { bookings: { nodes: Array<{ id: string }> } } }>(
      `{ teacher(id: 1) { bookings(last: 3, orderBy: [{ field: START_TIME, direction: ASC }]) { nodes { id } } } }`,
      {},
      viewers.prefetching.headers('admin'),
    );
    const rows = (await prefetching.dataSource.query(
      'SELECT id FROM (SELECT id, start_time FROM bookings WHERE teacher_id = 1 ORDER BY start_time DESC, id DESC LIMIT 3) AS last ORDER BY start_time, id',
    )) as Array<{ id: number }>;
    expect(response.data!.teacher.bookings.nodes.map((node) => Number(node.id))).toEqual(rows.map((row) => row.id));
    expect(response.extensions?.sqlStatements).toBe(2); // the viewer, the teacher with its bookings
  });

  it('a cursor of a prefetched page (a DateTime sort key, written by PostgreSQL inside JSON) continues that page', async () => {
    type Page = { teacher: { bookings: { nodes: Array<{ id: string; startTime: string }>; pageInfo: { endCursor: string } } } };
    const query = `query ($after: String) { teacher(id: 1) { bookings(first: 2, after: $after, orderBy: [{ field: START_TIME, direction: ASC }]) {
      nodes { id startTime } pageInfo { endCursor } } } }`;
    const headers = viewers.prefetching.headers('admin');
    const first = await prefetching.graphql<Page>(query, {}, headers);
    const next = await prefetching.graphql<Page>(query, { after: first.data!.teacher.bookings.pageInfo.endCursor }, headers);
    const rows = (await prefetching.dataSource.query('SELECT id, start_time FROM bookings WHERE teacher_id = 1 ORDER BY start_time, id LIMIT 4')) as Array<{ id: number; start_time: Date }>;
    const pages = [...first.data!.teacher.bookings.nodes, ...next.data!.teacher.bookings.nodes];
    expect(pages).toEqual(rows.map((row) => ({ id: String(row.id), startTime: row.start_time.toISOString() })));
  });

  it('a wrong argument below a prefetched level is refused at the path of the field that has it', async () => {
    const response = await prefetching.graphql(
      `{ teachers(first: 2) { nodes { id bookings(first: 2, after: "bm90LWEtY3Vyc29y") { nodes { id } } } } }`,
      {},
      viewers.prefetching.headers('admin'),
    );
    // The connection is non-null: graphql-js nulls the nearest nullable parent and reports the first error.
    expect(response.errors?.map((error) => [error.path, error.extensions?.code])).toEqual([[['teachers', 'nodes', 0, 'bookings'], 'BAD_USER_INPUT']]);
    expect(response.errors?.[0].message).toMatch(/^after is not a valid cursor/);
  });
});
