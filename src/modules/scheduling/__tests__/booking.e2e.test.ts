import { startTestApp, type TestApp } from '../../../../test/support/test-app';

// Scheduling over HTTP on real PostgreSQL: publish, book (concurrently), cancel, complete; the
// database refuses double bookings and overlaps; a refused mutation leaves nothing behind.

const PUBLISH = `mutation ($start: DateTime!, $end: DateTime!, $inPerson: Boolean!, $weeks: Int) {
  publishAvailability(input: { startTime: $start, endTime: $end, isForInPerson: $inPerson, weeks: $weeks }) { id teacherId startTime isBooked }
}`;
const BOOK = `mutation ($availabilityId: ID!, $studentId: ID!, $subject: String!, $format: BookingFormat!, $locationId: ID) {
  bookAvailability(input: { availabilityId: $availabilityId, studentId: $studentId, subject: $subject, format: $format, locationId: $locationId }) {
    id status format meetingUrl startTime teacherId studentId availability { id isBooked }
  }
}`;
const CANCEL = 'mutation ($id: ID!, $reason: String!) { cancelBooking(input: { bookingId: $id, reason: $reason }) { id status cancellationReason } }';

interface Slot {
  id: string;
  teacherId: string;
}

describe('scheduling workflows', () => {
  let app: TestApp;
  let teacher: string;
  let otherTeacher: string;
  let student: string;
  let parent: string;
  let studentId: string;
  let subject: string;
  let otherSubject: string;
  let hour = 0;
  const as = (token: string) => ({ authorization: `Bearer ${token}` });

  /** A fresh one-hour slot in the future, days ahead so that nothing seeded is in the way. */
  function nextHour(): { start: string; end: string } {
    hour += 1;
    const start = new Date(Date.UTC(2031, 0, 1, 0, 0) + hour * 2 * 3600_000);
    return { start: start.toISOString(), end: new Date(start.getTime() + 3600_000).toISOString() };
  }

  async function publish(token: string, time = nextHour(), inPerson = false): Promise<Slot> {
    const response = await app.graphql<{ publishAvailability: Slot[] }>(PUBLISH, { ...time, inPerson, weeks: 1 }, as(token));
    expect(response.errors).toBeUndefined();
    return response.data!.publishAvailability[0];
  }

  async function count(sql: string, values: unknown[] = []): Promise<number> {
    const [row] = (await app.dataSource.query(sql, values)) as Array<{ count: number }>;
    return Number(row.count);
  }

  beforeAll(async () => {
    app = await startTestApp({ signInAs: null });
    teacher = await app.signIn('teacher@example.com');
    student = await app.signIn('student@example.com');
    parent = await app.signIn('parent@example.com');
    const [own] = (await app.dataSource.query(
      `SELECT s.id, t.subjects->>0 AS subject FROM students s, teachers t JOIN users tu ON tu.id = t.user_id
       WHERE s.user_id = (SELECT id FROM users WHERE email = 'student@example.com') AND tu.email = 'teacher@example.com'`,
    )) as Array<{ id: number; subject: string }>;
    studentId = String(own.id);
    subject = own.subject;
    const [other] = (await app.dataSource.query(
      `SELECT u.email, t.subjects->>0 AS subject FROM teachers t JOIN users u ON u.id = t.user_id
       WHERE u.email <> 'teacher@example.com' AND jsonb_array_length(t.subjects) > 0 ORDER BY t.id LIMIT 1`,
    )) as Array<{ email: string; subject: string }>;
    otherTeacher = await app.signIn(other.email);
    otherSubject = other.subject;
  });
  afterAll(async () => {
    await app.close();
  });

  it('publishes weekly slots, and refuses one overlapping another of the same teacher', async () => {
    const time = nextHour();
    const weekly = await app.graphql<{ publishAvailability: Slot[] }>(PUBLISH, { ...time, inPerson: false, weeks: 4 }, as(teacher));
    expect(weekly.data!.publishAvailability).toHaveLength(4);
    const overlapping = await app.graphql(PUBLISH, { start: new Date(Date.parse(time.start) + 1800_000).toISOString(), end: time.end, inPerson: false, weeks: 1 }, as(teacher));
    expect(overlapping.errors![0].extensions!.code).toBe('CONFLICT');
  });

  it('books an online slot: a pending booking (the teacher confirms it) with a meeting URL, the slot marked booked', async () => {
    const slot = await publish(teacher);
    const response = await app.graphql<{ bookAvailability: Record<string, unknown> }>(BOOK, { availabilityId: slot.id, studentId, subject, format: 'ONLINE' }, as(student));
    expect(response.errors).toBeUndefined();
    expect(response.data!.bookAvailability).toMatchObject({ status: 'PENDING', format: 'ONLINE', studentId, availability: { id: slot.id, isBooked: true } });
    expect(response.data!.bookAvailability.meetingUrl).toMatch(/^https:\/\//);
  });

  it('50 concurrent requests for one slot: exactly one booking, 49 CONFLICT', async () => {
    const slot = await publish(teacher);
    const responses = await Promise.all(
      Array.from({ length: 50 }, () => app.graphql(BOOK, { availabilityId: slot.id, studentId, subject, format: 'ONLINE' }, as(student))),
    );
    expect(responses.filter((response) => !response.errors)).toHaveLength(1);
    expect(responses.filter((response) => response.errors?.[0].extensions?.code === 'CONFLICT')).toHaveLength(49);
    expect(await count('SELECT count(*) AS count FROM bookings WHERE availability_id = $1', [Number(slot.id)])).toBe(1);
  });

  it('two overlapping slots of two teachers booked at once for one student: one wins, the other leaves no trace', async () => {
    const time = nextHour();
    const first = await publish(teacher, time);
    const second = await publish(otherTeacher, time);
    const [a, b] = await Promise.all([
      app.graphql(BOOK, { availabilityId: first.id, studentId, subject, format: 'ONLINE' }, as(student)),
      app.graphql(BOOK, { availabilityId: second.id, studentId, subject: otherSubject, format: 'ONLINE' }, as(student)),
    ]);
    const outcomes = [a, b].map((response) => response.errors?.[0].extensions?.code ?? 'OK').sort();
    expect(outcomes).toEqual(['CONFLICT', 'OK']);
    // The loser's availability was rolled back with its booking.
    expect(await count('SELECT count(*) AS count FROM availabilities WHERE id = ANY($1) AND is_booked', [[Number(first.id), Number(second.id)]])).toBe(1);
    expect(await count('SELECT count(*) AS count FROM bookings WHERE availability_id = ANY($1)', [[Number(first.id), Number(second.id)]])).toBe(1);
  });

  it('the database itself refuses overlapping bookings of one teacher', async () => {
    const [booking] = (await app.dataSource.query(`SELECT student_id, teacher_id, start_time, end_time FROM bookings WHERE status = 'confirmed' LIMIT 1`)) as Array<Record<string, unknown>>;
    const [other] = (await app.dataSource.query('SELECT id FROM students WHERE id <> $1 ORDER BY id DESC LIMIT 1', [booking.student_id])) as Array<{ id: number }>;
    await expect(
      app.dataSource.query(
        `INSERT INTO bookings (student_id, teacher_id, start_time, end_time, format, subject, status) VALUES ($1, $2, $3, $4, 'online', 'NSI', 'confirmed')`,
        [other.id, booking.teacher_id, booking.start_time, booking.end_time],
      ),
    ).rejects.toMatchObject({ code: '23P01', constraint: 'excl_bookings_teacher_time' });
  });

  it('validates the request: subject, format, location, ids', async () => {
    const slot = await publish(teacher);
    const cases: Array<[Record<string, unknown>, string, string]> = [
      [{ subject: 'Astrologie' }, 'BAD_USER_INPUT', 'input.subject'],
      [{ format: 'IN_PERSON' }, 'BAD_USER_INPUT', 'input.format'],
      [{ availabilityId: 'abc' }, 'BAD_USER_INPUT', 'input.availabilityId'],
      [{ availabilityId: '999999999' }, 'NOT_FOUND', ''],
    ];
    for (const [override, code, field] of cases) {
      const response = await app.graphql(BOOK, { availabilityId: slot.id, studentId, subject, format: 'ONLINE', ...override }, as(student));
      expect(response.errors![0].extensions!.code).toBe(code);
      if (field) expect(response.errors![0].extensions!.fields).toContain(field);
    }
    // Nothing was written by the refused attempts.
    expect(await count('SELECT count(*) AS count FROM bookings WHERE availability_id = $1', [Number(slot.id)])).toBe(0);
    expect(await count('SELECT count(*) AS count FROM availabilities WHERE id = $1 AND is_booked', [Number(slot.id)])).toBe(0);
  });

  it('refuses callers who may not book for the student', async () => {
    const slot = await publish(teacher);
    const anonymous = await app.graphql(BOOK, { availabilityId: slot.id, studentId, subject, format: 'ONLINE' }, { authorization: '' });
    expect(anonymous.errors![0].extensions!.code).toBe('UNAUTHENTICATED');
    const asTeacher = await app.graphql(BOOK, { availabilityId: slot.id, studentId, subject, format: 'ONLINE' }, as(teacher));
    expect(asTeacher.errors![0].extensions!.code).toBe('FORBIDDEN');
    const [stranger] = (await app.dataSource.query('SELECT id FROM students WHERE id <> $1 AND user_id IS NOT NULL ORDER BY id DESC LIMIT 1', [Number(studentId)])) as Array<{ id: number }>;
    const forAnother = await app.graphql(BOOK, { availabilityId: slot.id, studentId: String(stranger.id), subject, format: 'ONLINE' }, as(student));
    expect(forAnother.errors![0].extensions!.code).toBe('FORBIDDEN');
    // A parent may book only for a child linked with can_book_sessions.
    await app.dataSource.query(
      `UPDATE parent_child_relations SET can_book_sessions = false WHERE parent_user_id = (SELECT id FROM users WHERE email = 'parent@example.com')`,
    );
    const parentWithout = await app.graphql(BOOK, { availabilityId: slot.id, studentId, subject, format: 'ONLINE' }, as(parent));
    expect(parentWithout.errors![0].extensions!.code).toBe('FORBIDDEN');
    expect(await count('SELECT count(*) AS count FROM bookings WHERE availability_id = $1', [Number(slot.id)])).toBe(0);
  });

  it('cancels with a reason, frees the slot, and refuses a second cancellation', async () => {
    const slot = await publish(teacher);
    const booked = await app.graphql<{ bookAvailability: { id: string } }>(BOOK, { availabilityId: slot.id, studentId, subject, format: 'ONLINE' }, as(student));
    const id = booked.data!.bookAvailability.id;
    const cancelled = await app.graphql<{ cancelBooking: Record<string, unknown> }>(CANCEL, { id, reason: 'Malade' }, as(student));
    expect(cancelled.data!.cancelBooking).toEqual({ id, status: 'CANCELLED', cancellationReason: 'Malade' });
    expect(await count('SELECT count(*) AS count FROM availabilities WHERE id = $1 AND is_booked', [Number(slot.id)])).toBe(0);
    expect((await app.graphql(CANCEL, { id, reason: 'encore' }, as(student))).errors![0].extensions!.code).toBe('CONFLICT');
    expect((await app.graphql(CANCEL, { id, reason: '' }, as(student))).errors![0].extensions!.code).toBe('BAD_USER_INPUT');
  });

  it('enforces the cancellation cut-off for students, not for the teacher', async () => {
    const slot = await publish(teacher);
    const booked = await app.graphql<{ bookAvailability: { id: string } }>(BOOK, { availabilityId: slot.id, studentId, subject, format: 'ONLINE' }, as(student));
    const id = booked.data!.bookAvailability.id;
    await app.dataSource.query(`UPDATE bookings SET start_time = now() + interval '2 hours', end_time = now() + interval '3 hours' WHERE id = $1`, [Number(id)]);
    expect((await app.graphql(CANCEL, { id, reason: 'Trop tard' }, as(student))).errors![0].extensions!.code).toBe('CONFLICT');
    expect((await app.graphql<{ cancelBooking: { status: string } }>(CANCEL, { id, reason: 'Empêchement' }, as(teacher))).data!.cancelBooking.status).toBe('CANCELLED');
  });

  it('lets the teacher complete a lesson that has started, and nobody else', async () => {
    const slot = await publish(teacher);
    const booked = await app.graphql<{ bookAvailability: { id: string } }>(BOOK, { availabilityId: slot.id, studentId, subject, format: 'ONLINE' }, as(student));
    const id = booked.data!.bookAvailability.id;
    const complete = 'mutation ($id: ID!) { completeBooking(input: { bookingId: $id }) { id status } }';
    expect((await app.graphql(complete, { id }, as(teacher))).errors![0].extensions!.code).toBe('CONFLICT'); // pending
    await app.graphql('mutation ($id: ID!) { confirmBooking(input: { bookingId: $id }) { id } }', { id }, as(teacher));
    expect((await app.graphql(complete, { id }, as(teacher))).errors![0].extensions!.code).toBe('CONFLICT'); // not started
    await app.dataSource.query(`UPDATE bookings SET start_time = now() - interval '1 hour', end_time = now() WHERE id = $1`, [Number(id)]);
    expect((await app.graphql(complete, { id }, as(student))).errors![0].extensions!.code).toBe('FORBIDDEN');
    expect((await app.graphql<{ completeBooking: { status: string } }>(complete, { id }, as(teacher))).data!.completeBooking.status).toBe('COMPLETED');
  });
});
