import { createHash } from 'node:crypto';
import { startTestApp, type TestApp } from '../support/test-app';

// Automatic persisted queries: a client sends the SHA-256 of a query; the server asks for the
// full text once, then serves the hash alone. Apollo's refusals of a request (persisted queries,
// operation name, body fields) are client errors with Apollo's own code, never
// INTERNAL_SERVER_ERROR, and nothing is logged for them.

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

describe('automatic persisted queries and Apollo request errors', () => {
  let app: TestApp;
  let logged: jest.SpyInstance;
  beforeAll(async () => {
    app = await startTestApp({ signInAs: null });
  });
  beforeEach(() => {
    logged = jest.spyOn(console, 'error').mockImplementation(() => undefined);
  });
  afterEach(() => {
    logged.mockRestore();
  });
  afterAll(async () => {
    await app.close();
  });

  async function post(body: Record<string, unknown>) {
    const response = await fetch(app.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    const json = (await response.json()) as {
      data?: { formulas: { totalCount: number } };
      errors?: Array<{ message: string; extensions?: { code?: string; stacktrace?: unknown } }>;
    };
    return { status: response.status, ...json };
  }

  it('asks for an unknown hash, then serves the registered one', async () => {
    const query = '{ formulas(first: 1) { totalCount } }';
    const persistedQuery = { version: 1, sha256Hash: sha256(query) };
    const unknown = await post({ extensions: { persistedQuery } });
    expect(unknown.errors![0].extensions!.code).toBe('PERSISTED_QUERY_NOT_FOUND');
    const registered = await post({ query, extensions: { persistedQuery } });
    expect(registered.data!.formulas.totalCount).toBeGreaterThan(0);
    const byHash = await post({ extensions: { persistedQuery } });
    expect(byHash.data).toEqual(registered.data);
  });

  const QUERY = '{ formulas(first: 1) { totalCount } }';
  it.each([
    ['a sha256Hash that does not match the query', { query: QUERY, extensions: { persistedQuery: { version: 1, sha256Hash: sha256('{ other }') } } }, 400, 'BAD_REQUEST', /does not match/],
    ['a sha256Hash that is not a hash', { query: QUERY, extensions: { persistedQuery: { version: 1, sha256Hash: 'abc' } } }, 400, 'BAD_REQUEST', /does not match/],
    ['version 2 with the query', { query: QUERY, extensions: { persistedQuery: { version: 2, sha256Hash: sha256(QUERY) } } }, 400, 'BAD_REQUEST', /version/],
    ['version 2 without the query', { extensions: { persistedQuery: { version: 2, sha256Hash: sha256(QUERY) } } }, 400, 'BAD_REQUEST', /version/],
    ['version "1" as a string', { extensions: { persistedQuery: { version: '1', sha256Hash: sha256(QUERY) } } }, 400, 'BAD_REQUEST', /version/],
    // The APQ protocol answers 200: the client then sends the query with its hash.
    ['an unknown hash', { extensions: { persistedQuery: { version: 1, sha256Hash: sha256('{ never sent }') } } }, 200, 'PERSISTED_QUERY_NOT_FOUND', /PersistedQueryNotFound/],
    ['an operationName that is not a string', { query: QUERY, operationName: 5 }, 400, 'BAD_REQUEST', /operationName/],
    ['two named operations and no operationName', { query: 'query A { __typename } query B { __typename }' }, 400, 'OPERATION_RESOLUTION_FAILURE', /operation name/],
    ['an operationName that is not in the query', { query: 'query A { __typename }', operationName: 'B' }, 400, 'OPERATION_RESOLUTION_FAILURE', /Unknown operation/],
    ['variables that are not an object', { query: QUERY, variables: [1] }, 400, 'BAD_REQUEST', /variables/],
    ['extensions that are not an object', { query: QUERY, extensions: 'x' }, 400, 'BAD_REQUEST', /extensions/],
    ['no query and no persisted query', { variables: {} }, 400, 'BAD_REQUEST', /POST body missing|query/],
    ['a syntax error', { query: '{ formulas(' }, 400, 'GRAPHQL_PARSE_FAILED', /Syntax Error/],
    ['an unknown field', { query: '{ formulaz { totalCount } }' }, 400, 'GRAPHQL_VALIDATION_FAILED', /Cannot query field/],
  ])('%s → %s %s, not INTERNAL_SERVER_ERROR, nothing logged', async (_name, body, status, code, message) => {
    const response = await post(body);
    expect(response.status).toBe(status);
    expect(response.errors).toHaveLength(1);
    expect(response.errors![0].extensions!.code).toBe(code);
    expect(response.errors![0].message).toMatch(message);
    expect(response.errors![0].extensions!.stacktrace).toBeUndefined();
    expect(logged).not.toHaveBeenCalled();
  });

  it('graphql-js refusing an argument at execution (null through a variable with a default) is BAD_USER_INPUT, nothing logged', async () => {
    const response = await post({ query: 'query ($id: ID = "1") { booking(id: $id) { id } }', variables: { id: null } });
    expect(response.errors).toHaveLength(1);
    expect(response.errors![0]).toMatchObject({ message: 'Argument "id" of non-null type "ID!" must not be null.', extensions: { code: 'BAD_USER_INPUT' } });
    expect(logged).not.toHaveBeenCalled();
  });
});
