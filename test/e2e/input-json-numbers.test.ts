import { startTestApp, type TestApp } from '../support/test-app';
import { describePosition, introspectSchema, requestAt, schemaInputPositions, type InputPosition } from './support/schema-inputs';

// A JSON number that a JavaScript double cannot hold unchanged (README "JSON numbers") is refused
// with BAD_USER_INPUT wherever a JSON input takes it, as a variable (checked in the raw body) and
// as a literal (checked by the scalar from its source text): never stored rounded, never an
// internal error. This walks every JSON argument and input field found by introspection.

const MARKER = 4242424242.25; // a safe number, swapped for each unsafe text in the sent request
const UNSAFE = ['12345678901234567890', '1e400', '9007199254740993'];

describe('an unsafe JSON number in any JSON input', () => {
  let app: TestApp;
  let positions: InputPosition[];
  beforeAll(async () => {
    app = await startTestApp({ signInAs: 'admin@example.com' });
    positions = schemaInputPositions(await introspectSchema(app)).filter((position) => position.scalar === 'JSON');
  });
  afterAll(async () => {
    await app.close();
  });

  async function send(query: string, variables: Record<string, unknown>, unsafe: string): Promise<{ status: number; errors?: Array<{ message: string; extensions?: Record<string, unknown> }> }> {
    const body = JSON.stringify({ query, variables }).replaceAll(String(MARKER), unsafe);
    const authorization = `Bearer ${await app.signIn('admin@example.com')}`;
    const response = await fetch(app.url, { method: 'POST', headers: { 'content-type': 'application/json', authorization }, body });
    return { status: response.status, ...((await response.json()) as object) };
  }

  it('finds JSON inputs in mutations and filters', () => {
    expect(positions.some((position) => position.operation === 'mutation')).toBe(true);
    expect(positions.some((position) => position.operation === 'query')).toBe(true);
  });

  it.each(['variables', 'literal'] as const)('is BAD_USER_INPUT everywhere, sent as %s', async (form) => {
    const wrong: Array<{ place: string; unsafe: string; got: unknown }> = [];
    for (const unsafe of UNSAFE) {
      for (const position of positions) {
        const { query, variables } = requestAt(position, { k: MARKER }, form);
        const response = await send(query, variables, unsafe);
        const codes = (response.errors ?? []).map((error) => error.extensions?.code);
        if (codes.length === 0 || codes.some((code) => code !== 'BAD_USER_INPUT')) wrong.push({ place: describePosition(position), unsafe, got: response });
      }
    }
    expect(wrong).toEqual([]);
  });

  it('stores nothing rounded: the interests of every student stay free of the rounded values', async () => {
    const rows = (await app.dataSource.query(
      `SELECT count(*)::int AS n FROM student_profiles WHERE interests::text LIKE '%12345678901234567%' OR interests::text LIKE '%9007199254740992%'`,
    )) as Array<{ n: number }>;
    expect(rows[0].n).toBe(0);
  });
});
