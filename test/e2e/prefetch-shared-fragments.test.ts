import { comparable, useBothWays } from '../support/both-ways';
import type { TestApp } from '../support/test-app';

// A fragment that places one field node under two parents whose merged selections differ (Relay
// clients reuse fragments so): each parent gets the plan of its own merged selection (row plans
// are kept per set of merged field nodes, field-memo.ts), so each reads the columns it selected.
// Where a relationship is read through the loaders with a plan: under node / nodes, under a
// mutation payload, below `me`. Found by the OWASP review of row plans (keyed by the first field
// node then: null, or INTERNAL_SERVER_ERROR for a non-null field). Compared with a server that
// does not prefetch.

const nodeId = (type: string, id: number) => Buffer.from(`${type}:${id}`).toString('base64');

describe('one fragment under two parents with different merged selections', () => {
  let prefetching: TestApp;
  let loading: TestApp;
  useBothWays((both) => ({ prefetching, loading } = both));

  const cases: Array<[string, string]> = [
    [
      'to-one: Booking.student under two node() parents',
      `query { a: node(nodeId: "${nodeId('Booking', 1)}") { ... on Booking { ...S } }
               b: node(nodeId: "${nodeId('Booking', 3)}") { ... on Booking { ...S student { email gradeLevel } } } }
       fragment S on Booking { student { fullName } }`,
    ],
    [
      'to-many: Teacher.bookings under two node() parents',
      `query { a: node(nodeId: "${nodeId('Teacher', 1)}") { ... on Teacher { ...T } }
               b: node(nodeId: "${nodeId('Teacher', 2)}") { ... on Teacher { ...T bookings(first: 2) { nodes { status startTime } } } } }
       fragment T on Teacher { bookings(first: 2) { nodes { id } } }`,
    ],
  ];

  it('two mutation payloads sharing a fragment, each with its own fields', async () => {
    const mutation = (student: number, alias: string, extra: string) =>
      `${alias}: createObjective(input: { studentId: "${student}", objectiveText: "t", subject: "Maths", targetDate: "2026-12-31" }) { ...O ${extra} }`;
    const response = await prefetching.graphql(`mutation { ${mutation(1, 'a', '')} ${mutation(2, 'b', 'student { email gradeLevel }')} }
      fragment O on StudentObjective { id student { fullName } }`);
    expect(response.errors).toBeUndefined();
    const payloads = response.data as Record<string, { student: { fullName: string; email?: string } }>;
    const [student] = (await prefetching.dataSource.query('SELECT full_name, email FROM students WHERE id = 2')) as Array<{ full_name: string; email: string }>;
    expect(payloads.b.student).toMatchObject({ fullName: student.full_name, email: student.email });
    expect(payloads.a.student.fullName).toEqual(expect.any(String));
  });

  it.each(cases)('%s', async (_name, query) => {
    const prefetched = await prefetching.graphql(query);
    const loaded = await loading.graphql(query);
    expect(loaded.errors).toBeUndefined();
    expect(prefetched.errors).toBeUndefined();
    expect(comparable(prefetched)).toEqual(comparable(loaded));
  });
});
