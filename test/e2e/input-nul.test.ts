import { startTestApp, type TestApp } from '../support/test-app';
import { argumentPath, describePosition, introspectSchema, requestAt, schemaInputPositions, type InputPosition } from './support/schema-inputs';

// PostgreSQL cannot store a NUL character in text or jsonb. The admission step refuses it once,
// for every String, ID and JSON input of the schema (arguments and input fields at any depth,
// literals and variables), with BAD_USER_INPUT naming the path, before any SQL. This test walks
// every such place found by introspection and sends a NUL there, both ways (and a lone UTF-16
// surrogate, which PostgreSQL's jsonb refuses too).

const NUL_TEXT = 'a\u0000b';
const TEXT_SCALARS = new Set(['String', 'ID', 'JSON']);

interface Outcome {
  place: string;
  got: unknown;
}

async function inBatches<T>(items: T[], size: number, run: (item: T) => Promise<void>): Promise<void> {
  for (let start = 0; start < items.length; start += size) await Promise.all(items.slice(start, start + size).map(run));
}

describe('a NUL character in any String, ID or JSON input', () => {
  let app: TestApp;
  let positions: InputPosition[];
  beforeAll(async () => {
    app = await startTestApp({ signInAs: null }); // refused before any authorization check
    positions = schemaInputPositions(await introspectSchema(app)).filter((position) => TEXT_SCALARS.has(position.scalar));
  });
  afterAll(async () => {
    await app.close();
  });

  it('finds the places of the issue among the positions', () => {
    const places = positions.map(describePosition);
    expect(places).toContain('mutation login(input.email: String)');
    expect(places).toContain('mutation login(input.password: String)');
    expect(places).toContain('query bookings(after: String)');
    expect(positions.filter((position) => position.operation === 'mutation').length).toBeGreaterThan(40);
    expect(positions.some((position) => position.scalar === 'JSON' && position.operation === 'mutation')).toBe(true);
    expect(positions.some((position) => position.selection.length > 0)).toBe(true); // arguments of nested fields too
  });

  it.each(['variables', 'literal'] as const)('is BAD_USER_INPUT naming the path everywhere, sent as %s', async (form) => {
    const wrong: Outcome[] = [];
    await inBatches(positions, 8, async (position) => {
      const json = position.scalar === 'JSON';
      const { query, variables } = requestAt(position, json ? { k: NUL_TEXT } : NUL_TEXT, form);
      const response = await app.graphql(query, variables);
      const expectedPath = json ? `${argumentPath(position)}.k` : argumentPath(position);
      const [error] = response.errors ?? [];
      const right =
        response.status === 400 &&
        response.errors?.length === 1 &&
        error.extensions?.code === 'BAD_USER_INPUT' &&
        JSON.stringify(error.extensions?.fields) === JSON.stringify([expectedPath]) &&
        error.message.includes('NUL') &&
        response.extensions?.sqlStatements === 0;
      if (!right) wrong.push({ place: describePosition(position), got: { status: response.status, errors: response.errors, query } });
    });
    expect(wrong).toEqual([]);
  });

  // A lone UTF-16 surrogate: jsonb refuses it (22P02) and text would store U+FFFD. In the query text
  // graphql-js's lexer already refuses it (GRAPHQL_PARSE_FAILED); in variables the admission walk does.
  it('refuses a lone UTF-16 surrogate the same way, sent as variables', async () => {
    const wrong: Outcome[] = [];
    await inBatches(positions, 8, async (position) => {
      const json = position.scalar === 'JSON';
      const { query, variables } = requestAt(position, json ? { k: 'a\ud800b' } : 'a\udc00b', 'variables');
      const response = await app.graphql(query, variables);
      const expectedPath = json ? `${argumentPath(position)}.k` : argumentPath(position);
      const [error] = response.errors ?? [];
      const right =
        response.status === 400 &&
        error?.extensions?.code === 'BAD_USER_INPUT' &&
        JSON.stringify(error.extensions?.fields) === JSON.stringify([expectedPath]) &&
        error.message.includes('well-formed Unicode') &&
        response.extensions?.sqlStatements === 0;
      if (!right) wrong.push({ place: describePosition(position), got: { status: response.status, errors: response.errors, query } });
    });
    expect(wrong).toEqual([]);
  });

  it('keeps answering, and a text without NUL in the same places is not refused for it', async () => {
    const login = positions.find((position) => describePosition(position) === 'mutation login(input.email: String)')!;
    const { query, variables } = requestAt(login, 'nobody@example.com', 'variables');
    const response = await app.graphql(query, variables);
    expect(response.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED'); // reached the service: wrong credentials
  });
});
