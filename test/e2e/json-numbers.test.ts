import { startTestApp, type TestApp } from '../support/test-app';

// JSON numbers are kept exactly or refused, never rounded (the JSON scalar's description):
// a number a double would change is BAD_USER_INPUT naming its path, in the query text and in
// variables (POST body and GET search parameter); an accepted number is stored, returned and
// found by `contains` exactly as sent.

const UPDATE = 'mutation ($input: UpdateParentProfileInput!) { updateParentProfile(input: $input) { notificationPreferences } }';
const FIND = 'query ($value: JSON!) { parentProfiles(filter: { notificationPreferences: { contains: $value } }) { totalCount nodes { notificationPreferences } } }';

describe('JSON numbers', () => {
  let app: TestApp;
  let before: string;
  beforeAll(async () => {
    app = await startTestApp({ signInAs: 'parent@example.com' });
    before = await storedInterests();
  });
  afterAll(async () => {
    await app.close();
  });

  async function storedInterests(): Promise<string> {
    const [row] = (await app.dataSource.query(
      `SELECT p.notification_preferences::text AS "notificationPreferences" FROM parent_profiles p JOIN users u ON u.id = p.user_id WHERE u.email = 'parent@example.com'`,
    )) as Array<{ notificationPreferences: string }>;
    return row.notificationPreferences;
  }

  /** POST with the body as raw text, so that numbers reach the server exactly as written. */
  async function postRaw(body: string) {
    const token = await app.signIn('parent@example.com');
    const response = await fetch(app.url, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body });
    return { status: response.status, ...((await response.json()) as { data?: unknown; errors?: Array<{ message: string; extensions: Record<string, unknown> }> }) };
  }

  const REFUSED: Array<[string, string, string]> = [
    ['an integer beyond 2^53 (the issue)', '12345678901234567890', 'id'],
    ['a number beyond a double (the issue)', '1e400', 'id'],
    ['more digits than a double keeps', '0.1000000000000000000001', 'ratio'],
    ['2^53 + 1', '9007199254740993', 'nested.list[1]'],
    ['a negative integer beyond -(2^53 - 1)', '-9007199254740992', 'id'],
    ['a number that underflows to 0', '1e-400', 'tiny'],
  ];

  /** {"id": <number>} or, for a deeper path, the value with the number at that path. */
  function literalAt(path: string, number: string): string {
    if (path === 'nested.list[1]') return `{ "nested": { "list": [1, ${number}] } }`;
    return `{ "${path}": ${number} }`;
  }

  describe.each(REFUSED)('%s: %s is refused', (_name, number, path) => {
    it('in the query text: BAD_USER_INPUT naming its path, nothing stored', async () => {
      const literal = literalAt(path, number).replace(/"(\w+)":/g, '$1:');
      const response = await app.graphql(`mutation { updateParentProfile(input: { notificationPreferences: ${literal} }) { notificationPreferences } }`);
      expect(response.status).toBe(400);
      expect(response.errors![0].extensions!.code).toBe('BAD_USER_INPUT');
      expect(response.errors![0].message).toContain(`The JSON number ${number} at "${path}" cannot be kept exactly`);
      expect(await storedInterests()).toBe(before);
    });

    it('in variables: 400 BAD_USER_INPUT naming the variable path, nothing stored', async () => {
      const response = await postRaw(`{"query": ${JSON.stringify(UPDATE)}, "variables": {"input": {"notificationPreferences": ${literalAt(path, number)}}}}`);
      expect(response.status).toBe(400);
      expect(response.errors![0].extensions).toEqual({ code: 'BAD_USER_INPUT', fields: [`input.notificationPreferences.${path}`] });
      expect(response.errors![0].message).toContain(`Variable "$input" got invalid value ${number} at "input.notificationPreferences.${path}"`);
      expect(await storedInterests()).toBe(before);
    });
  });

  it('in a GET search parameter: 400 BAD_USER_INPUT', async () => {
    const url = new URL(app.url);
    url.searchParams.set('query', FIND);
    url.searchParams.set('variables', '{"value": {"id": 12345678901234567890}}');
    const response = await fetch(url, { headers: { 'apollo-require-preflight': 'true' } });
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ errors: [{ extensions: { code: 'BAD_USER_INPUT', fields: ['value.id'] } }] });
  });

  it('in a filter literal: BAD_USER_INPUT', async () => {
    const response = await app.graphql('{ parentProfiles(filter: { notificationPreferences: { contains: { id: 12345678901234567890 } } }) { totalCount } }');
    expect(response.errors![0].extensions!.code).toBe('BAD_USER_INPUT');
  });

  it('numbers a double holds are stored, returned and found by contains exactly as sent', async () => {
    const sent = '{"id": 9007199254740991, "low": -9007199254740991, "sum": 0.30000000000000004, "tiny": 5e-324, "small": -1.5e-7, "price": 123.456, "one": 1.0, "hundred": 1e2}';
    const written = await postRaw(`{"query": ${JSON.stringify(UPDATE)}, "variables": {"input": {"notificationPreferences": ${sent}}}}`);
    expect(written.errors).toBeUndefined();
    const expected = { id: 9007199254740991, low: -9007199254740991, sum: 0.30000000000000004, tiny: 5e-324, small: -1.5e-7, price: 123.456, one: 1, hundred: 100 };
    expect(written.data).toEqual({ updateParentProfile: { notificationPreferences: expected } });
    const stored = JSON.parse(await storedInterests()) as Record<string, number>;
    expect(stored).toEqual(expected);
    // PostgreSQL holds the exact decimals that were sent.
    const [text] = (await app.dataSource.query(
      `SELECT p.notification_preferences->>'id' AS id, p.notification_preferences->>'sum' AS sum FROM parent_profiles p JOIN users u ON u.id = p.user_id WHERE u.email = 'parent@example.com'`,
    )) as Array<{ id: string; sum: string }>;
    expect(text).toEqual({ id: '9007199254740991', sum: '0.30000000000000004' });

    for (const value of [{ id: 9007199254740991 }, { sum: 0.30000000000000004 }, { tiny: 5e-324, price: 123.456 }]) {
      const found = await app.graphql<{ parentProfiles: { totalCount: number; nodes: Array<{ notificationPreferences: unknown }> } }>(FIND, { value });
      expect(found.errors).toBeUndefined();
      expect(found.data!.parentProfiles.totalCount).toBe(1);
      expect(found.data!.parentProfiles.nodes[0].notificationPreferences).toEqual(expected);
    }
    const literal = await app.graphql<{ parentProfiles: { totalCount: number } }>('{ parentProfiles(filter: { notificationPreferences: { contains: { low: -9007199254740991, one: 1.0 } } }) { totalCount } }');
    expect(literal.data!.parentProfiles.totalCount).toBe(1);
  });
});
