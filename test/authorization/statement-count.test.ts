import { useBothWays, type BothWays } from '../support/both-ways';
import type { TestApp } from '../support/test-app';
import { dataOf } from './support/harness';
import type { Role, Viewers } from './support/viewers';

// (d) Authorization costs no N+1: the row rules are conditions inside the batched statements, so a
// nested query costs the same statements for 1 parent row as for 50: through the DataLoaders one
// per relationship field per level (plus one per root field, one per totalCount and the one viewer
// lookup); prefetched with the parents (src/graphql/prefetch), the root field's statement with
// everything below it, one per totalCount and the viewer lookup. Both ways return the same data
// to each viewer: the rules are the same conditions in both.

const VIEWER = 1;

// Each path only goes through to-one links that are never null and to-many links on the last
// level, so every loader of the query runs whatever rows the viewer may see.
const BOOKINGS = `query ($first: Int!) { bookings(first: $first) { nodes { id
  student { id user { id } assessments(first: 3) { totalCount nodes { id } } }
  teacher { id email }
  sessionReport { id }
} } }`;
// Loaders: bookings, student, user, assessments, assessments.totalCount, teacher, sessionReport.
// Prefetched: bookings with all below, assessments.totalCount.
const BOOKINGS_STATEMENTS = { loaders: VIEWER + 7, prefetched: VIEWER + 2 };

const SLOTS = `query ($first: Int!) { availabilities(first: $first) { nodes { id
  teacher { id phone user { id } groups(first: 2) { totalCount nodes { id } } }
  bookings(first: 2) { totalCount nodes { id } }
} } }`;
// Loaders: availabilities, teacher, user, groups, groups.totalCount, bookings, bookings.totalCount.
// Prefetched: availabilities with all below, groups.totalCount, bookings.totalCount.
const SLOTS_STATEMENTS = { loaders: VIEWER + 7, prefetched: VIEWER + 3 };

const CASES: Array<[Role, string, string, { loaders: number; prefetched: number }]> = [
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
  let prefetching: TestApp;
  let loading: TestApp;
  let viewers: { prefetching: Viewers; loading: Viewers };
  useBothWays((both) => ({ prefetching, loading, viewers } = both as Required<BothWays>), { withViewers: true });

  it.each(CASES)('%s: %s costs the same statements for 1 and for 50 parents, prefetched or through the loaders, and reads the same', async (role, _path, query, statements) => {
    const counts = { prefetching: [] as unknown[], loading: [] as unknown[] };
    const data = { prefetching: [] as unknown[], loading: [] as unknown[] };
    for (const [way, app] of [['prefetching', prefetching], ['loading', loading]] as const) {
      for (const first of [1, 50]) {
        const response = await app.graphql<Response>(query, { first }, viewers[way].headers(role));
        expect(Object.values(dataOf(response))[0].nodes).toHaveLength(first);
        counts[way].push(response.extensions?.sqlStatements);
        data[way].push(response.data);
      }
    }
    expect(counts).toEqual({ prefetching: [statements.prefetched, statements.prefetched], loading: [statements.loaders, statements.loaders] });
    expect(data.prefetching).toEqual(data.loading);
  });
});
