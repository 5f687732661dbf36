import { createHash } from 'node:crypto';
import { startTestApp, type TestApp } from '../support/test-app';

// Automatic persisted queries: a client sends the SHA-256 of a query; the server asks for the
// full text once, then serves the hash alone.

describe('automatic persisted queries', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp({ signInAs: null });
  });
  afterAll(async () => {
    await app.close();
  });

  async function post(body: Record<string, unknown>) {
    const response = await fetch(app.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    return (await response.json()) as { data?: { formulas: { totalCount: number } }; errors?: Array<{ extensions?: { code?: string } }> };
  }

  it('asks for an unknown hash, then serves the registered one', async () => {
    const query = '{ formulas(first: 1) { totalCount } }';
    const persistedQuery = { version: 1, sha256Hash: createHash('sha256').update(query).digest('hex') };
    const unknown = await post({ extensions: { persistedQuery } });
    expect(unknown.errors![0].extensions!.code).toBe('PERSISTED_QUERY_NOT_FOUND');
    const registered = await post({ query, extensions: { persistedQuery } });
    expect(registered.data!.formulas.totalCount).toBeGreaterThan(0);
    const byHash = await post({ extensions: { persistedQuery } });
    expect(byHash.data).toEqual(registered.data);
  });
});
