import { startTestApp, type TestApp } from '../../../../test/support/test-app';

// Coverage of publishAvailability, bookAvailability, cancelBooking and completeBooking beyond
// booking.e2e: each remaining validation rule, unauthorized callers, and the availabilities and
// bookings unchanged after every refusal.

type Response = Awaited<ReturnType<TestApp['graphql']>>;

const PUBLISH = 'mutation ($input: PublishAvailabilityInput!) { publishAvailability(input: $input) { id isForInPerson isRecurring } }';
const BOOK = 'mutation ($input: BookAvailabilityInput!) { bookAvailability(input: $input) { id status format locationId topic meetingUrl } }';
const CANCEL = 'mutation ($id: ID!, $reason: String!) { cancelBooking(input: { bookingId: $id, reason: $reason }) { id status } }';
const COMPLETE = 'mutation ($id: ID!) { completeBooking(input: { bookingId: $id }) { id status } }';

describe('scheduling mutations: coverage', () => {
  let app: TestApp;
  let teacher: string;
  let otherTeacher: string;
  let student: string;
  let parent: string;
  let admin: string;
  let outsider: string; // a student who is not the demo student
  let studentId: string;
  let subject: string;
  let locationId: string;
  let closedLocationId: string;
  let hour = 0;
  const as = (token: string) => ({ authorization: `Bearer ${token}` });
  const anonymous = { authorization: '' };
  const codeOf = (response: Response) => response.errors?.[0].extensions?.code;
  const fieldsOf = (response: Response) => response.errors?.[0].extensions?.fields as string[] | undefined;

  function nextHour(): { startTime: string; endTime: string } {
    hour += 1;
    const start = new Date(Date.UTC(2033, 4, 1, 0, 0) + hour * 2 * 3600_000);
    return { startTime: start.toISOString(), endTime: new Date(start.getTime() + 3600_000).toISOString() };
  }
  async function state(): Promise<Record<string, unknown>> {
    const [row] = (await app.dataSource.query(
      `SELECT (SELECT count(*)::int FROM availabilities) AS availabilities, (SELECT md5(string_agg(a::text, ',' ORDER BY a.id)) FROM availabilities a) AS availabilities_digest,
              (SELECT count(*)::int FROM bookings) AS bookings, (SELECT md5(string_agg(b::text, ',' ORDER BY b.id)) FROM bookings b) AS bookings_digest`,
    )) as Array<Record<string, unknown>>;
    return row;
  }
  async function publish(inPerson = false): Promise<string> {
    const response = await app.graphql<{ publishAvailability: Array<{ id: string }> }>(PUBLISH, { input: { ...nextHour(), isForInPerson: inPerson } }, as(teacher));
    expect(response.errors).toBeUndefined();
    return response.data!.publishAvailability[0].id;
  }
  async function book(availabilityId: string): Promise<string> {
    const response = await app.graphql<{ bookAvailability: { id: string } }>(BOOK, { input: { availabilityId, studentId, subject, format: 'ONLINE' } }, as(student));
    expect(response.errors).toBeUndefined();
    return response.data!.bookAvailability.id;
  }

  beforeAll(async () => {
    app = await startTestApp({ signInAs: null });
    [teacher, student, parent, admin] = await Promise.all(['teacher@example.com', 'student@example.com', 'parent@example.com', 'admin@example.com'].map((email) => app.signIn(email)));
    const [own] = (await app.dataSource.query(
      `SELECT s.id, t.subjects->>0 AS subject FROM students s, teachers t JOIN users tu ON tu.id = t.user_id
       WHERE s.user_id = (SELECT id FROM users WHERE email = 'student@example.com') AND tu.email = 'teacher@example.com'`,
    )) as Array<{ id: number; subject: string }>;
    studentId = String(own.id);
    subject = own.subject;
    const [other] = (await app.dataSource.query(
      `SELECT u.email FROM teachers t JOIN users u ON u.id = t.user_id WHERE u.email <> 'teacher@example.com' ORDER BY t.id LIMIT 1`,
    )) as Array<{ email: string }>;
    otherTeacher = await app.signIn(other.email);
    const [stranger] = (await app.dataSource.query(
      `SELECT u.email FROM students s JOIN users u ON u.id = s.user_id WHERE s.id <> $1 AND u.role = 'student' AND u.status = 'active' ORDER BY s.id DESC LIMIT 1`,
      [own.id],
    )) as Array<{ email: string }>;
    outsider = await app.signIn(stranger.email);
    const rooms = (await app.dataSource.query(
      `INSERT INTO locations (name, capacity, is_active) VALUES ('Salle Bizerte 2033', 10, true), ('Salle fermée 2033', 10, false) RETURNING id`,
    )) as Array<{ id: number }>;
    [locationId, closedLocationId] = rooms.map((room) => String(room.id));
  });
  afterAll(async () => {
    await app.close();
  });

  describe('publishAvailability', () => {
    it('publishes a single in-person slot', async () => {
      const response = await app.graphql<{ publishAvailability: unknown[] }>(PUBLISH, { input: { ...nextHour(), isForInPerson: true } }, as(teacher));
      expect(response.errors).toBeUndefined();
      expect(response.data!.publishAvailability).toEqual([expect.objectContaining({ isForInPerson: true, isRecurring: false })]);
    });

    it('refuses each invalid field, writing nothing', async () => {
      const before = await state();
      const time = nextHour();
      const cases: Array<[Record<string, unknown>, string]> = [
        [{ weeks: 0 }, 'input.weeks'],
        [{ weeks: 27 }, 'input.weeks'],
        [{ endTime: time.startTime }, 'input.endTime'],
        [{ endTime: new Date(Date.parse(time.startTime) - 3600_000).toISOString() }, 'input.endTime'],
        [{ startTime: new Date(Date.now() - 3600_000).toISOString(), endTime: new Date(Date.now() + 3600_000).toISOString() }, 'input.startTime'],
        // Past the publishing horizon (3,653 days): the start itself, or the last slot of a weekly series.
        [{ startTime: '9999-12-31T22:00:00Z', endTime: '9999-12-31T23:00:00Z' }, 'input.startTime'],
        [{ startTime: new Date(Date.now() + 3650 * 86_400_000).toISOString(), endTime: new Date(Date.now() + 3650 * 86_400_000 + 3600_000).toISOString(), weeks: 2 }, 'input.startTime'],
      ];
      for (const [override, field] of cases) {
        const response = await app.graphql(PUBLISH, { input: { ...time, isForInPerson: false, ...override } }, as(teacher));
        expect([field, codeOf(response), fieldsOf(response)]).toEqual([field, 'BAD_USER_INPUT', [field]]);
      }
      expect(codeOf(await app.graphql(PUBLISH, { input: { startTime: 'demain', endTime: time.endTime, isForInPerson: false } }, as(teacher)))).toBe('BAD_USER_INPUT');
      expect(await state()).toEqual(before);
    });

    it('refuses anonymous callers and everyone but teachers, writing nothing', async () => {
      const before = await state();
      const input = { ...nextHour(), isForInPerson: false, weeks: 3 };
      expect(codeOf(await app.graphql(PUBLISH, { input }, anonymous))).toBe('UNAUTHENTICATED');
      for (const token of [student, parent, admin]) expect(codeOf(await app.graphql(PUBLISH, { input }, as(token)))).toBe('FORBIDDEN');
      expect(await state()).toEqual(before);
    });
  });

  describe('bookAvailability', () => {
    it('books an in-person slot in an open room, with a topic and no meeting URL', async () => {
      const slot = await publish(true);
      const response = await app.graphql<{ bookAvailability: Record<string, unknown> }>(
        BOOK,
        { input: { availabilityId: slot, studentId, subject, format: 'IN_PERSON', locationId, topic: 'Suites numériques' } },
        as(parent),
      );
      expect(response.errors).toBeUndefined();
      expect(response.data!.bookAvailability).toMatchObject({ status: 'PENDING', format: 'IN_PERSON', locationId, topic: 'Suites numériques', meetingUrl: null });
    });

    it('refuses each remaining invalid field, the slot staying free', async () => {
      const online = await publish(false);
      const inPerson = await publish(true);
      const past = (await app.dataSource.query(
        `INSERT INTO availabilities (teacher_id, start_time, end_time, is_for_in_person) SELECT teacher_id, now() - interval '2 hours', now() - interval '1 hour', false
         FROM availabilities WHERE id = $1 RETURNING id`,
        [Number(online)],
      )) as Array<{ id: number }>;
      const before = await state();
      const cases: Array<[Record<string, unknown>, string]> = [
        [{ subject: '' }, 'input.subject'],
        [{ subject: 'x'.repeat(101) }, 'input.subject'],
        [{ topic: '' }, 'input.topic'],
        [{ topic: 'x'.repeat(201) }, 'input.topic'],
        [{ studentId: 'x' }, 'input.studentId'],
        [{ availabilityId: String(past[0].id) }, 'input.availabilityId'],
        // Refused after the slot was claimed: the claim must be rolled back.
        [{ availabilityId: inPerson, format: 'ONLINE' }, 'input.format'],
        [{ availabilityId: inPerson, format: 'IN_PERSON' }, 'input.locationId'],
        [{ availabilityId: inPerson, format: 'IN_PERSON', locationId: closedLocationId }, 'input.locationId'],
        [{ availabilityId: inPerson, format: 'IN_PERSON', locationId: 'x' }, 'input.locationId'],
      ];
      for (const [override, field] of cases) {
        const response = await app.graphql(BOOK, { input: { availabilityId: online, studentId, subject, format: 'ONLINE', ...override } }, as(student));
        expect([field, codeOf(response), fieldsOf(response)]).toEqual([field, 'BAD_USER_INPUT', [field]]);
      }
      expect(codeOf(await app.graphql(BOOK, { input: { availabilityId: inPerson, studentId, subject, format: 'IN_PERSON', locationId: '999999999' } }, as(student)))).toBe(
        'NOT_FOUND',
      );
      expect(codeOf(await app.graphql(BOOK, { input: { availabilityId: online, studentId: '999999999', subject, format: 'ONLINE' } }, as(admin)))).toBe('NOT_FOUND');
      expect(await state()).toEqual(before);
    });
  });

  describe('cancelBooking', () => {
    it('refuses a bad id, an unknown one and a reason of the wrong length, changing nothing', async () => {
      const id = await book(await publish());
      const before = await state();
      const cases: Array<[string, string, string]> = [
        ['x', 'Malade', 'input.bookingId'],
        [id, 'ab', 'input.reason'],
        [id, 'x'.repeat(501), 'input.reason'],
      ];
      for (const [bookingId, reason, field] of cases) {
        const response = await app.graphql(CANCEL, { id: bookingId, reason }, as(student));
        expect([field, codeOf(response), fieldsOf(response)]).toEqual([field, 'BAD_USER_INPUT', [field]]);
      }
      expect(codeOf(await app.graphql(CANCEL, { id: '999999999', reason: 'Malade' }, as(student)))).toBe('NOT_FOUND');
      expect(await state()).toEqual(before);
    });

    it('refuses anonymous callers, another student and a teacher of another lesson, changing nothing', async () => {
      const id = await book(await publish());
      const before = await state();
      expect(codeOf(await app.graphql(CANCEL, { id, reason: 'Malade' }, anonymous))).toBe('UNAUTHENTICATED');
      for (const token of [outsider, otherTeacher]) expect(codeOf(await app.graphql(CANCEL, { id, reason: 'Malade' }, as(token)))).toBe('FORBIDDEN');
      expect(await state()).toEqual(before);
      const byAdmin = await app.graphql<{ cancelBooking: { status: string } }>(CANCEL, { id, reason: 'Salle indisponible' }, as(admin));
      expect(byAdmin.data!.cancelBooking.status).toBe('CANCELLED');
    });
  });

  describe('completeBooking', () => {
    it('refuses a bad id, an unknown one, anonymous callers and others than the teacher, changing nothing', async () => {
      const id = await book(await publish());
      await app.dataSource.query(`UPDATE bookings SET start_time = now() - interval '1 hour', end_time = now(), status = 'confirmed' WHERE id = $1`, [Number(id)]);
      const before = await state();
      const bad = await app.graphql(COMPLETE, { id: 'x' }, as(teacher));
      expect([codeOf(bad), fieldsOf(bad)]).toEqual(['BAD_USER_INPUT', ['input.bookingId']]);
      expect(codeOf(await app.graphql(COMPLETE, { id: '999999999' }, as(teacher)))).toBe('NOT_FOUND');
      expect(codeOf(await app.graphql(COMPLETE, { id }, anonymous))).toBe('UNAUTHENTICATED');
      for (const token of [student, parent, otherTeacher]) expect(codeOf(await app.graphql(COMPLETE, { id }, as(token)))).toBe('FORBIDDEN');
      expect(await state()).toEqual(before);
      expect((await app.graphql<{ completeBooking: { status: string } }>(COMPLETE, { id }, as(admin))).data!.completeBooking.status).toBe('COMPLETED');
      const twice = await state();
      expect(codeOf(await app.graphql(COMPLETE, { id }, as(teacher)))).toBe('CONFLICT');
      expect(await state()).toEqual(twice);
    });
  });
});
