import { startTestApp, type TestApp } from '../../../../test/support/test-app';

// Coverage of the profile mutations: each role edits only its own profile; each validation rule;
// anonymous callers and other roles refused; the profile tables unchanged after a refusal.

type Response = Awaited<ReturnType<TestApp['graphql']>>;

const TEACHER = 'mutation ($input: UpdateTeacherProfileInput!) { updateTeacherProfile(input: $input) { specialtiesDescription hourlyRateInPerson canTeachOnline } }';
const PARENT = 'mutation ($input: UpdateParentProfileInput!) { updateParentProfile(input: $input) { profession address emergencyContact } }';
const STUDENT = 'mutation ($input: UpdateStudentProfileInput!) { updateStudentProfile(input: $input) { school motivationLevel interests } }';

describe('profile mutations: coverage', () => {
  let app: TestApp;
  const tokens: Record<string, string> = {};
  const as = (role: string) => ({ authorization: `Bearer ${tokens[role]}` });
  const anonymous = { authorization: '' };
  const codeOf = (response: Response) => response.errors?.[0].extensions?.code;
  const fieldsOf = (response: Response) => response.errors?.[0].extensions?.fields as string[] | undefined;

  async function state(): Promise<Record<string, unknown>> {
    const [row] = (await app.dataSource.query(
      `SELECT (SELECT md5(string_agg(t::text, ',' ORDER BY t.id)) FROM teacher_profiles t) AS teachers,
              (SELECT md5(string_agg(p::text, ',' ORDER BY p.id)) FROM parent_profiles p) AS parents,
              (SELECT md5(string_agg(s::text, ',' ORDER BY s.id)) FROM student_profiles s) AS students`,
    )) as Array<Record<string, unknown>>;
    return row;
  }

  beforeAll(async () => {
    app = await startTestApp({ signInAs: null });
    for (const role of ['admin', 'teacher', 'parent', 'student']) tokens[role] = await app.signIn(`${role}@example.com`);
  });
  afterAll(async () => {
    await app.close();
  });

  const mutations: Array<[string, string, Record<string, unknown>, Record<string, unknown>, Array<[Record<string, unknown>, string]>]> = [
    [
      'updateTeacherProfile',
      TEACHER,
      { specialtiesDescription: 'Préparation au bac 2031', hourlyRateInPerson: '60.000', canTeachOnline: false },
      { specialtiesDescription: 'Préparation au bac 2031', hourlyRateInPerson: '60.000', canTeachOnline: false },
      [
        [{ bio: 'x'.repeat(4001) }, 'input.bio'],
        [{ specialtiesDescription: 'x'.repeat(1001) }, 'input.specialtiesDescription'],
        [{ subjects: null }, 'input.subjects'], // NOT NULL column
      ],
    ],
    [
      'updateParentProfile',
      PARENT,
      { profession: 'Ingénieure', address: 'Avenue Habib Bourguiba, Tunis', emergencyContact: 'Karim +216 98 000 000' },
      { profession: 'Ingénieure', address: 'Avenue Habib Bourguiba, Tunis', emergencyContact: 'Karim +216 98 000 000' },
      [
        [{ profession: 'x'.repeat(201) }, 'input.profession'],
        [{ address: 'x'.repeat(501) }, 'input.address'],
        [{ emergencyContact: 'x'.repeat(201) }, 'input.emergencyContact'],
      ],
    ],
    [
      'updateStudentProfile',
      STUDENT,
      { school: 'Lycée Pilote de l’Ariana', motivationLevel: 'HIGH', interests: ['Robotique'] },
      { school: 'Lycée Pilote de l’Ariana', motivationLevel: 'HIGH', interests: ['Robotique'] },
      [[{ school: 'x'.repeat(201) }, 'input.school']],
    ],
  ];
  const ownerOf: Record<string, string> = { updateTeacherProfile: 'teacher', updateParentProfile: 'parent', updateStudentProfile: 'student' };

  describe.each(mutations)('%s', (name, mutation, input, expected, invalid) => {
    it('updates the profile of the signed-in user', async () => {
      const response = await app.graphql<Record<string, unknown>>(mutation, { input }, as(ownerOf[name]));
      expect(response.errors).toBeUndefined();
      expect(response.data![name]).toEqual(expected);
    });

    it('refuses each invalid field, writing nothing', async () => {
      const before = await state();
      for (const [override, field] of invalid) {
        const response = await app.graphql(mutation, { input: override }, as(ownerOf[name]));
        expect([field, codeOf(response), fieldsOf(response)]).toEqual([field, 'BAD_USER_INPUT', [field]]);
      }
      expect(await state()).toEqual(before);
    });

    it('refuses anonymous callers and the other roles, writing nothing', async () => {
      const before = await state();
      expect(codeOf(await app.graphql(mutation, { input }, anonymous))).toBe('UNAUTHENTICATED');
      for (const role of ['admin', 'teacher', 'parent', 'student'].filter((candidate) => candidate !== ownerOf[name])) {
        expect([role, codeOf(await app.graphql(mutation, { input }, as(role)))]).toEqual([role, 'FORBIDDEN']);
      }
      expect(await state()).toEqual(before);
    });
  });

  it('a negative rate (CHECK constraint) or an over-precise one (Decimal scalar) is refused, writing nothing', async () => {
    const before = await state();
    for (const rate of ['-1.000', '1.0001']) {
      expect(codeOf(await app.graphql(TEACHER, { input: { hourlyRateOnline: rate } }, as('teacher')))).toBe('BAD_USER_INPUT');
    }
    expect(await state()).toEqual(before);
  });
});
