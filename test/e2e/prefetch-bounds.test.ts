import { Client } from 'pg';
import { isDatabaseUnavailable } from '../../src/db/database-availability';
import { replicaFailure } from '../../src/db/read-routing';
import { startTestApp, type TestApp } from '../support/test-app';

// Row plans (src/graphql/prefetch) stay within what admission (src/graphql/limits) allowed:
// admission costs a connection `1 + first × (1 + cost of a row)`, so below a page of `first: 0`
// nothing may be read, and a page's lookahead row (limit + 1, which only tells hasNextPage) must
// not have its relationships read either; a statement prefetches at most
// MAX_PREFETCHED_PER_STATEMENT relationships, so a document repeating fragments cannot make one
// statement of megabytes or past PostgreSQL's 65,535 parameters (a class 08 error that read as an
// outage); the same document always gives the same SQL text (prepared statements are named by
// it). Found by the OWASP review of row plans; checked on the statements the server sends.

const STUDENT_RELATIONSHIPS = ['bookings', 'enrollments', 'individualSessions', 'sessions', 'assessments', 'ariaInteractions', 'weeklyReports', 'studentObjectives', 'sessionAttendances', 'parentCommunications'];
const LEAF_FILTER_TYPES: Record<string, string> = { bookings: 'BookingFilter', individualSessions: 'IndividualSessionFilter', enrollments: 'EnrollmentFilter' };

/** students(first: 0) → 3 levels of (10 relationships → student) → leaf connections with a 49-condition filter each: admission cost 1. */
function fanOutQuery(leaves: string[], conditions = 24): { query: string; variables: Record<string, unknown> } {
  const fragments = [`fragment L0 on Student { ${leaves.map((leaf) => `${leaf}(first: 0, filter: $${leaf}) { __typename }`).join(' ')} }`];
  for (let level = 1; level <= 3; level += 1) {
    fragments.push(`fragment L${level} on Student { ${STUDENT_RELATIONSHIPS.map((name) => `${name}(first: 0) { nodes { student { ...L${level - 1} } } }`).join(' ')} }`);
  }
  const filter = { or: Array.from({ length: conditions }, (_, index) => ({ id: { eq: String(index + 1) } })) };
  return {
    query: `query FanOut(${leaves.map((leaf) => `$${leaf}: ${LEAF_FILTER_TYPES[leaf]}`).join(', ')}) { students(first: 0) { nodes { ...L3 } } } ${fragments.join(' ')}`,
    variables: Object.fromEntries(leaves.map((leaf) => [leaf, filter])),
  };
}

/** Anonymous: teachers(first: 0) → user → 4 levels of (6 to-one profiles → user) → 3 leaf connections with a 49-condition filter each (1,296 users, 93,312 parameters): admission cost 1. */
function anonymousFanOutQuery(): { query: string; variables: Record<string, unknown> } {
  const hubs = ['adminProfile', 'parentProfile', 'student', 'studentProfile', 'teacher', 'teacherProfile'];
  const leaves: Record<string, string> = { childRelations: 'ParentChildRelationFilter', parentRelations: 'ParentChildRelationFilter', userSessions: 'UserSessionFilter' };
  const fragments = [`fragment U0 on User { ${Object.keys(leaves).map((name) => `${name}(first: 0, filter: $${name}) { __typename }`).join(' ')} }`];
  for (let level = 1; level <= 4; level += 1) fragments.push(`fragment U${level} on User { ${hubs.map((hub) => `${hub} { user { ...U${level - 1} } }`).join(' ')} }`);
  const filter = { or: Array.from({ length: 24 }, (_, index) => ({ id: { eq: String(index + 1) } })) };
  return {
    query: `query Anon(${Object.entries(leaves).map(([name, type]) => `$${name}: ${type}`).join(', ')}) { teachers(first: 0) { nodes { user { ...U4 } } } } ${fragments.join(' ')}`,
    variables: Object.fromEntries(Object.keys(leaves).map((name) => [name, filter])),
  };
}

describe('row plans against the admission limits', () => {
  let app: TestApp;
  let statements: Array<{ text: string; values: number; resultBytes?: number }>;
  let spy: jest.SpyInstance;
  beforeAll(async () => {
    app = await startTestApp(); // admin
    const original = Client.prototype.query;
    spy = jest.spyOn(Client.prototype, 'query').mockImplementation(function (this: Client, ...args: unknown[]) {
      const config = args[0] as { text?: string; values?: unknown[] } | string;
      const result = (original as (...a: unknown[]) => unknown).apply(this, args);
      if (typeof config === 'object' && config?.text) {
        const entry: { text: string; values: number; resultBytes?: number } = { text: config.text, values: config.values?.length ?? 0 };
        statements.push(entry);
        if (result instanceof Promise) void result.then((value: { rows?: unknown[] }) => (entry.resultBytes = JSON.stringify(value?.rows ?? []).length), () => undefined);
      }
      return result;
    } as never);
  });
  beforeEach(() => {
    statements = [];
  });
  afterAll(async () => {
    spy.mockRestore();
    await app.close();
  });

  it.each([
    ['anonymous', () => anonymousFanOutQuery(), { authorization: '' }],
    ['admin', () => fanOutQuery(['bookings', 'individualSessions', 'enrollments']), {}],
  ] as const)('%s: a fragment fan-out of 1,296 relationships stays in statements of at most 100 prefetched relationships and far fewer than 65,535 parameters', async (_viewer, build, headers) => {
    const { query, variables } = build();
    const response = await app.graphql(query, variables, headers);
    expect(response.status).toBe(200);
    expect(response.errors).toBeUndefined();
    expect(response.errors?.map((error) => error.extensions?.code) ?? []).not.toContain('SERVICE_UNAVAILABLE');
    expect(Math.max(...statements.map((statement) => statement.values))).toBeLessThan(10_000);
  });

  it('a statement PostgreSQL refuses as a protocol violation (08P01) is our fault, not an outage: no 503, no replica taken out', () => {
    const error = Object.assign(new Error('bind message has 6464 parameter formats but 0 parameters'), { code: '08P01', severity: 'ERROR' });
    expect(isDatabaseUnavailable(error)).toBe(false);
    expect(replicaFailure(error, false)).toBeNull();
  });

  it('a query admitted at cost 1 (everything below first: 0) sends one small statement', async () => {
    const { query, variables } = fanOutQuery(['bookings']);
    const response = await app.graphql(query, variables);
    expect(response.errors).toBeUndefined();
    expect(response.data).toEqual({ students: { nodes: [] } });
    const largest = Math.max(...statements.map((statement) => statement.text.length));
    // Observed: one statement of ~1 MB with 24,000 parameters and ~3,000 correlated subqueries,
    // 2-5 s of planning, ~1 GB peak RSS in the backend, and ~50 MB kept per connection by its
    // prepared statement (prepared-statements.ts bounds names per connection (200), not bytes).
    expect(largest).toBeLessThan(4 * 1024);
    expect(statements.filter((statement) => statement.text.includes('"students"'))).toHaveLength(1);
  });

  it('first: 0 at the root reads nothing below it (its lookahead row has no relationships read)', async () => {
    const branch = (alias: string) => `${alias}: bookings(first: 100) { nodes { teacher { bookings(first: 100) { nodes { teacher { bookings(first: 100) { nodes { id } } } } } } } }`;
    const query = `{ teachers(first: 0) { nodes { ${Array.from({ length: 8 }, (_, index) => branch(`b${index}`)).join(' ')} } } }`;
    const response = await app.graphql(query);
    expect(response.errors).toBeUndefined();
    expect(response.data).toEqual({ teachers: { nodes: [] } });
    const [root] = statements.filter((statement) => statement.text.includes('FROM "teachers"'));
    expect(root.text).not.toContain('"bookings"');
  });

  it('the lookahead row of a page has no relationships read: a page of 1 teacher returns 1 teacher’s bookings, and reads no second one’s', async () => {
    const response = await app.graphql<{ teachers: { nodes: Array<{ bookings: { nodes: unknown[] } }> } }>(
      `{ teachers(first: 1, orderBy: [{ field: ID }]) { nodes { id bookings(first: 100) { nodes { id } } } pageInfo { hasNextPage } } }`,
    );
    expect(response.errors).toBeUndefined();
    const [root] = statements.filter((statement) => statement.text.includes('FROM "teachers"'));
    // Two teachers read (the lookahead tells hasNextPage), one teacher's bookings: the JSON of the second is null.
    expect(root.text).toMatch(/CASE WHEN page_rows\."__position" <= 1 THEN/);
    const [count] = (await app.dataSource.query('SELECT count(*)::int AS n FROM bookings WHERE teacher_id = (SELECT min(id) FROM teachers)')) as Array<{ n: number }>;
    expect(response.data!.teachers.nodes[0].bookings.nodes).toHaveLength(Math.min(100, count.n));
  });

  it('first: 0 at the root with wide rows below: the root statement returns less than 1 kB', async () => {
    const booking = 'availabilityId bookingNotes cancellationReason createdAt createdBy description durationMinutes endTime format id locationId meetingUrl startTime status studentId subject teacherId topic updatedAt';
    const query = `{ teachers(first: 0) { nodes { ${Array.from({ length: 2 }, (_, index) => `b${index}: bookings(first: 100) { nodes { ...W teacher { bookings(first: 100) { nodes { ...W } } } } }`).join(' ')} } } }
      fragment W on Booking { ${booking} student { id fullName email school } }`;
    const response = await app.graphql(query);
    expect(response.data).toEqual({ teachers: { nodes: [] } });
    const received = Math.max(...statements.map((statement) => statement.resultBytes ?? 0));
    expect(received).toBeLessThan(1024);
  });

  it('the same query, parsed again (another comment, another instance, Apollo\'s cache evicted), gives the same SQL text (prepared statements are named by it)', async () => {
    const query = (comment: string) => `# ${comment}\n{ teachers(first: 2) { nodes { id bookings(first: 2) { nodes { id student { id } } } } } }`;
    await app.graphql(query('one'));
    const first = statements.map((statement) => statement.text).filter((text) => text.includes('FROM "teachers"'));
    statements = [];
    await app.graphql(query('two'));
    const second = statements.map((statement) => statement.text).filter((text) => text.includes('FROM "teachers"'));
    expect(first).toHaveLength(1);
    expect(second).toEqual(first);
  });
});
