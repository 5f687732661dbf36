import { startTestApp, type TestApp } from '../support/test-app';

// The HTTP surface around /graphql: Apollo's CSRF prevention refuses a GET a browser could send
// cross-site without a preflight unless it carries apollo-require-preflight, and a POST with a
// "simple" content type is never read (415); /healthz and /readyz answer for the orchestrator.
// The other refusals of the HTTP layer are in http-errors.test.ts.

describe('HTTP', () => {
  let app: TestApp;
  let base: URL;
  beforeAll(async () => {
    app = await startTestApp();
    base = new URL(app.url);
  });
  afterAll(async () => {
    await app.close();
  });

  function getUrl(query: string): URL {
    const url = new URL(app.url);
    url.searchParams.set('query', query);
    return url;
  }

  describe('CSRF prevention', () => {
    it('refuses a GET without apollo-require-preflight', async () => {
      const response = await fetch(getUrl('{ __typename }'));
      expect(response.status).toBe(400);
      expect(await response.text()).toMatch(/CSRF/);
    });

    it.each([['text/plain'], ['application/x-www-form-urlencoded'], ['multipart/form-data; boundary=x']])(
      'refuses a POST with content-type %s (415: only application/json is read)',
      async (contentType) => {
        const response = await fetch(app.url, {
          method: 'POST',
          headers: { 'content-type': contentType },
          body: JSON.stringify({ query: '{ __typename }' }),
        });
        expect(response.status).toBe(415);
        expect(await response.json()).toMatchObject({ errors: [{ extensions: { code: 'UNSUPPORTED_MEDIA_TYPE' } }] });
      },
    );

    it('accepts a GET with apollo-require-preflight', async () => {
      const response = await fetch(getUrl('{ __typename }'), { headers: { 'apollo-require-preflight': 'true' } });
      expect(response.status).toBe(200);
      expect(await response.json()).toMatchObject({ data: { __typename: 'Query' } });
    });

    it('accepts a POST with content-type application/json', async () => {
      const response = await fetch(app.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query: '{ __typename }' }),
      });
      expect(response.status).toBe(200);
      expect(await response.json()).toMatchObject({ data: { __typename: 'Query' } });
    });
  });

  it('/healthz answers 200', async () => {
    const response = await fetch(new URL('/healthz', base));
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: 'ok' });
  });

  it('/readyz answers 200 while the database is reachable', async () => {
    const response = await fetch(new URL('/readyz', base));
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: 'ready' });
  });
});
