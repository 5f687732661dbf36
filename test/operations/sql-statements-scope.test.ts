import { startTestApp, type TestApp } from '../support/test-app';

// extensions.sqlStatements counts the statements sent through the request's SqlClient (query and
// read), not those a mutation runs inside its TypeORM transaction (README, "What sqlStatements
// counts"): register writes its rows in the transaction and reads nothing back, so it shows 0.

let app: TestApp;

beforeAll(async () => {
  app = await startTestApp({ signInAs: null });
});

afterAll(async () => {
  await app.close();
});

it('register writes its account but counts 0 statements: the transaction’s statements are not counted', async () => {
  const email = 'sql-statements-scope@example.com';
  const response = await app.graphql('mutation ($input: RegisterInput!) { register(input: $input) }', {
    input: { email, password: 'Counted-n0t-in-transactions', firstName: 'Compte', lastName: 'Test', role: 'PARENT' },
  });
  expect(response.data).toEqual({ register: true });
  const rows = (await app.dataSource.query('SELECT count(*)::int AS count FROM users WHERE email = $1', [email])) as Array<{ count: number }>;
  expect(rows[0].count).toBe(1);
  expect(response.extensions?.sqlStatements).toBe(0);
});

it('a read counts each statement sent through SqlClient', async () => {
  const response = await app.graphql('{ formulas(first: 1) { nodes { id } } }');
  expect(response.errors).toBeUndefined();
  expect(response.extensions?.sqlStatements).toBe(1);
});
