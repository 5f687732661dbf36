import { startTestApp, type TestApp } from '../support/test-app';

// Errors about variables and input literals: in production they name the client's own mistake
// (the variable and the path in its value) but teach nothing of the schema introspection hides:
// no "Did you mean …" (enum values, field names) and no names of required input fields. In
// development the same errors keep graphql-js's helpful hints.

const ENUM_VARIABLE = 'query ($format: BookingFormat) { bookings(first: 1, filter: { format: { eq: $format } }) { totalCount } }';
const LOGIN_VARIABLE = 'mutation ($input: LoginInput!) { login(input: $input) { sessionToken } }';

const CASES: Array<[string, string, Record<string, unknown>, RegExp]> = [
  ['an enum value in a variable', ENUM_VARIABLE, { format: 'ONLNE' }, /ONLINE/],
  ['an enum value in a list variable', 'query ($formats: [BookingFormat!]) { bookings(first: 1, filter: { format: { in: $formats } }) { totalCount } }', { formats: ['IN_PERSN'] }, /IN_PERSON/],
  ['a required input field missing from a variable', LOGIN_VARIABLE, { input: { email: 'a@b.tn' } }, /password/],
  ['a misspelt input field in a variable', LOGIN_VARIABLE, { input: { email: 'a@b.tn', passwort: 'x' } }, /password/],
  ['a required input field missing from a literal', 'mutation { login(input: { email: "a@b.tn" }) { sessionToken } }', {}, /password/],
  ['a misspelt enum value in a literal', '{ bookings(first: 1, filter: { format: { eq: ONLNE } }) { totalCount } }', {}, /ONLINE/],
];

describe.each([
  ['production', true],
  ['development', false],
])('variable and literal errors in %s', (environment, hidden) => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp({ environment: { NODE_ENV: environment }, signInAs: null });
  });
  afterAll(async () => {
    await app.close();
  });

  it.each(CASES)('%s', async (_name, query, variables, schemaDetail) => {
    const response = await app.graphql(query, variables);
    expect(response.status).toBe(400);
    expect(response.errors!.length).toBeGreaterThan(0);
    const messages = response.errors!.map((error) => error.message).join('\n');
    for (const error of response.errors!) expect(['BAD_USER_INPUT', 'GRAPHQL_VALIDATION_FAILED']).toContain(error.extensions?.code);
    if (hidden) {
      expect(messages).not.toMatch(/Did you mean/);
      expect(messages).not.toMatch(schemaDetail);
      expect(messages).not.toMatch(/LoginInput|BookingFormat/);
    } else {
      expect(messages).toMatch(schemaDetail);
    }
    // The client's own variable is still named.
    if (Object.keys(variables).length > 0) expect(messages).toContain(`$${Object.keys(variables)[0]}`);
  });
});
