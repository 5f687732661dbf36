import { prepareViewers, type Viewers } from '../authorization/support/viewers';
import { startTestApp, type GraphQLResponse, type TestApp } from './test-app';

// Two servers over copies of one seeded database, one prefetching relationships with their
// parents' rows (src/graphql/prefetch) and one reading every level through the DataLoaders
// (AppOptions.prefetch = false): the suites that prove both ways answer alike run each case on both.

export interface BothWays {
  prefetching: TestApp;
  loading: TestApp;
  /** The permission matrix's viewers on each server (withViewers), else undefined. */
  viewers?: { prefetching: Viewers; loading: Viewers };
}

/**
 * Starts both servers before the suite's tests and closes them after. `withViewers`: no default
 * viewer, and the matrix's viewers signed in on each; otherwise the default (the super admin).
 */
export function useBothWays(ready: (both: BothWays) => void, options: { withViewers?: boolean } = {}): void {
  let servers: TestApp[] = [];
  beforeAll(async () => {
    const start = { ...(options.withViewers ? { signInAs: null } : {}) };
    const [prefetching, loading] = (servers = await Promise.all([startTestApp(start), startTestApp({ ...start, prefetch: false })]));
    const viewers = options.withViewers ? { prefetching: await prepareViewers(prefetching), loading: await prepareViewers(loading) } : undefined;
    ready({ prefetching, loading, viewers });
  });
  afterAll(async () => {
    await Promise.all(servers.map((server) => server.close()));
  });
}

/** What two answers to one request must share: data, and each error's message, path and code. */
export function comparable(response: GraphQLResponse): { data: unknown; errors: unknown } {
  return { data: response.data, errors: response.errors?.map(({ message, path, extensions }) => ({ message, path, code: extensions?.code })) };
}
