import { startTestApp, type TestApp } from '../../../../test/support/test-app';

// Refusals name their reason without revealing others' data: a parent whose link has no booking
// rights is told so; a stranger cancelling, rescheduling or completing someone else's booking
// learns nothing of it (not its student, status or time), and nothing is written.

type Response = Awaited<ReturnType<TestApp['graphql']>>;

const BOOK = `mutation ($availabilityId: ID!, $studentId: ID!, $subject: String!) {
  bookAvailability(input: { availabilityId: $availabilityId, studentId: $studentId, subject: $subject, format: ONLINE }) { id }
}`;
const CANCEL = 'mutation ($id: ID!) { cancelBooking(input: { bookingId: $id, reason: "Empêchement" }) { id } }';
const RESCHEDULE = 'mutation ($id: ID!, $slot: ID!) { rescheduleBooking(input: { bookingId: $id, availabilityId: $slot }) { id } }';
const LEAVE = 'mutation ($id: ID!) { leaveGroup(input: { enrollmentId: $id }) { id } }';

describe('refusal messages', () => {
  let app: TestApp;
  const as = (token: string) => ({ authorization: `Bearer ${token}` });
  const codeOf = (response: Response) => response.errors?.[0].extensions?.code;

  async function one<T = Record<string, unknown>>(sql: string, values: unknown[] = []): Promise<T> {
    return ((await app.dataSource.query(sql, values)) as T[])[0];
  }
  async function digest(): Promise<unknown> {
    return one(
      `SELECT (SELECT md5(string_agg(concat_ws('|', id, status, start_time, availability_id), ',' ORDER BY id)) FROM bookings) AS bookings,
              (SELECT md5(string_agg(concat_ws('|', id, is_active), ',' ORDER BY id)) FROM enrollments) AS enrollments,
              (SELECT count(*) FROM availabilities WHERE is_booked) AS booked`,
    );
  }

  beforeAll(async () => {
    app = await startTestApp({ signInAs: null });
  });
  afterAll(async () => {
    await app.close();
  });

  it('a parent whose link has no booking rights is told that this link has no booking rights', async () => {
    // parent@example.com follows a second child without can_book_sessions (seeded).
    const child = await one<{ studentId: number }>(
      `SELECT s.id AS "studentId" FROM parent_child_relations r JOIN users p ON p.id = r.parent_user_id JOIN students s ON s.user_id = r.child_user_id
        WHERE p.email = 'parent@example.com' AND r.confirmed_at IS NOT NULL AND r.can_book_sessions IS NOT TRUE LIMIT 1`,
    );
    const slot = await one<{ id: number; subject: string }>(
      // A free hour of the teacher's: a day after their last slot (a fixed offset from now() could
      // fall on a seeded slot, depending on the time of day the suite runs).
      `INSERT INTO availabilities (teacher_id, start_time, end_time, is_for_in_person, is_booked)
       SELECT t.id, free.start_time, free.start_time + interval '1 hour', false, false
         FROM teachers t
         CROSS JOIN LATERAL (SELECT greatest(max(a.end_time), now()) + interval '1 day' AS start_time FROM availabilities a WHERE a.teacher_id = t.id) AS free
        WHERE jsonb_array_length(t.subjects) > 0 ORDER BY t.id LIMIT 1
       RETURNING id, (SELECT subjects->>0 FROM teachers WHERE id = teacher_id) AS subject`,
    );
    const before = await digest();
    const response = await app.graphql(BOOK, { availabilityId: String(slot.id), studentId: String(child.studentId), subject: slot.subject }, as(await app.signIn('parent@example.com')));
    expect(codeOf(response)).toBe('FORBIDDEN');
    expect(response.errors![0].message).toBe('Your link to this child has no booking rights (can_book_sessions is off): ask an admin to grant them');
    expect(await digest()).toEqual(before);
  });

  it("someone else's booking or enrollment: FORBIDDEN, with a message that names no student, status or time", async () => {
    const booking = await one<{ id: number; studentId: number; availabilityId: number }>(
      `SELECT b.id, b.student_id AS "studentId", b.availability_id AS "availabilityId" FROM bookings b
        WHERE b.student_id <> (SELECT id FROM students WHERE user_id = (SELECT id FROM users WHERE email = 'student@example.com')) ORDER BY b.id LIMIT 1`,
    );
    const enrollment = await one<{ id: number; studentId: number }>(
      `SELECT e.id, e.student_id AS "studentId" FROM enrollments e
        WHERE e.is_active AND e.student_id <> (SELECT id FROM students WHERE user_id = (SELECT id FROM users WHERE email = 'student@example.com')) ORDER BY e.id LIMIT 1`,
    );
    const stranger = await app.signIn('student@example.com');
    const before = await digest();
    const responses = [
      await app.graphql(CANCEL, { id: String(booking.id) }, as(stranger)),
      await app.graphql(RESCHEDULE, { id: String(booking.id), slot: String(booking.availabilityId ?? 1) }, as(stranger)),
      await app.graphql(LEAVE, { id: String(enrollment.id) }, as(stranger)),
    ];
    for (const response of responses) {
      expect(codeOf(response)).toBe('FORBIDDEN');
      const message = response.errors![0].message;
      expect(message).toBe('Only the student, a parent linked to them with booking rights, or an admin may do this');
      expect(message).not.toContain(String(booking.studentId));
      expect(message).not.toContain(String(enrollment.studentId));
    }
    expect(await digest()).toEqual(before);
  });
});
