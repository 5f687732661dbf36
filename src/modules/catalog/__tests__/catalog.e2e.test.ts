import { startTestApp, type TestApp } from '../../../../test/support/test-app';

// Catalogue management: admins with can_manage_content create and change formulas and rooms.

const CREATE_FORMULA = `mutation ($input: CreateFormulaInput!) { createFormula(input: $input) { id name type level priceDt hoursPerMonth features } }`;
const UPDATE_FORMULA = `mutation ($input: UpdateFormulaInput!) { updateFormula(input: $input) { id name priceDt } }`;
const CREATE_LOCATION = `mutation ($input: CreateLocationInput!) { createLocation(input: $input) { id name capacity isActive } }`;
const UPDATE_LOCATION = `mutation ($input: UpdateLocationInput!) { updateLocation(input: $input) { id isActive capacity } }`;

const FORMULA = { name: 'Prépa bac NSI', type: 'GROUP', level: 'TERMINALE', priceDt: '180.500', hoursPerMonth: 8, features: ['Annales', 'Projet'] };

describe('catalogue management', () => {
  let app: TestApp;
  let teacher: string;
  const count = async (table: string) => Number(((await app.dataSource.query(`SELECT count(*) AS count FROM ${table}`)) as Array<{ count: number }>)[0].count);

  beforeAll(async () => {
    app = await startTestApp();
    teacher = await app.signIn('teacher@example.com');
  });
  afterAll(async () => {
    await app.close();
  });

  it('creates and updates a formula, money kept exact', async () => {
    const created = await app.graphql<{ createFormula: Record<string, unknown> }>(CREATE_FORMULA, { input: FORMULA });
    expect(created.errors).toBeUndefined();
    expect(created.data!.createFormula).toMatchObject({ name: 'Prépa bac NSI', type: 'GROUP', level: 'TERMINALE', priceDt: '180.500', features: ['Annales', 'Projet'] });
    const id = created.data!.createFormula.id as string;
    const updated = await app.graphql<{ updateFormula: Record<string, unknown> }>(UPDATE_FORMULA, { input: { id, priceDt: '199.990' } });
    expect(updated.data!.updateFormula).toEqual({ id, name: 'Prépa bac NSI', priceDt: '199.990' });
  });

  it('rejects invalid formulas, writing nothing', async () => {
    const before = await count('formulas');
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ ...FORMULA, hoursPerMonth: 0 }, 'input.hoursPerMonth'],
      [{ ...FORMULA, name: 'x' }, 'input.name'],
    ];
    for (const [input, field] of cases) {
      const response = await app.graphql(CREATE_FORMULA, { input });
      expect(response.errors![0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', fields: [field] });
    }
    const badPrice = await app.graphql(CREATE_FORMULA, { input: { ...FORMULA, priceDt: '12.3456' } });
    expect(badPrice.errors![0].extensions!.code).toBe('BAD_USER_INPUT');
    const negative = await app.graphql(CREATE_FORMULA, { input: { ...FORMULA, priceDt: '-5.000' } });
    expect(negative.errors![0].extensions!.code).toBe('BAD_USER_INPUT');
    expect((await app.graphql(UPDATE_FORMULA, { input: { id: '999999999', name: 'Nouveau' } })).errors![0].extensions!.code).toBe('NOT_FOUND');
    expect(await count('formulas')).toBe(before);
  });

  it('creates, changes and closes a room', async () => {
    const created = await app.graphql<{ createLocation: { id: string } }>(CREATE_LOCATION, { input: { name: 'Salle Carthage', capacity: 12, equipment: ['Tableau'] } });
    expect(created.data!.createLocation).toMatchObject({ name: 'Salle Carthage', capacity: 12, isActive: true });
    const closed = await app.graphql<{ updateLocation: Record<string, unknown> }>(UPDATE_LOCATION, { input: { id: created.data!.createLocation.id, isActive: false } });
    expect(closed.data!.updateLocation).toMatchObject({ isActive: false, capacity: 12 });
    expect((await app.graphql(CREATE_LOCATION, { input: { name: 'Salle vide', capacity: 0 } })).errors![0].extensions).toMatchObject({ fields: ['input.capacity'] });
  });

  it('refuses anyone but an admin allowed to manage content', async () => {
    const before = await count('formulas');
    expect((await app.graphql(CREATE_FORMULA, { input: FORMULA }, { authorization: `Bearer ${teacher}` })).errors![0].extensions!.code).toBe('FORBIDDEN');
    expect((await app.graphql(CREATE_FORMULA, { input: FORMULA }, { authorization: '' })).errors![0].extensions!.code).toBe('UNAUTHENTICATED');
    await app.dataSource.query(
      `UPDATE admin_profiles SET is_super_admin = false, can_manage_content = false WHERE user_id = (SELECT id FROM users WHERE email = 'admin@example.com')`,
    );
    const admin = await app.signIn('admin@example.com');
    expect((await app.graphql(CREATE_FORMULA, { input: FORMULA }, { authorization: `Bearer ${admin}` })).errors![0].extensions!.code).toBe('FORBIDDEN');
    expect(await count('formulas')).toBe(before);
  });
});

describe('group management', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp();
  });
  afterAll(async () => {
    await app.close();
  });

  it('opens a group, and refuses fewer places than students enrolled', async () => {
    const [teacher] = (await app.dataSource.query('SELECT id FROM teachers ORDER BY id LIMIT 1')) as Array<{ id: number }>;
    const created = await app.graphql<{ createGroup: { id: string; currentStudents: number; maxStudents: number } }>(
      'mutation ($teacherId: ID!) { createGroup(input: { name: "Terminale Maths A", subject: "Mathématiques", level: TERMINALE, maxStudents: 8, teacherId: $teacherId }) { id currentStudents maxStudents } }',
      { teacherId: String(teacher.id) },
    );
    expect(created.data!.createGroup).toMatchObject({ currentStudents: 0, maxStudents: 8 });
    const [full] = (await app.dataSource.query('SELECT id, current_students FROM groups WHERE current_students > 1 ORDER BY id LIMIT 1')) as Array<{ id: number; current_students: number }>;
    const shrink = await app.graphql('mutation ($id: ID!, $max: Int!) { updateGroup(input: { id: $id, maxStudents: $max }) { id } }', { id: String(full.id), max: full.current_students - 1 });
    expect(shrink.errors![0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', fields: ['input.maxStudents'] });
    const unknownTeacher = await app.graphql('mutation { createGroup(input: { name: "Groupe X", subject: "SES", level: SECONDE, maxStudents: 5, teacherId: "999999999" }) { id } }');
    expect(unknownTeacher.errors![0].extensions!.code).toBe('BAD_USER_INPUT');
  });
});
