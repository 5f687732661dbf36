import { startTestApp, type TestApp } from '../../../../test/support/test-app';

// Follow-up: objectives, the weekly report built from the week's data, messages between parents
// and teachers. Refused calls write nothing.

const CREATE = `mutation ($input: CreateObjectiveInput!) {
  createObjective(input: $input) { id studentId subject objectiveText targetDate progressPercentage isAchieved achievementDate createdBy }
}`;
const PROGRESS = `mutation ($input: UpdateObjectiveProgressInput!) {
  updateObjectiveProgress(input: $input) { id progressPercentage isAchieved achievementDate }
}`;
const REPORT = `mutation ($input: SendWeeklyReportInput!) {
  sendWeeklyReport(input: $input) { id studentId weekStartDate weekEndDate subjectsProgress teacherComments nextWeekObjectives isSentToParents }
}`;
const SEND = `mutation ($input: SendParentMessageInput!) {
  sendParentMessage(input: $input) { id studentId senderType senderId recipientType recipientId subject message isRead priority }
}`;
const READ = 'mutation ($id: ID!) { markMessageRead(input: { messageId: $id }) { id isRead } }';

type Response = Awaited<ReturnType<TestApp['graphql']>>;

describe('follow-up workflows', () => {
  let app: TestApp;
  let admin: string;
  let teacher: string;
  let stranger: string; // a teacher who does not teach the student
  let student: string;
  let parent: string;
  let studentId: string;
  let otherStudentId: string;
  let teacherUserId: string;
  let strangerUserId: string;
  let parentUserId: string;
  let adminUserId: string;
  const as = (token: string) => ({ authorization: `Bearer ${token}` });
  const anonymous = { authorization: '' };
  const codeOf = (response: Response) => response.errors?.[0].extensions?.code;
  const fieldsOf = (response: Response) => response.errors?.[0].extensions?.fields as string[] | undefined;
  const today = () => new Date().toISOString().slice(0, 10);

  async function count(sql: string, values: unknown[] = []): Promise<number> {
    const [row] = (await app.dataSource.query(sql, values)) as Array<{ count: number }>;
    return Number(row.count);
  }
  async function userId(email: string): Promise<string> {
    const [row] = (await app.dataSource.query('SELECT id FROM users WHERE email = $1', [email])) as Array<{ id: number }>;
    return String(row.id);
  }

  beforeAll(async () => {
    app = await startTestApp({ signInAs: null });
    admin = await app.signIn('admin@example.com');
    teacher = await app.signIn('teacher@example.com');
    student = await app.signIn('student@example.com');
    parent = await app.signIn('parent@example.com');
    [teacherUserId, parentUserId, adminUserId] = await Promise.all(['teacher@example.com', 'parent@example.com', 'admin@example.com'].map(userId));
    const [own] = (await app.dataSource.query(`SELECT id FROM students WHERE user_id = (SELECT id FROM users WHERE email = 'student@example.com')`)) as Array<{ id: number }>;
    studentId = String(own.id);
    const [other] = (await app.dataSource.query(
      `SELECT s.id FROM students s WHERE s.id <> $1 AND NOT EXISTS (SELECT 1 FROM parent_child_relations r WHERE r.child_user_id = s.user_id AND r.parent_user_id = $2) ORDER BY s.id DESC LIMIT 1`,
      [own.id, Number(parentUserId)],
    )) as Array<{ id: number }>;
    otherStudentId = String(other.id);
    const [teacherRow] = (await app.dataSource.query('SELECT id FROM teachers WHERE user_id = $1', [Number(teacherUserId)])) as Array<{ id: number }>;
    // Every seeded teacher teaches the demo student: a new teacher who does not.
    const [outsider] = (await app.dataSource.query(
      `WITH u AS (INSERT INTO users (email, password_hash, first_name, last_name, role, status)
                  VALUES ('outsider@example.com', 'x', 'Sami', 'Ben Ali', 'teacher', 'active') RETURNING id, email)
       INSERT INTO teachers (user_id, first_name, last_name, email, subjects) SELECT id, 'Sami', 'Ben Ali', email, '["Mathématiques"]' FROM u
       RETURNING user_id AS "userId", email`,
    )) as Array<{ email: string; userId: number }>;
    stranger = await app.signIn(outsider.email);
    strangerUserId = String(outsider.userId);

    // The week of Monday 2001-01-01 (Tunis time), far from the seeded data: the teacher teaches the student.
    const week = [own.id, teacherRow.id];
    await app.dataSource.query(
      `INSERT INTO bookings (student_id, teacher_id, start_time, end_time, format, subject, status, duration_minutes) VALUES
         ($1, $2, '2001-01-02T10:00:00Z', '2001-01-02T11:00:00Z', 'online', 'Mathématiques', 'completed', 60),
         ($1, $2, '2001-01-03T10:00:00Z', '2001-01-03T11:00:00Z', 'online', 'Mathématiques', 'cancelled', 60),
         ($1, $2, '2001-01-09T10:00:00Z', '2001-01-09T11:00:00Z', 'online', 'Mathématiques', 'completed', 60)`,
      week,
    );
    await app.dataSource.query(
      `INSERT INTO individual_sessions (student_id, teacher_id, subject, scheduled_at, duration_minutes, format, status)
       VALUES ($1, $2, 'Physique-Chimie', '2001-01-03T14:00:00Z', 90, 'online', 'completed')`,
      week,
    );
    const [group] = (await app.dataSource.query('SELECT id FROM groups ORDER BY id LIMIT 1')) as Array<{ id: number }>;
    const sessions = (await app.dataSource.query(
      `INSERT INTO group_sessions (group_id, subject, scheduled_at, duration_minutes, format, status) VALUES
         ($1, 'Mathématiques', '2001-01-04T15:00:00Z', 120, 'online', 'completed'),
         ($1, 'Mathématiques', '2001-01-05T15:00:00Z', 120, 'online', 'completed')
       RETURNING id`,
      [group.id],
    )) as Array<{ id: number }>;
    await app.dataSource.query(`INSERT INTO session_attendances (session_id, student_id, is_present) VALUES ($1, $3, true), ($2, $3, false)`, [
      sessions[0].id,
      sessions[1].id,
      own.id,
    ]);
    await app.dataSource.query(
      `INSERT INTO assessments (student_id, title, subject, assessment_type, questions_data, score, is_completed, completed_at) VALUES
         ($1, 'Quiz 1', 'Mathématiques', 'quiz', '[]', 80, true, '2001-01-05T09:00:00Z'),
         ($1, 'Quiz 2', 'Mathématiques', 'quiz', '[]', 60, true, '2001-01-06T09:00:00Z'),
         ($1, 'Quiz 3', 'Mathématiques', 'quiz', '[]', 10, true, '2001-01-10T09:00:00Z')`,
      [own.id],
    );
    await app.dataSource.query(
      `INSERT INTO student_objectives (student_id, subject, objective_text, target_date, is_achieved, achievement_date, progress_percentage, created_by, created_at)
       VALUES ($1, 'Physique-Chimie', 'Maîtriser la cinétique', '2001-02-01', true, '2001-01-03', 100, 'teacher', '2000-12-01T00:00:00Z')`,
      [own.id],
    );
  });
  afterAll(async () => {
    await app.close();
  });

  describe('createObjective and updateObjectiveProgress', () => {
    const input = () => ({ studentId, subject: 'Mathématiques', objectiveText: 'Obtenir 14/20 au bac blanc', targetDate: '2031-06-01' });

    it('the student sets one for themself; a teacher of the student sets one already achieved', async () => {
      const own = await app.graphql<{ createObjective: Record<string, unknown> }>(CREATE, { input: input() }, as(student));
      expect(own.errors).toBeUndefined();
      expect(own.data!.createObjective).toMatchObject({ ...input(), progressPercentage: 0, isAchieved: false, achievementDate: null, createdBy: 'STUDENT' });
      const done = await app.graphql<{ createObjective: Record<string, unknown> }>(CREATE, { input: { ...input(), progressPercentage: 100 } }, as(teacher));
      expect(done.data!.createObjective).toMatchObject({ progressPercentage: 100, isAchieved: true, achievementDate: today(), createdBy: 'TEACHER' });
      expect((await app.graphql(CREATE, { input: input() }, as(admin))).errors).toBeUndefined();
    });

    it('progress reaching 100 marks the objective achieved, falling back un-marks it', async () => {
      const created = await app.graphql<{ createObjective: { id: string } }>(CREATE, { input: input() }, as(student));
      const objectiveId = created.data!.createObjective.id;
      const half = await app.graphql<{ updateObjectiveProgress: Record<string, unknown> }>(PROGRESS, { input: { objectiveId, progressPercentage: 50 } }, as(student));
      expect(half.data!.updateObjectiveProgress).toEqual({ id: objectiveId, progressPercentage: 50, isAchieved: false, achievementDate: null });
      const full = await app.graphql<{ updateObjectiveProgress: Record<string, unknown> }>(PROGRESS, { input: { objectiveId, progressPercentage: 100 } }, as(teacher));
      expect(full.data!.updateObjectiveProgress).toEqual({ id: objectiveId, progressPercentage: 100, isAchieved: true, achievementDate: today() });
      const back = await app.graphql<{ updateObjectiveProgress: Record<string, unknown> }>(PROGRESS, { input: { objectiveId, progressPercentage: 90 } }, as(admin));
      expect(back.data!.updateObjectiveProgress).toMatchObject({ isAchieved: false, achievementDate: null });
    });

    it('validates every field and writes nothing when refused', async () => {
      const before = await count('SELECT count(*) FROM student_objectives WHERE student_id = $1', [Number(studentId)]);
      const cases: Array<[Record<string, unknown>, string]> = [
        [{ subject: '' }, 'input.subject'],
        [{ objectiveText: '' }, 'input.objectiveText'],
        [{ targetDate: '2020-01-01' }, 'input.targetDate'],
        [{ progressPercentage: 101 }, 'input.progressPercentage'],
        [{ progressPercentage: -1 }, 'input.progressPercentage'],
        [{ studentId: 'x' }, 'input.studentId'],
      ];
      for (const [override, field] of cases) {
        const response = await app.graphql(CREATE, { input: { ...input(), ...override } }, as(student));
        expect([field, codeOf(response)]).toEqual([field, 'BAD_USER_INPUT']);
        expect(fieldsOf(response)).toContain(field);
      }
      expect(await count('SELECT count(*) FROM student_objectives WHERE student_id = $1', [Number(studentId)])).toBe(before);
      const created = await app.graphql<{ createObjective: { id: string } }>(CREATE, { input: { ...input(), progressPercentage: 30 } }, as(student));
      const objectiveId = created.data!.createObjective.id;
      const progressCases: Array<[Record<string, unknown>, string]> = [
        [{ progressPercentage: 101 }, 'input.progressPercentage'],
        [{ progressPercentage: -1 }, 'input.progressPercentage'],
        [{ objectiveId: 'x' }, 'input.objectiveId'],
      ];
      for (const [override, field] of progressCases) {
        const response = await app.graphql(PROGRESS, { input: { objectiveId, progressPercentage: 40, ...override } }, as(student));
        expect(fieldsOf(response)).toEqual([field]);
      }
      expect(codeOf(await app.graphql(PROGRESS, { input: { objectiveId: '999999999', progressPercentage: 40 } }, as(student)))).toBe('NOT_FOUND');
      expect(await count('SELECT count(*) FROM student_objectives WHERE id = $1 AND progress_percentage = 30', [Number(objectiveId)])).toBe(1);
    });

    it('refuses parents, teachers who do not teach the student and other students', async () => {
      const before = await count('SELECT count(*) FROM student_objectives');
      expect(codeOf(await app.graphql(CREATE, { input: input() }, anonymous))).toBe('UNAUTHENTICATED');
      for (const token of [parent, stranger]) expect(codeOf(await app.graphql(CREATE, { input: input() }, as(token)))).toBe('FORBIDDEN');
      expect(codeOf(await app.graphql(CREATE, { input: { ...input(), studentId: otherStudentId } }, as(student)))).toBe('FORBIDDEN');
      expect(await count('SELECT count(*) FROM student_objectives')).toBe(before);
      const created = await app.graphql<{ createObjective: { id: string } }>(CREATE, { input: input() }, as(student));
      const objectiveId = created.data!.createObjective.id;
      expect(codeOf(await app.graphql(PROGRESS, { input: { objectiveId, progressPercentage: 100 } }, anonymous))).toBe('UNAUTHENTICATED');
      for (const token of [parent, stranger]) {
        expect(codeOf(await app.graphql(PROGRESS, { input: { objectiveId, progressPercentage: 100 } }, as(token)))).toBe('FORBIDDEN');
      }
      expect(await count('SELECT count(*) FROM student_objectives WHERE id = $1 AND progress_percentage = 0 AND is_achieved IS NOT TRUE', [Number(objectiveId)])).toBe(1);
    });
  });

  describe('sendWeeklyReport', () => {
    const input = () => ({ studentId, weekStartDate: '2001-01-01', teacherComments: 'Bonne semaine', nextWeekObjectives: ['Revoir les suites'] });

    it('builds the report from the week’s lessons, assessments and objectives, and sends it to the parents', async () => {
      const response = await app.graphql<{ sendWeeklyReport: Record<string, unknown> }>(REPORT, { input: input() }, as(teacher));
      expect(response.errors).toBeUndefined();
      const report = response.data!.sendWeeklyReport;
      expect(report).toMatchObject({
        studentId,
        weekStartDate: '2001-01-01',
        weekEndDate: '2001-01-07',
        nextWeekObjectives: ['Revoir les suites'],
        teacherComments: [{ authorRole: 'teacher', authorUserId: Number(teacherUserId), comment: 'Bonne semaine' }],
        isSentToParents: true,
      });
      expect(report.subjectsProgress).toEqual({
        Mathématiques: { lessons: 2, minutes: 180, groupSessionsMissed: 1, assessments: 2, averageScore: 70, objectives: 0, objectivesAchieved: 0, averageObjectiveProgress: null },
        'Physique-Chimie': { lessons: 1, minutes: 90, groupSessionsMissed: 0, assessments: 0, averageScore: null, objectives: 1, objectivesAchieved: 1, averageObjectiveProgress: 100 },
      });
      // Sending the week again rebuilds the same report.
      const again = await app.graphql<{ sendWeeklyReport: Record<string, unknown> }>(REPORT, { input: { studentId, weekStartDate: '2001-01-01' } }, as(admin));
      expect(again.data!.sendWeeklyReport).toMatchObject({ id: report.id, teacherComments: null, subjectsProgress: report.subjectsProgress });
      expect(await count(`SELECT count(*) FROM weekly_reports WHERE student_id = $1 AND week_start_date = '2001-01-01'`, [Number(studentId)])).toBe(1);
    });

    it('is not marked sent when no parent receives reports', async () => {
      await app.dataSource.query(
        `UPDATE parent_child_relations SET can_receive_reports = false WHERE child_user_id = (SELECT user_id FROM students WHERE id = $1)`,
        [Number(studentId)],
      );
      const response = await app.graphql<{ sendWeeklyReport: Record<string, unknown> }>(REPORT, { input: { ...input(), weekStartDate: '2001-01-08' } }, as(teacher));
      await app.dataSource.query(
        `UPDATE parent_child_relations SET can_receive_reports = true WHERE child_user_id = (SELECT user_id FROM students WHERE id = $1)`,
        [Number(studentId)],
      );
      expect(response.errors).toBeUndefined();
      expect(response.data!.sendWeeklyReport).toMatchObject({ weekStartDate: '2001-01-08', isSentToParents: false });
      expect((response.data!.sendWeeklyReport.subjectsProgress as Record<string, { lessons: number; assessments: number }>).Mathématiques).toMatchObject({ lessons: 1, assessments: 1 });
    });

    it('validates every field and writes nothing when refused', async () => {
      const before = await count('SELECT count(*) FROM weekly_reports');
      const cases: Array<[Record<string, unknown>, string]> = [
        [{ weekStartDate: '2001-01-02' }, 'input.weekStartDate'], // a Tuesday
        [{ weekStartDate: '2031-01-06' }, 'input.weekStartDate'], // a week that has not begun
        [{ teacherComments: '' }, 'input.teacherComments'],
        [{ nextWeekObjectives: [''] }, 'input.nextWeekObjectives'],
        [{ nextWeekObjectives: Array.from({ length: 21 }, (_, i) => `Objectif ${i}`) }, 'input.nextWeekObjectives'],
        [{ studentId: 'x' }, 'input.studentId'],
      ];
      for (const [override, field] of cases) {
        const response = await app.graphql(REPORT, { input: { ...input(), ...override } }, as(teacher));
        expect([field, codeOf(response)]).toEqual([field, 'BAD_USER_INPUT']);
        expect(fieldsOf(response)).toContain(field);
      }
      expect(codeOf(await app.graphql(REPORT, { input: { ...input(), studentId: '999999999' } }, as(teacher)))).toBe('NOT_FOUND');
      expect(await count('SELECT count(*) FROM weekly_reports')).toBe(before);
    });

    it('refuses the student, parents and teachers who do not teach the student', async () => {
      const before = await count('SELECT count(*) FROM weekly_reports');
      const week = { ...input(), weekStartDate: '2001-01-15' };
      expect(codeOf(await app.graphql(REPORT, { input: week }, anonymous))).toBe('UNAUTHENTICATED');
      for (const token of [student, parent, stranger]) expect(codeOf(await app.graphql(REPORT, { input: week }, as(token)))).toBe('FORBIDDEN');
      expect(await count('SELECT count(*) FROM weekly_reports')).toBe(before);
    });
  });

  describe('sendParentMessage and markMessageRead', () => {
    const message = (recipientUserId: string) => ({ studentId, recipientUserId, subject: 'Devoirs', message: 'Bonjour, une question sur les devoirs.' });

    it('a parent writes to a teacher of the child, the teacher answers, and each recipient marks it read', async () => {
      const toTeacher = await app.graphql<{ sendParentMessage: Record<string, unknown> }>(SEND, { input: { ...message(teacherUserId), priority: 'HIGH' } }, as(parent));
      expect(toTeacher.errors).toBeUndefined();
      expect(toTeacher.data!.sendParentMessage).toMatchObject({
        studentId,
        senderType: 'PARENT',
        senderId: parentUserId,
        recipientType: 'TEACHER',
        recipientId: teacherUserId,
        isRead: false,
        priority: 'HIGH',
      });
      const toParent = await app.graphql<{ sendParentMessage: Record<string, unknown> }>(SEND, { input: message(parentUserId) }, as(teacher));
      expect(toParent.data!.sendParentMessage).toMatchObject({ senderType: 'TEACHER', senderId: teacherUserId, recipientType: 'PARENT', recipientId: parentUserId, priority: 'NORMAL' });
      const read = await app.graphql<{ markMessageRead: Record<string, unknown> }>(READ, { id: toTeacher.data!.sendParentMessage.id }, as(teacher));
      expect(read.data!.markMessageRead).toEqual({ id: toTeacher.data!.sendParentMessage.id, isRead: true });
      const readByParent = await app.graphql<{ markMessageRead: Record<string, unknown> }>(READ, { id: toParent.data!.sendParentMessage.id }, as(parent));
      expect(readByParent.data!.markMessageRead).toMatchObject({ isRead: true });
    });

    it('validates every field and writes nothing when refused', async () => {
      const before = await count('SELECT count(*) FROM parent_communications');
      const cases: Array<[string, Record<string, unknown>, string]> = [
        [parent, { subject: '' }, 'input.subject'],
        [parent, { message: '' }, 'input.message'],
        [parent, { subject: 'x'.repeat(201) }, 'input.subject'],
        [parent, { recipientUserId: strangerUserId }, 'input.recipientUserId'], // not a teacher of the child
        [parent, { recipientUserId: adminUserId }, 'input.recipientUserId'],
        [teacher, { recipientUserId: adminUserId }, 'input.recipientUserId'], // not a parent of the student
        [teacher, { recipientUserId: 'x' }, 'input.recipientUserId'],
        [teacher, { studentId: 'x' }, 'input.studentId'],
      ];
      for (const [token, override, field] of cases) {
        const recipient = token === parent ? teacherUserId : parentUserId;
        const response = await app.graphql(SEND, { input: { ...message(recipient), ...override } }, as(token));
        expect([field, codeOf(response)]).toEqual([field, 'BAD_USER_INPUT']);
        expect(fieldsOf(response)).toContain(field);
      }
      expect(codeOf(await app.graphql(SEND, { input: { ...message(teacherUserId), studentId: '999999999' } }, as(parent)))).toBe('NOT_FOUND');
      expect(await count('SELECT count(*) FROM parent_communications')).toBe(before);
      expect(fieldsOf(await app.graphql(READ, { id: 'x' }, as(parent)))).toEqual(['input.messageId']);
      expect(codeOf(await app.graphql(READ, { id: '999999999' }, as(parent)))).toBe('NOT_FOUND');
    });

    it('refuses senders who are not a parent of the child or a teacher of the student', async () => {
      const before = await count('SELECT count(*) FROM parent_communications');
      expect(codeOf(await app.graphql(SEND, { input: message(teacherUserId) }, anonymous))).toBe('UNAUTHENTICATED');
      expect(codeOf(await app.graphql(SEND, { input: message(teacherUserId) }, as(student)))).toBe('FORBIDDEN');
      expect(codeOf(await app.graphql(SEND, { input: message(teacherUserId) }, as(admin)))).toBe('FORBIDDEN');
      expect(codeOf(await app.graphql(SEND, { input: message(parentUserId) }, as(stranger)))).toBe('FORBIDDEN');
      expect(codeOf(await app.graphql(SEND, { input: { ...message(teacherUserId), studentId: otherStudentId } }, as(parent)))).toBe('FORBIDDEN');
      expect(await count('SELECT count(*) FROM parent_communications')).toBe(before);
    });

    it('only the recipient marks a message read', async () => {
      const sent = await app.graphql<{ sendParentMessage: { id: string } }>(SEND, { input: message(teacherUserId) }, as(parent));
      const id = sent.data!.sendParentMessage.id;
      expect(codeOf(await app.graphql(READ, { id }, anonymous))).toBe('UNAUTHENTICATED');
      for (const token of [parent, stranger, student, admin]) expect(codeOf(await app.graphql(READ, { id }, as(token)))).toBe('FORBIDDEN');
      expect(await count('SELECT count(*) FROM parent_communications WHERE id = $1 AND is_read IS NOT TRUE', [Number(id)])).toBe(1);
    });
  });
});
