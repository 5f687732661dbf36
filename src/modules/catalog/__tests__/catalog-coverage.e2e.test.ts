import { startTestApp, type TestApp } from '../../../../test/support/test-app';

// Coverage of the catalogue mutations (formulas and rooms): success, each validation rule, an
// unauthorized caller, and the table unchanged after every refusal.

type Response = Awaited<ReturnType<TestApp['graphql']>>;

const CREATE_FORMULA = 'mutation ($input: CreateFormulaInput!) { createFormula(input: $input) { id name maxStudents description supportsOnline } }';
const UPDATE_FORMULA = 'mutation ($input: UpdateFormulaInput!) { updateFormula(input: $input) { id name hoursPerMonth description } }';
const CREATE_LOCATION = 'mutation ($input: CreateLocationInput!) { createLocation(input: $input) { id name capacity address isActive } }';
const UPDATE_LOCATION = 'mutation ($input: UpdateLocationInput!) { updateLocation(input: $input) { id name capacity isActive } }';

const FORMULA = { name: 'Stage intensif 2031', type: 'INTENSIVE', level: 'PREMIERE', priceDt: '320.000', hoursPerMonth: 20 };
const LOCATION = { name: 'Salle Kairouan', capacity: 16 };

describe('catalogue mutations: coverage', () => {
  let app: TestApp;
  let admin: string;
  let formulaId: string;
  let locationId: string;
  const as = (token: string) => ({ authorization: `Bearer ${token}` });
  const anonymous = { authorization: '' };
  const codeOf = (response: Response) => response.errors?.[0].extensions?.code;
  const fieldsOf = (response: Response) => response.errors?.[0].extensions?.fields as string[] | undefined;

  /** Row count and a digest of every row of a table: equal before and after means nothing was written. */
  async function state(table: 'formulas' | 'locations'): Promise<{ rows: number; digest: string }> {
    const [row] = (await app.dataSource.query(`SELECT count(*)::int AS rows, md5(coalesce(string_agg(t::text, ',' ORDER BY t.id), '')) AS digest FROM ${table} t`)) as Array<{
      rows: number;
      digest: string;
    }>;
    return row;
  }

  async function expectRefused(mutation: string, cases: Array<[Record<string, unknown>, string]>, table: 'formulas' | 'locations'): Promise<void> {
    const before = await state(table);
    for (const [input, field] of cases) {
      const response = await app.graphql(mutation, { input }, as(admin));
      expect([field, codeOf(response)]).toEqual([field, 'BAD_USER_INPUT']);
      expect([field, fieldsOf(response)]).toEqual([field, [field]]);
    }
    expect(await state(table)).toEqual(before);
  }

  async function expectUnauthorized(mutation: string, input: Record<string, unknown>, table: 'formulas' | 'locations'): Promise<void> {
    const before = await state(table);
    expect(codeOf(await app.graphql(mutation, { input }, anonymous))).toBe('UNAUTHENTICATED');
    for (const email of ['teacher@example.com', 'parent@example.com', 'student@example.com']) {
      expect([email, codeOf(await app.graphql(mutation, { input }, as(await app.signIn(email))))]).toEqual([email, 'FORBIDDEN']);
    }
    expect(await state(table)).toEqual(before);
  }

  beforeAll(async () => {
    app = await startTestApp({ signInAs: null });
    admin = await app.signIn('admin@example.com');
  });
  afterAll(async () => {
    await app.close();
  });

  describe('createFormula', () => {
    it('creates a formula with its optional fields', async () => {
      const response = await app.graphql<{ createFormula: { id: string } }>(
        CREATE_FORMULA,
        { input: { ...FORMULA, maxStudents: 6, description: 'Vacances de printemps', supportsOnline: false } },
        as(admin),
      );
      expect(response.errors).toBeUndefined();
      expect(response.data!.createFormula).toMatchObject({ name: FORMULA.name, maxStudents: 6, description: 'Vacances de printemps', supportsOnline: false });
      formulaId = response.data!.createFormula.id;
    });

    it('refuses each invalid field, writing nothing', async () => {
      await expectRefused(
        CREATE_FORMULA,
        [
          [{ ...FORMULA, name: 'x' }, 'input.name'],
          [{ ...FORMULA, name: 'x'.repeat(121) }, 'input.name'],
          [{ ...FORMULA, hoursPerMonth: 0 }, 'input.hoursPerMonth'],
          [{ ...FORMULA, hoursPerMonth: 201 }, 'input.hoursPerMonth'],
          [{ ...FORMULA, maxStudents: 0 }, 'input.maxStudents'],
          [{ ...FORMULA, maxStudents: 61 }, 'input.maxStudents'],
          [{ ...FORMULA, description: 'x'.repeat(4001) }, 'input.description'],
        ],
        'formulas',
      );
      const before = await state('formulas');
      for (const priceDt of ['12.3456', '-1.000', 'gratuit']) {
        expect([priceDt, codeOf(await app.graphql(CREATE_FORMULA, { input: { ...FORMULA, priceDt } }, as(admin)))]).toEqual([priceDt, 'BAD_USER_INPUT']);
      }
      expect(await state('formulas')).toEqual(before);
    });

    it('refuses anonymous callers and non-admins, writing nothing', async () => {
      await expectUnauthorized(CREATE_FORMULA, FORMULA, 'formulas');
    });
  });

  describe('updateFormula', () => {
    it('changes only the fields given', async () => {
      const response = await app.graphql<{ updateFormula: Record<string, unknown> }>(UPDATE_FORMULA, { input: { id: formulaId, hoursPerMonth: 24 } }, as(admin));
      expect(response.errors).toBeUndefined();
      expect(response.data!.updateFormula).toEqual({ id: formulaId, name: FORMULA.name, hoursPerMonth: 24, description: 'Vacances de printemps' });
    });

    it('refuses each invalid field, an unknown id, and a null for a required column, writing nothing', async () => {
      await expectRefused(
        UPDATE_FORMULA,
        [
          [{ id: 'x', name: 'Nouveau nom' }, 'input.id'],
          [{ id: formulaId, name: 'x' }, 'input.name'],
          [{ id: formulaId, name: 'x'.repeat(121) }, 'input.name'],
          [{ id: formulaId, hoursPerMonth: 0 }, 'input.hoursPerMonth'],
          [{ id: formulaId, hoursPerMonth: 201 }, 'input.hoursPerMonth'],
          [{ id: formulaId, description: 'x'.repeat(4001) }, 'input.description'],
          // "absent fields stay as they are": an explicit null on a required column is the caller's mistake, not a server error.
          [{ id: formulaId, name: null }, 'input.name'],
          [{ id: formulaId, priceDt: null }, 'input.priceDt'],
          [{ id: formulaId, hoursPerMonth: null }, 'input.hoursPerMonth'],
        ],
        'formulas',
      );
      const before = await state('formulas');
      expect(codeOf(await app.graphql(UPDATE_FORMULA, { input: { id: formulaId, priceDt: '1.0001' } }, as(admin)))).toBe('BAD_USER_INPUT');
      expect(codeOf(await app.graphql(UPDATE_FORMULA, { input: { id: '999999999', name: 'Nouveau nom' } }, as(admin)))).toBe('NOT_FOUND');
      expect(await state('formulas')).toEqual(before);
    });

    it('refuses anonymous callers and non-admins, writing nothing', async () => {
      await expectUnauthorized(UPDATE_FORMULA, { id: formulaId, name: 'Piraté' }, 'formulas');
    });
  });

  describe('createLocation', () => {
    it('creates an active room with its address', async () => {
      const response = await app.graphql<{ createLocation: { id: string } }>(CREATE_LOCATION, { input: { ...LOCATION, address: '12 rue de Marseille, Tunis' } }, as(admin));
      expect(response.errors).toBeUndefined();
      expect(response.data!.createLocation).toMatchObject({ ...LOCATION, address: '12 rue de Marseille, Tunis', isActive: true });
      locationId = response.data!.createLocation.id;
    });

    it('refuses each invalid field, writing nothing', async () => {
      await expectRefused(
        CREATE_LOCATION,
        [
          [{ ...LOCATION, name: 'x' }, 'input.name'],
          [{ ...LOCATION, name: 'x'.repeat(121) }, 'input.name'],
          [{ ...LOCATION, capacity: 0 }, 'input.capacity'],
          [{ ...LOCATION, capacity: 501 }, 'input.capacity'],
          [{ ...LOCATION, address: 'x'.repeat(301) }, 'input.address'],
        ],
        'locations',
      );
    });

    it('refuses anonymous callers and non-admins, writing nothing', async () => {
      await expectUnauthorized(CREATE_LOCATION, LOCATION, 'locations');
    });
  });

  describe('updateLocation', () => {
    it('renames a room and changes its capacity', async () => {
      const response = await app.graphql<{ updateLocation: Record<string, unknown> }>(UPDATE_LOCATION, { input: { id: locationId, name: 'Salle Sousse', capacity: 20 } }, as(admin));
      expect(response.errors).toBeUndefined();
      expect(response.data!.updateLocation).toEqual({ id: locationId, name: 'Salle Sousse', capacity: 20, isActive: true });
    });

    it('refuses each invalid field, an unknown id, and a null for a required column, writing nothing', async () => {
      await expectRefused(
        UPDATE_LOCATION,
        [
          [{ id: 'x', capacity: 5 }, 'input.id'],
          [{ id: locationId, name: 'x' }, 'input.name'],
          [{ id: locationId, capacity: 0 }, 'input.capacity'],
          [{ id: locationId, capacity: 501 }, 'input.capacity'],
          [{ id: locationId, name: null }, 'input.name'],
          [{ id: locationId, capacity: null }, 'input.capacity'],
        ],
        'locations',
      );
      const before = await state('locations');
      expect(codeOf(await app.graphql(UPDATE_LOCATION, { input: { id: '999999999', capacity: 5 } }, as(admin)))).toBe('NOT_FOUND');
      expect(await state('locations')).toEqual(before);
    });

    it('refuses anonymous callers, non-admins and admins without can_manage_content, writing nothing', async () => {
      await expectUnauthorized(UPDATE_LOCATION, { id: locationId, isActive: false }, 'locations');
      await app.dataSource.query(
        `UPDATE admin_profiles SET is_super_admin = false, can_manage_content = false, can_manage_users = true WHERE user_id = (SELECT id FROM users WHERE email = 'admin@example.com')`,
      );
      const limited = await app.signIn('admin@example.com');
      const before = { formulas: await state('formulas'), locations: await state('locations') };
      for (const [mutation, input] of [
        [CREATE_FORMULA, FORMULA],
        [UPDATE_FORMULA, { id: formulaId, name: 'Piraté' }],
        [CREATE_LOCATION, LOCATION],
        [UPDATE_LOCATION, { id: locationId, isActive: false }],
      ] as Array<[string, Record<string, unknown>]>) {
        expect(codeOf(await app.graphql(mutation, { input }, as(limited)))).toBe('FORBIDDEN');
      }
      expect({ formulas: await state('formulas'), locations: await state('locations') }).toEqual(before);
    });
  });
});
