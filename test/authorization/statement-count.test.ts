import { startTestApp, type TestApp } from '../support/test-app';
import { dataOf } from './support/harness';
import { prepareViewers, type Role, type Viewers } from './support/viewers';

// (d) Authorization costs no N+1: the row rules are conditions inside the batched statements, so a
// nested query still costs one statement per relationship field per level (plus one per root
// field, one per totalCount and the one viewer lookup) for 1 parent row as for 50.

const VIEWER = 1;

// Each path only goes through to-one links that are never null and to-many links on the last
// level, so every loader of the query runs whatever rows the viewer may see.
const BOOKINGS = `query ($first: Int!) { bookings(first: $first) { nodes { id
  student { id user { id } assessments(first: 3) { totalCount nodes { id } } }
  teacher { id email }
  sessionReport { id }
} } }`;
// bookings, student, user, assessments, assessments.totalCount, teacher, sessionReport
const BOOKINGS_STATEMENTS = VIEWER + 7;

const SLOTS = `query ($first: Int!) { availabilities(first: $first) { nodes { id
  teacher { id phone user { id } groups(first: 2) { totalCount nodes { id } } }
  bookings(first: 2) { totalCount nodes { id } }
} } }`;
// availabilities, teacher, user, groups, groups.totalCount, bookings, bookings.totalCount
const SLOTS_STATEMENTS = VIEWER + 7;

const CASES: Array<[Role, string, string, number]> = [
  ['teacher', 'bookings → student → user, assessments; teacher; sessionReport', BOOKINGS, BOOKINGS_STATEMENTS],
  ['teacher', 'availabilities → teacher → user, groups; bookings', SLOTS, SLOTS_STATEMENTS],
  ['parent', 'bookings → student → user, assessments; teacher; sessionReport', BOOKINGS, BOOKINGS_STATEMENTS],
  ['parent', 'availabilities → teacher → user, groups; bookings', SLOTS, SLOTS_STATEMENTS],
  // The new states (issue 11): links all pending, a teacher awaiting approval.
  ['parentWithPendingLinks', 'availabilities → teacher → user, groups; bookings', SLOTS, SLOTS_STATEMENTS],
  ['pendingTeacher', 'availabilities → teacher → user, groups; bookings', SLOTS, SLOTS_STATEMENTS],
];

type Response = Record<string, { nodes: unknown[] }>;

describe('statement count with authorization on', () => {
  let app: TestApp;
  let viewers: Viewers;
  beforeAll(async () => {
    app = await startTestApp({ signInAs: null });
    viewers = await prepareViewers(app);
  });
  afterAll(async () => {
    await app.close();
  });

  it.each(CASES)('%s: %s costs the same statements for 1 and for 50 parents', async (role, _path, query, statements) => {
    const one = await app.graphql<Response>(query, { first: 1 }, viewers.headers(role));
    const many = await app.graphql<Response>(query, { first: 50 }, viewers.headers(role));
    expect(Object.values(dataOf(one))[0].nodes).toHaveLength(1);
    expect(Object.values(dataOf(many))[0].nodes).toHaveLength(50);
    expect([one.extensions?.sqlStatements, many.extensions?.sqlStatements]).toEqual([statements, statements]);
  });
});
