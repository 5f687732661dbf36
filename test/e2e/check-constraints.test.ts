import { checkRule, checkViolation } from '../../src/db/check-constraint';
import { startTestApp, type GraphQLResponse, type TestApp } from '../support/test-app';

// Issue 10, item 12: a mutation that breaks a CHECK constraint gets BAD_USER_INPUT naming the
// field and the rule in words, never the constraint's name, and writes nothing.

describe('CHECK constraints in client messages', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp();
  });
  afterAll(async () => {
    await app.close();
  });

  it('every CHECK constraint of the database has a rule in words, and no message names a constraint', async () => {
    const constraints = (await app.dataSource.query(
      `SELECT conname AS name FROM pg_constraint WHERE contype = 'c' AND connamespace = 'public'::regnamespace ORDER BY 1`,
    )) as Array<{ name: string }>;
    expect(constraints.length).toBeGreaterThan(50);
    const undescribed = constraints.filter(({ name }) => checkRule(name) === null).map(({ name }) => name);
    expect(undescribed).toEqual([]);
    for (const { name } of constraints) {
      const { message, fields } = checkViolation(name, 'input');
      expect(message).not.toContain(name);
      expect(message).not.toMatch(/chk_/);
      expect(fields.length).toBeGreaterThan(0);
      for (const field of fields) expect(message).toContain(field.replace('input.', ''));
    }
    expect(checkViolation('chk_unknown_rule', 'input')).toEqual({ message: 'A value is outside what the data allows', fields: ['input'] });
  });

  function expectRuleInWords(response: GraphQLResponse, field: string, words: RegExp): void {
    expect(response.errors).toHaveLength(1);
    const [error] = response.errors!;
    expect(error.extensions?.code).toBe('BAD_USER_INPUT');
    expect(error.extensions?.fields).toContain(`input.${field}`);
    expect(error.message).toContain(field);
    expect(error.message).toMatch(words);
    expect(error.message).not.toMatch(/chk_|constraint/);
    expect(JSON.stringify(error)).not.toMatch(/chk_/);
  }

  it.each(['-5.000', '-0.001', '-999999.999'])('the issue: updateTeacherProfile(hourlyRateOnline: %s) names the field and the rule', async (rate) => {
    const teacher = { authorization: `Bearer ${await app.signIn('teacher@example.com')}` };
    const before = (await app.dataSource.query(
      `SELECT p.hourly_rate_online AS rate FROM teacher_profiles p JOIN users u ON u.id = p.user_id WHERE u.email = 'teacher@example.com'`,
    )) as Array<{ rate: string | null }>;
    const response = await app.graphql(
      'mutation ($rate: Decimal) { updateTeacherProfile(input: { hourlyRateOnline: $rate, bio: "changed" }) { id } }',
      { rate },
      teacher,
    );
    expectRuleInWords(response, 'hourlyRateOnline', /must not be negative/);
    const after = (await app.dataSource.query(
      `SELECT p.hourly_rate_online AS rate, p.bio FROM teacher_profiles p JOIN users u ON u.id = p.user_id WHERE u.email = 'teacher@example.com'`,
    )) as Array<{ rate: string | null; bio: string | null }>;
    expect(after[0].rate).toBe(before[0].rate);
    expect(after[0].bio).not.toBe('changed');
  });

  it('createFormula with a negative price names priceDt and writes nothing', async () => {
    const count = async () => Number(((await app.dataSource.query('SELECT count(*) AS count FROM formulas')) as Array<{ count: string }>)[0].count);
    const before = await count();
    const response = await app.graphql('mutation ($input: CreateFormulaInput!) { createFormula(input: $input) { id } }', {
      input: { name: 'Stage négatif', type: 'INTENSIVE', level: 'PREMIERE', priceDt: '-1.000', hoursPerMonth: 20 },
    });
    expectRuleInWords(response, 'priceDt', /must not be negative/);
    expect(await count()).toBe(before);
  });

  it('updateGroup with maxStudents below the enrolled students names maxStudents and the rule', async () => {
    const [group] = (await app.dataSource.query(
      'SELECT id, current_students AS "current", max_students AS "max" FROM groups WHERE current_students > 1 ORDER BY id LIMIT 1',
    )) as Array<{ id: number; current: number; max: number }>;
    const response = await app.graphql('mutation ($id: ID!, $max: Int!) { updateGroup(input: { id: $id, maxStudents: $max }) { id } }', {
      id: String(group.id),
      max: group.current - 1,
    });
    expectRuleInWords(response, 'maxStudents', /less than the number of students already enrolled/);
    const [after] = (await app.dataSource.query('SELECT max_students AS "max" FROM groups WHERE id = $1', [group.id])) as Array<{ max: number }>;
    expect(after.max).toBe(group.max);
  });
});
