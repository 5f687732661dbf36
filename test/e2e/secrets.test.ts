import { getIntrospectionQuery, type IntrospectionQuery } from 'graphql';
import { startTestApp, type TestApp } from '../support/test-app';
import { dataOf, model } from './support/read-api';

// The columns the contract never exposes: no field, filter entry or sort key of the introspected
// schema names them, queries naming them are refused, and their values never appear in a response.

const NEVER_ANYWHERE = ['passwordHash', 'emailVerificationToken', 'passwordResetToken'];
/** Names that may exist elsewhere (AuthPayload returns the tokens at login) but never on a session. */
const NEVER_ON_SESSIONS = ['sessionToken', 'refreshToken'];

function namesOf(type: IntrospectionQuery['__schema']['types'][number]): string[] {
  if (type.kind === 'OBJECT' || type.kind === 'INTERFACE') return type.fields.flatMap((field) => [field.name, ...field.args.map((arg) => arg.name)]);
  if (type.kind === 'INPUT_OBJECT') return type.inputFields.map((field) => field.name);
  if (type.kind === 'ENUM') return type.enumValues.map((value) => value.name);
  return [];
}

function normalised(name: string): string {
  return name.replace(/_/g, '').toLowerCase();
}

describe('secrets are never exposed', () => {
  let app: TestApp;
  let schema: IntrospectionQuery['__schema'];
  beforeAll(async () => {
    app = await startTestApp();
    schema = dataOf(await app.graphql<IntrospectionQuery>(getIntrospectionQuery())).__schema;
  });
  afterAll(async () => {
    await app.close();
  });

  it('the introspected schema has the user and session types', () => {
    const names = schema.types.map((type) => type.name);
    expect(names).toEqual(expect.arrayContaining(['User', 'UserSession', 'UserFilter', 'UserSessionFilter', 'UserOrderField', 'UserSessionOrderField']));
  });

  it.each(NEVER_ANYWHERE)('no field, argument, filter entry or sort key of any type is named %s', (secret) => {
    const offenders = schema.types.filter((type) => namesOf(type).some((name) => normalised(name) === normalised(secret))).map((type) => type.name);
    expect(offenders).toEqual([]);
  });

  it.each(NEVER_ON_SESSIONS)('UserSession and its filter and sort keys have no %s', (secret) => {
    const sessionTypes = schema.types.filter((type) => type.name.startsWith('UserSession') || type.name.startsWith('User'));
    const offenders = sessionTypes.filter((type) => namesOf(type).some((name) => normalised(name) === normalised(secret))).map((type) => type.name);
    expect(offenders).toEqual([]);
  });

  it.each([
    ['{ users(first: 1) { nodes { passwordHash } } }'],
    ['{ users(first: 1) { nodes { emailVerificationToken } } }'],
    ['{ users(first: 1) { nodes { passwordResetToken } } }'],
    ['{ userSessions(first: 1) { nodes { sessionToken } } }'],
    ['{ userSessions(first: 1) { nodes { refreshToken } } }'],
    ['{ users(filter: { passwordHash: { isNull: false } }) { totalCount } }'],
    ['{ userSessions(orderBy: [{ field: SESSION_TOKEN }]) { totalCount } }'],
  ])('%s is refused', async (query) => {
    const response = await app.graphql(query);
    expect(response.errors?.[0].extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
    expect(response.data).toBeUndefined();
  });

  it('no response with every field of users and sessions contains a secret value', async () => {
    // Give every secret column a recognisable value in this test's own database.
    await app.dataSource.query(
      `UPDATE users SET email_verification_token = 'secret-verification-' || id, password_reset_token = 'secret-reset-' || id`,
    );
    await app.dataSource.query(`UPDATE user_sessions SET refresh_token = 'secret-refresh-' || id WHERE refresh_token IS NULL`);
    const secrets = (await app.dataSource.query(
      `SELECT password_hash AS value FROM users UNION ALL SELECT session_token FROM user_sessions UNION ALL SELECT refresh_token FROM user_sessions
       UNION ALL SELECT email_verification_token FROM users UNION ALL SELECT password_reset_token FROM users`,
    )) as Array<{ value: string | null }>;
    const values = secrets.map((row) => row.value).filter((value): value is string => typeof value === 'string' && value.length > 0);
    expect(values.length).toBeGreaterThan(0);

    const userFields = model('User').fields.map((field) => field.name).join(' ');
    const sessionFields = model('UserSession').fields.map((field) => field.name).join(' ');
    const response = await app.graphql(
      `{ users(first: 100) { nodes { ${userFields} userSessions(first: 100) { nodes { ${sessionFields} } } } }
         userSessions(first: 100) { nodes { ${sessionFields} user { ${userFields} } } } }`,
    );
    const body = JSON.stringify(dataOf(response));
    for (const value of values) expect(body.includes(value)).toBe(false);
  });
});
