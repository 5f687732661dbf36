import { startTestApp, type TestApp } from '../support/test-app';

// Every response of /graphql is GraphQL-shaped JSON with the status of the problem, in development
// too: a body that is not JSON, not an object, too large, in another media type or charset; other
// methods and paths. Never Express's HTML page, never a stack trace or a file path, and the body
// (a password here) never reaches the log.

interface ErrorBody {
  errors: Array<{ message: string; extensions: { code: string } & Record<string, unknown> }>;
}

const PASSWORD = 'secret-password-never-logged';
const LOGIN_PREFIX = `{"query": "mutation { login(input: { email: \\"a@b.tn\\", password: \\"${PASSWORD}\\" }) { sessionToken } }"`;

describe('HTTP errors of /graphql (development)', () => {
  let app: TestApp;
  let logged: string[];
  let spies: jest.SpyInstance[];
  beforeAll(async () => {
    app = await startTestApp({ environment: { NODE_ENV: 'development' } });
  });
  beforeEach(() => {
    logged = [];
    const capture = (...args: unknown[]) => {
      logged.push(args.map((arg) => (arg instanceof Error ? `${arg.stack} ${JSON.stringify(arg)}` : typeof arg === 'string' ? arg : JSON.stringify(arg))).join(' '));
    };
    spies = (['error', 'warn', 'log', 'info'] as const).map((method) => jest.spyOn(console, method).mockImplementation(capture));
  });
  afterEach(() => {
    for (const spy of spies) spy.mockRestore();
  });
  afterAll(async () => {
    await app.close();
  });

  async function read(response: Response): Promise<{ status: number; contentType: string; text: string; body: ErrorBody }> {
    const text = await response.text();
    return { status: response.status, contentType: response.headers.get('content-type') ?? '', text, body: JSON.parse(text) as ErrorBody };
  }

  async function send(init: RequestInit & { path?: string }) {
    return read(await fetch(new URL(init.path ?? '/graphql', app.url), init));
  }

  function expectGraphQLError(result: { status: number; contentType: string; text: string; body: ErrorBody }, status: number, code: string) {
    expect(result.contentType).toMatch(/^application\/json/);
    expect(result.status).toBe(status);
    expect(result.body.errors).toHaveLength(1);
    expect(result.body.errors[0].extensions.code).toBe(code);
    expect(typeof result.body.errors[0].message).toBe('string');
    expect(result.text).not.toMatch(/<html|stacktrace|node_modules|\/work\/|\.ts:\d|\.js:\d|at [A-Za-z.]+ \(/i);
    expect(result.text).not.toContain(PASSWORD);
    expect(logged.join('\n')).not.toContain(PASSWORD);
  }

  const post = (body: string | Uint8Array, contentType = 'application/json'): RequestInit => ({ method: 'POST', headers: { 'content-type': contentType }, body });

  describe('a body that is not JSON: 400 BAD_REQUEST', () => {
    it.each([
      ['truncated JSON carrying a password', LOGIN_PREFIX],
      ['a trailing comma', '{"query": "{ __typename }",}'],
      ['single quotes', "{'query': '{ __typename }'}"],
      ['an empty body', ''],
      ['bytes that are not UTF-8', new Uint8Array([0x7b, 0x22, 0x71, 0x22, 0x3a, 0x22, 0xff, 0x22, 0x7d])],
    ])('%s', async (_name, body) => {
      expectGraphQLError(await send(post(body)), 400, 'BAD_REQUEST');
    });
  });

  describe('valid JSON that is not an object: 400 BAD_REQUEST', () => {
    it.each([['[{"query": "{ __typename }"}]'], ['42'], ['"{ __typename }"'], ['null'], ['true']])('%s', async (body) => {
      const result = await send(post(body));
      expectGraphQLError(result, 400, 'BAD_REQUEST');
      expect(result.body.errors[0].message).toMatch(/must be a JSON object/);
    });
  });

  describe('a body over the limit: 413 PAYLOAD_TOO_LARGE', () => {
    it.each([
      ['a long query', JSON.stringify({ query: `{ __typename } # ${'x'.repeat(1_100_000)}` })],
      ['long variables carrying a password', JSON.stringify({ query: '{ __typename }', variables: { password: PASSWORD, padding: 'y'.repeat(1_100_000) } })],
      ['a huge array', `{"query": "{ __typename }", "variables": {"list": [${'1,'.repeat(600_000)}1]}}`],
    ])('%s', async (_name, body) => {
      expectGraphQLError(await send(post(body)), 413, 'PAYLOAD_TOO_LARGE');
    });
  });

  describe('another media type or charset: 415 UNSUPPORTED_MEDIA_TYPE', () => {
    it.each([
      ['charset latin1', 'application/json; charset=latin1'],
      ['charset utf-16', 'application/json; charset=utf-16'],
      ['text/plain', 'text/plain'],
      ['application/graphql', 'application/graphql'],
      ['application/json-seq', 'application/json-seq'],
    ])('%s', async (_name, contentType) => {
      expectGraphQLError(await send(post(`${LOGIN_PREFIX}}`, contentType)), 415, 'UNSUPPORTED_MEDIA_TYPE');
    });

    it('no Content-Type at all', async () => {
      expectGraphQLError(await send({ method: 'POST', body: new Blob([`${LOGIN_PREFIX}}`]) }), 415, 'UNSUPPORTED_MEDIA_TYPE');
    });

    it('a Content-Encoding the server cannot decode', async () => {
      expectGraphQLError(await send({ method: 'POST', headers: { 'content-type': 'application/json', 'content-encoding': 'compress' }, body: '{}' }), 415, 'UNSUPPORTED_MEDIA_TYPE');
    });

    it('accepts charset=utf-8 in any case', async () => {
      const response = await fetch(app.url, { method: 'POST', headers: { 'content-type': 'application/json; charset=UTF-8' }, body: '{"query": "{ __typename }"}' });
      expect(response.status).toBe(200);
      expect(await response.json()).toMatchObject({ data: { __typename: 'Query' } });
    });
  });

  describe('other methods and paths', () => {
    it.each([['PUT'], ['DELETE'], ['PATCH']])('%s /graphql is 405 METHOD_NOT_ALLOWED with Allow', async (method) => {
      const response = await fetch(app.url, { method, headers: { 'content-type': 'application/json' }, body: '{"query": "{ __typename }"}' });
      expect(response.headers.get('allow')).toBe('GET, POST');
      expectGraphQLError(await read(response), 405, 'METHOD_NOT_ALLOWED');
    });

    it.each([
      ['GET /', '/', 'GET'],
      ['GET /nope', '/nope', 'GET'],
      ['POST /graphql/extra', '/graphql/extra', 'POST'],
      ['GET /graphql.php', '/graphql.php', 'GET'],
    ])('%s is 404 NOT_FOUND as JSON', async (_name, path, method) => {
      const init: RequestInit & { path: string } = { path, method };
      if (method === 'POST') Object.assign(init, post('{"query": "{ __typename }"}'));
      expectGraphQLError(await send(init), 404, 'NOT_FOUND');
    });

    it('the 404 message lists what this app serves, and each listed path answers (development, metrics on the API port)', async () => {
      const result = await send({ path: '/nope', method: 'GET' });
      expect(result.body.errors[0].message).toBe('Nothing is served at GET /nope: the API is POST /graphql (and GET /graphql, /healthz, /readyz, /metrics, /sandbox, /console/*)');
      for (const path of ['/healthz', '/readyz', '/metrics', '/sandbox']) {
        expect([path, (await fetch(new URL(path, app.url))).status]).toEqual([path, 200]);
      }
    });

    it('a GET with variables that are not JSON is 400 BAD_REQUEST', async () => {
      const url = new URL(app.url);
      url.searchParams.set('query', '{ __typename }');
      url.searchParams.set('variables', '{"x": ');
      const response = await fetch(url, { headers: { 'apollo-require-preflight': 'true' } });
      expectGraphQLError(await read(response), 400, 'BAD_REQUEST');
    });

    it('a GET without a query is 400 BAD_REQUEST', async () => {
      const response = await fetch(app.url, { headers: { 'apollo-require-preflight': 'true' } });
      expectGraphQLError(await read(response), 400, 'BAD_REQUEST');
    });

    it('a GET with a mutation is 405 with BAD_REQUEST (Apollo: mutations only over POST)', async () => {
      const url = new URL(app.url);
      url.searchParams.set('query', 'mutation { logout }');
      const response = await fetch(url, { headers: { 'apollo-require-preflight': 'true' } });
      const body = (await response.json()) as ErrorBody;
      expect(response.status).toBe(405);
      expect(body.errors[0].extensions.code).toBe('BAD_REQUEST');
    });

    it('a CORS preflight of /graphql is answered', async () => {
      const response = await fetch(app.url, { method: 'OPTIONS', headers: { origin: 'https://app.example.tn', 'access-control-request-method': 'POST' } });
      expect(response.status).toBe(204);
      expect(response.headers.get('access-control-allow-origin')).toBe('*');
    });
  });

  it('an object without query is still a GraphQL BAD_REQUEST from Apollo', async () => {
    expectGraphQLError(await send(post('{"variables": {}}')), 400, 'BAD_REQUEST');
  });
});
