import { GRADE_KEYS_OF_SUBJECT_PROGRESS } from '../../../graphql/authorization/field-masks';
import { startTestApp, type TestApp } from '../../../../test/support/test-app';

// Grades stay hidden wherever they appear: a parent whose link receives reports but not grades
// reads each weekly report's subjectsProgress without its grade keys (seeded reports and those
// sendWeeklyReport builds alike), by the same rule as assessments; with can_view_grades, whole.

type Progress = Record<string, Record<string, unknown>>;

const REPORTS = `query ($studentId: ID!) {
  weeklyReports(first: 100, filter: { studentId: { eq: $studentId } }) { nodes { id subjectsProgress } }
  assessments(first: 1, filter: { studentId: { eq: $studentId } }) { totalCount }
}`;
const SEND = `mutation ($studentId: ID!) { sendWeeklyReport(input: { studentId: $studentId, weekStartDate: "2001-01-01" }) { id subjectsProgress } }`;

describe('grades inside weekly reports', () => {
  let app: TestApp;
  let parent: string;
  let link: { id: number; studentId: number };
  const as = (token: string) => ({ authorization: `Bearer ${token}` });

  async function stored(studentId: number): Promise<Map<string, Progress>> {
    const rows = (await app.dataSource.query('SELECT id, subjects_progress AS progress FROM weekly_reports WHERE student_id = $1', [studentId])) as Array<{
      id: number;
      progress: Progress;
    }>;
    return new Map(rows.map((row) => [String(row.id), row.progress]));
  }
  async function read(): Promise<{ reports: Array<{ id: string; subjectsProgress: Progress }>; assessments: number }> {
    const response = await app.graphql<{ weeklyReports: { nodes: Array<{ id: string; subjectsProgress: Progress }> }; assessments: { totalCount: number } }>(
      REPORTS,
      { studentId: String(link.studentId) },
      as(parent),
    );
    expect(response.errors).toBeUndefined();
    return { reports: response.data!.weeklyReports.nodes, assessments: response.data!.assessments.totalCount };
  }

  beforeAll(async () => {
    app = await startTestApp({ signInAs: null });
    [link] = (await app.dataSource.query(
      `SELECT r.id, s.id AS "studentId" FROM parent_child_relations r JOIN users p ON p.id = r.parent_user_id JOIN students s ON s.user_id = r.child_user_id
        WHERE p.email = 'parent@example.com' AND r.confirmed_at IS NOT NULL AND r.can_view_grades AND r.can_receive_reports ORDER BY r.id LIMIT 1`,
    )) as Array<{ id: number; studentId: number }>;
    parent = await app.signIn('parent@example.com');
  });
  afterAll(async () => {
    await app.close();
  });

  it('with can_view_grades, the parent reads every key as stored', async () => {
    const { reports, assessments } = await read();
    const values = await stored(link.studentId);
    expect(reports.length).toBeGreaterThan(0);
    expect(assessments).toBeGreaterThan(0);
    for (const report of reports) expect(report.subjectsProgress).toEqual(values.get(report.id));
    expect(reports.some((report) => Object.values(report.subjectsProgress).some((entry) => 'average_out_of_20' in entry))).toBe(true);
  });

  it('without can_view_grades, every grade key is left out and the rest kept, as assessments are hidden', async () => {
    await app.dataSource.query('UPDATE parent_child_relations SET can_view_grades = false WHERE id = $1', [link.id]);
    const { reports, assessments } = await read();
    const values = await stored(link.studentId);
    expect(assessments).toBe(0);
    expect(reports.length).toBe(values.size);
    for (const report of reports) {
      const expected = Object.fromEntries(
        Object.entries(values.get(report.id)!).map(([subject, entry]) => [
          subject,
          Object.fromEntries(Object.entries(entry).filter(([key]) => !(GRADE_KEYS_OF_SUBJECT_PROGRESS as readonly string[]).includes(key))),
        ]),
      );
      expect(report.subjectsProgress).toEqual(expected);
      for (const entry of Object.values(report.subjectsProgress)) {
        expect(Object.keys(entry)).toEqual(expect.arrayContaining(['sessions', 'aria_minutes']));
        expect(entry).not.toHaveProperty('average_out_of_20');
        expect(entry).not.toHaveProperty('progress_points');
      }
    }
  });

  it('a report built by sendWeeklyReport keeps its averageScore for the staff, and the parent without grades never reads it', async () => {
    await app.dataSource.query(
      `INSERT INTO assessments (student_id, subject, assessment_type, title, questions_data, score, is_completed, completed_at)
       VALUES ($1, 'Mathématiques', 'quiz', 'Suites', '[]'::jsonb, 83, true, '2001-01-03T10:00:00Z')`,
      [link.studentId],
    );
    const sent = await app.graphql<{ sendWeeklyReport: { id: string; subjectsProgress: Progress } }>(SEND, { studentId: String(link.studentId) }, as(await app.signIn('admin@example.com')));
    expect(sent.errors).toBeUndefined();
    expect(sent.data!.sendWeeklyReport.subjectsProgress.Mathématiques).toMatchObject({ assessments: 1, averageScore: 83 });
    const { reports } = await read();
    const built = reports.find((report) => report.id === sent.data!.sendWeeklyReport.id)!;
    expect(built.subjectsProgress.Mathématiques).toMatchObject({ assessments: 1 });
    expect(built.subjectsProgress.Mathématiques).not.toHaveProperty('averageScore');
  });

  it('subjectsProgress cannot be filtered on (a filter would reveal the hidden grades)', async () => {
    const response = await app.graphql('{ weeklyReports(filter: { subjectsProgress: { isNull: false } }) { totalCount } }', {}, as(parent));
    expect(response.errors?.[0].extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
  });
});
