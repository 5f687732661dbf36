import { startTestApp, type TestApp } from '../../../../test/support/test-app';

// Each role edits its own profile; admins with can_manage_users change account states.

describe('profiles and account states', () => {
  let app: TestApp;
  const as = (token: string) => ({ authorization: `Bearer ${token}` });

  beforeAll(async () => {
    app = await startTestApp({ signInAs: null });
  });
  afterAll(async () => {
    await app.close();
  });

  it('a teacher updates their own profile, and no one else can', async () => {
    const teacher = await app.signIn('teacher@example.com');
    const update = 'mutation ($input: UpdateTeacherProfileInput!) { updateTeacherProfile(input: $input) { bio hourlyRateOnline subjects } }';
    const response = await app.graphql<{ updateTeacherProfile: Record<string, unknown> }>(
      update,
      { input: { bio: 'Agrégée de mathématiques.', hourlyRateOnline: '55.000', subjects: ['Mathématiques'] } },
      as(teacher),
    );
    expect(response.data!.updateTeacherProfile).toEqual({ bio: 'Agrégée de mathématiques.', hourlyRateOnline: '55.000', subjects: ['Mathématiques'] });
    const parent = await app.signIn('parent@example.com');
    expect((await app.graphql(update, { input: { bio: 'x' } }, as(parent))).errors![0].extensions!.code).toBe('FORBIDDEN');
    expect((await app.graphql(update, { input: { bio: 'x'.repeat(5000) } }, as(teacher))).errors![0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', fields: ['input.bio'] });
  });

  it('a parent sets their contact preferences', async () => {
    const parent = await app.signIn('parent@example.com');
    const response = await app.graphql<{ updateParentProfile: Record<string, unknown> }>(
      'mutation { updateParentProfile(input: { preferredContactMethod: WHATSAPP, reportFrequency: WEEKLY }) { preferredContactMethod reportFrequency } }',
      {},
      as(parent),
    );
    expect(response.data!.updateParentProfile).toEqual({ preferredContactMethod: 'WHATSAPP', reportFrequency: 'WEEKLY' });
  });

  it('a student updates their profile', async () => {
    const student = await app.signIn('student@example.com');
    const response = await app.graphql<{ updateStudentProfile: Record<string, unknown> }>(
      'mutation { updateStudentProfile(input: { learningStyle: VISUAL, goals: ["Mention Très bien au bac"] }) { learningStyle goals } }',
      {},
      as(student),
    );
    expect(response.data!.updateStudentProfile).toEqual({ learningStyle: 'VISUAL', goals: ['Mention Très bien au bac'] });
  });

  it('an admin suspends an account, which ends its sessions; others may not', async () => {
    const admin = await app.signIn('admin@example.com');
    const student = await app.signIn('student@example.com');
    const [user] = (await app.dataSource.query(`SELECT id FROM users WHERE email = 'student@example.com'`)) as Array<{ id: number }>;
    const suspend = 'mutation ($id: ID!) { setUserStatus(input: { userId: $id, status: SUSPENDED }) { id status } }';
    expect((await app.graphql(suspend, { id: String(user.id) }, as(student))).errors![0].extensions!.code).toBe('FORBIDDEN');
    const response = await app.graphql<{ setUserStatus: { status: string } }>(suspend, { id: String(user.id) }, as(admin));
    expect(response.data!.setUserStatus.status).toBe('SUSPENDED');
    expect((await app.graphql('{ me { id } }', {}, as(student))).errors![0].extensions!.code).toBe('UNAUTHENTICATED');
    expect((await app.graphql(suspend, { id: '999999999' }, as(admin))).errors![0].extensions!.code).toBe('NOT_FOUND');
  });
});
