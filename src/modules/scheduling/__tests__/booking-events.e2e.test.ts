import { rowsOf } from '../../../db/query-result';
import { startTestApp, type TestApp } from '../../../../test/support/test-app';
import { connect, type Connection, type Subscription } from '../../../../test/support/ws-subscriber';

// Every booking mutation publishes its bookingChanged kind, and every slot that becomes free its
// availabilityChanged, over graphql-ws on one in-process server (the two-process delivery is
// test/operations/two-instances.test.ts). Each event is awaited before the next mutation, so the
// booking it carries is compared with the row as the database holds it then.

const PUBLISH = `mutation ($start: DateTime!, $end: DateTime!) { publishAvailability(input: { startTime: $start, endTime: $end, isForInPerson: false }) { id } }`;
const BOOK = `mutation ($availabilityId: ID!, $studentId: ID!, $subject: String!) {
  bookAvailability(input: { availabilityId: $availabilityId, studentId: $studentId, subject: $subject, format: ONLINE }) { id }
}`;
const STEP = (name: string) => `mutation ($id: ID!) { ${name}(input: { bookingId: $id }) { id } }`;
const DECLINE = 'mutation ($id: ID!) { declineBooking(input: { bookingId: $id, reason: "Pas disponible" }) { id } }';
const CANCEL = 'mutation ($id: ID!) { cancelBooking(input: { bookingId: $id, reason: "Empêchement" }) { id } }';
const RESCHEDULE = 'mutation ($id: ID!, $availabilityId: ID!) { rescheduleBooking(input: { bookingId: $id, availabilityId: $availabilityId }) { id } }';

interface BookingEventData {
  bookingChanged: { kind: string; booking: { id: string; status: string; availabilityId: string | null } };
}
interface SlotData {
  availabilityChanged: { id: string; isBooked: boolean | null };
}

let app: TestApp;
let connections: Connection[] = [];
let teacher: { token: string; id: number; subject: string };
let student: { token: string; id: number };
let bookings: Subscription<BookingEventData>;
let slots: Subscription<SlotData>;

const as = (token: string) => ({ authorization: `Bearer ${token}` });

async function waitFor(condition: () => boolean, what: string): Promise<void> {
  const deadline = Date.now() + 5_000;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

async function run<T>(query: string, variables: Record<string, unknown>, token: string): Promise<T> {
  const response = await app.graphql<T>(query, variables, as(token));
  if (response.errors) throw new Error(JSON.stringify(response.errors));
  return response.data as T;
}

let day = 0;
async function publish(): Promise<string> {
  day += 1;
  const start = new Date(Date.UTC(2034, 2, day, 7));
  const data = await run<{ publishAvailability: Array<{ id: string }> }>(PUBLISH, { start: start.toISOString(), end: new Date(start.getTime() + 3_600_000).toISOString() }, teacher.token);
  return data.publishAvailability[0].id;
}

/** Runs a mutation (which returns the booking's id), waits for its bookingChanged, and checks it against the row. */
async function expectEvent(kind: string, mutation: () => Promise<string>): Promise<string> {
  const before = bookings.events.length;
  const bookingId = await mutation();
  await waitFor(() => bookings.events.length > before, kind);
  const [row] = (await app.dataSource.query(`SELECT upper(status) AS status, availability_id AS "availabilityId" FROM bookings WHERE id = $1`, [bookingId])) as Array<{
    status: string;
    availabilityId: number | null;
  }>;
  expect(bookings.events.slice(before)).toEqual([
    { bookingChanged: { kind, booking: { id: bookingId, status: row.status, availabilityId: row.availabilityId === null ? null : String(row.availabilityId) } } },
  ]);
  return bookingId;
}

const book = (availabilityId: string) => async () =>
  (await run<{ bookAvailability: { id: string } }>(BOOK, { availabilityId, studentId: String(student.id), subject: teacher.subject }, student.token)).bookAvailability.id;
const step = (query: string, variables: Record<string, unknown>, token = teacher.token) => async () => {
  await run(query, variables, token);
  return String(variables.id);
};

beforeAll(async () => {
  app = await startTestApp();
  const [teacherRow] = (await app.dataSource.query(
    `SELECT t.id, t.subjects->>0 AS subject FROM teachers t JOIN users u ON u.id = t.user_id WHERE u.email = 'teacher@example.com'`,
  )) as Array<{ id: number; subject: string }>;
  const [studentRow] = (await app.dataSource.query(`SELECT s.id FROM students s JOIN users u ON u.id = s.user_id WHERE u.email = 'student@example.com'`)) as Array<{ id: number }>;
  teacher = { ...teacherRow, token: await app.signIn('teacher@example.com') };
  student = { ...studentRow, token: await app.signIn('student@example.com') };
  const teacherConnection = await connect(app.url, `Bearer ${teacher.token}`);
  const anonymous = await connect(app.url);
  connections = [teacherConnection, anonymous];
  bookings = teacherConnection.subscribe<BookingEventData>(
    'subscription ($teacherId: ID) { bookingChanged(teacherId: $teacherId) { kind booking { id status availabilityId } } }',
    { teacherId: String(teacher.id) },
  );
  slots = anonymous.subscribe<SlotData>('subscription ($teacherId: ID!) { availabilityChanged(teacherId: $teacherId) { id isBooked } }', { teacherId: String(teacher.id) });
  await new Promise((resolve) => setTimeout(resolve, 500));
});

afterAll(async () => {
  await Promise.all(connections.map((connection) => connection.dispose()));
  await app?.close();
});

it('publishes BOOKED, CONFIRMED, RESCHEDULED, CANCELLED, DECLINED, COMPLETED and NO_SHOW, and every slot that becomes free', async () => {
  const first = await publish();
  const second = await publish();
  const bookingId = await expectEvent('BOOKED', book(first));
  await expectEvent('CONFIRMED', step(STEP('confirmBooking'), { id: bookingId }));
  await expectEvent('RESCHEDULED', step(RESCHEDULE, { id: bookingId, availabilityId: second }, student.token));
  await expectEvent('CANCELLED', step(CANCEL, { id: bookingId }));
  const third = await publish();
  const declined = await expectEvent('BOOKED', book(third));
  await expectEvent('DECLINED', step(DECLINE, { id: declined }));

  // Two lessons of the teacher that have started, confirmed (set here: the seed completed them).
  const started = rowsOf<{ id: number }>(
    await app.dataSource.query(
      `UPDATE bookings SET status = 'confirmed' WHERE id IN (SELECT id FROM bookings WHERE teacher_id = $1 AND start_time < now() ORDER BY start_time DESC LIMIT 2) RETURNING id`,
      [teacher.id],
    ),
  );
  expect(started).toHaveLength(2);
  const [held, missed] = started.map((row) => String(row.id));
  await expectEvent('COMPLETED', step(STEP('completeBooking'), { id: held }));
  await expectEvent('NO_SHOW', step(STEP('markNoShow'), { id: missed }));

  // Free slots: the three published, the first freed by the reschedule, the second by the
  // cancellation, the third by the decline; a slot taken by a booking is not announced.
  await waitFor(() => slots.events.length >= 6, 'six availabilityChanged');
  expect(slots.events.map((event) => event.availabilityChanged.id)).toEqual([first, second, first, second, third, third]);
  expect(slots.events.every((event) => event.availabilityChanged.isBooked === false)).toBe(true);
  expect([...bookings.errors, ...slots.errors]).toEqual([]);
});
