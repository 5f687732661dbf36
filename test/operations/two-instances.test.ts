import { createHash } from 'node:crypto';
import { Client } from 'pg';
import WebSocket from 'ws';
import { startServerProcess, type ServerProcess } from '../support/server-process';
import { createTestDatabase, type TestDatabase } from '../support/test-database';
import {
  AVAILABILITY_CHANGED,
  BOOK,
  BOOKING_CHANGED,
  CANCEL,
  loadFacts,
  MESSAGE_RECEIVED,
  mutate,
  one as oneIn,
  post,
  PUBLISH,
  SEND_MESSAGE,
  sleep,
  slotTimes,
  waitFor,
  type BookingEventData,
  type Facts,
  type MessageData,
  type SlotData,
} from '../support/two-instances';
import { connect, type Connection, type Subscription } from '../support/ws-subscriber';

// Two API processes (src/main.ts, as npm start runs it) on one PostgreSQL database, as behind a
// load balancer: live updates published by a mutation on instance A reach the subscribers of
// instance B through LISTEN/NOTIFY, each read under the subscriber's own rights; and the sign-in
// throttle counts the attempts of both instances against one limit.

jest.setTimeout(240_000);

const SUBSCRIPTIONS_PER_CONNECTION = 3;
const SUBSCRIPTIONS_PER_USER = 4;
/** How long "nothing arrives" is watched for, after an event others received. */
const SETTLE_MS = 1_500;

let database: TestDatabase;
let sql: Client;
let instanceA: ServerProcess;
let instanceB: ServerProcess;
const open: Connection[] = [];

let facts: Facts;

const one = <T>(text: string, values: unknown[] = []) => oneIn<T>(sql, text, values);

async function connectTo(instance: ServerProcess, authorization?: string): Promise<Connection> {
  const connection = await connect(instance.url, authorization);
  open.push(connection);
  return connection;
}

async function publishSlot(token: string, day: number, hour: number): Promise<string> {
  const data = await mutate<{ publishAvailability: Array<{ id: string }> }>(instanceA, PUBLISH, slotTimes(day, hour), token);
  return data.publishAvailability[0].id;
}

beforeAll(async () => {
  database = await createTestDatabase();
  sql = new Client({ connectionString: database.url });
  await sql.connect();
  facts = await loadFacts(sql, database.url);
  const environment = {
    DATABASE_URL: database.url,
    LOG_LEVEL: 'warn',
    SUBSCRIPTIONS_PER_CONNECTION: String(SUBSCRIPTIONS_PER_CONNECTION),
    SUBSCRIPTIONS_PER_USER: String(SUBSCRIPTIONS_PER_USER),
  };
  // One after the other: two ts-node start-ups at once on a loaded machine can outrun the start deadline.
  instanceA = await startServerProcess(environment);
  instanceB = await startServerProcess(environment);
});

afterAll(async () => {
  await Promise.all(open.map((connection) => connection.dispose()));
  for (const instance of [instanceA, instanceB]) {
    if (instance && instance.child.exitCode === null) {
      instance.child.kill('SIGTERM');
      await instance.exited;
    }
  }
  await sql?.end();
  await database?.drop();
});

describe('live updates across two instances', () => {
  let teacherBookings: Subscription<BookingEventData>;
  let otherTeacherBookings: Subscription<BookingEventData>;
  let unlinkedParentBookings: Subscription<BookingEventData>;
  let linkedParentBookings: Subscription<BookingEventData>;
  let studentBookings: Subscription<BookingEventData>;
  let teacherMessages: Subscription<MessageData>;
  let linkedParentMessages: Subscription<MessageData>;
  let unlinkedParentMessages: Subscription<MessageData>;
  let publicSlots: Subscription<SlotData>;
  let teacherConnection: Connection;
  let firstBookingId: string;

  beforeAll(async () => {
    teacherConnection = await connectTo(instanceB, facts.teacher.token);
    const otherTeacher = await connectTo(instanceB, facts.otherTeacher.token);
    const unlinkedParent = await connectTo(instanceB, facts.unlinkedParent.token);
    const linkedParent = await connectTo(instanceB, facts.linkedParent.token);
    const anonymous = await connectTo(instanceB);
    const student = await connectTo(instanceB, facts.student.token);
    studentBookings = student.subscribe(BOOKING_CHANGED);
    teacherBookings = teacherConnection.subscribe(BOOKING_CHANGED);
    teacherMessages = teacherConnection.subscribe(MESSAGE_RECEIVED);
    otherTeacherBookings = otherTeacher.subscribe(BOOKING_CHANGED);
    unlinkedParentBookings = unlinkedParent.subscribe(BOOKING_CHANGED);
    unlinkedParentMessages = unlinkedParent.subscribe(MESSAGE_RECEIVED);
    linkedParentBookings = linkedParent.subscribe(BOOKING_CHANGED, { studentId: String(facts.student.studentId) });
    linkedParentMessages = linkedParent.subscribe(MESSAGE_RECEIVED);
    publicSlots = anonymous.subscribe(AVAILABILITY_CHANGED, { teacherId: String(facts.teacher.teacherId) });
    // The server acknowledges no subscribe message: give B time to register them.
    await sleep(1_000);
  });

  it('an anonymous subscriber on B sees a slot the teacher publishes through A (and nothing of a foreign notification)', async () => {
    // Another writer on the channel: not an event, ignored.
    await sql.query(`SELECT pg_notify('nexus_api_events', 'not an event'), pg_notify('nexus_api_events', '{"topic":"AVAILABILITY_CHANGED","id":"x","payload":{}}')`);
    const slotId = await publishSlot(facts.teacher.token, 7, 6);
    await waitFor(() => publicSlots.events.length >= 1, 2_000, 'availabilityChanged');
    const row = await one<{ teacherId: number; isBooked: boolean; startTime: Date }>(
      'SELECT teacher_id AS "teacherId", is_booked AS "isBooked", start_time AS "startTime" FROM availabilities WHERE id = $1',
      [slotId],
    );
    expect(publicSlots.events).toEqual([{ availabilityChanged: { id: slotId, teacherId: String(row.teacherId), isBooked: row.isBooked, startTime: row.startTime.toISOString() } }]);
    expect(publicSlots.errors).toEqual([]);
  });

  it('the teacher on B receives bookingChanged within 1 s of a student booking through A; the linked parent too', async () => {
    const slotId = (await one<{ id: number }>('SELECT id FROM availabilities WHERE teacher_id = $1 ORDER BY id DESC LIMIT 1', [facts.teacher.teacherId])).id;
    const sent = Date.now();
    const data = await mutate<{ bookAvailability: { id: string } }>(instanceA, BOOK, { availabilityId: String(slotId), studentId: String(facts.student.studentId), subject: facts.teacher.subject }, facts.student.token);
    const answered = Date.now();
    await waitFor(() => teacherBookings.events.length >= 1, 1_000 - (answered - sent), 'bookingChanged on B within 1 s');
    const latency = Date.now() - sent;
    process.stderr.write(`bookingChanged: booking sent to A → event on B in ${latency} ms (mutation answered in ${answered - sent} ms)\n`);
    expect(latency).toBeLessThan(1_000);
    const row = await one<{ id: number; status: string; teacherId: number; studentId: number }>(
      'SELECT id, upper(status) AS status, teacher_id AS "teacherId", student_id AS "studentId" FROM bookings WHERE availability_id = $1 AND student_id = $2',
      [slotId, facts.student.studentId],
    );
    firstBookingId = String(row.id);
    expect(data.bookAvailability.id).toBe(firstBookingId);
    const expected = { bookingChanged: { kind: 'BOOKED', booking: { id: firstBookingId, status: row.status, teacherId: String(row.teacherId), studentId: String(row.studentId) } } };
    expect(teacherBookings.events).toEqual([expected]);
    await waitFor(() => linkedParentBookings.events.length >= 1, 2_000, 'the linked parent');
    expect(linkedParentBookings.events).toEqual([expected]);
  });

  it('another teacher and a parent without the link receive nothing, not even later when an event of their own arrives', async () => {
    await sleep(SETTLE_MS);
    expect(otherTeacherBookings.events).toEqual([]);
    expect(unlinkedParentBookings.events).toEqual([]);
    // Then a booking both may read: the parent books the other teacher for their own child.
    const slotId = await publishSlot(facts.otherTeacher.token, 7, 9);
    const data = await mutate<{ bookAvailability: { id: string } }>(
      instanceA,
      BOOK,
      { availabilityId: slotId, studentId: String(facts.unlinkedParent.childStudentId), subject: facts.otherTeacher.subject },
      facts.unlinkedParent.token,
    );
    await waitFor(() => otherTeacherBookings.events.length >= 1 && unlinkedParentBookings.events.length >= 1, 2_000, 'their own booking');
    await sleep(SETTLE_MS);
    const row = await one<{ id: number }>('SELECT id FROM bookings WHERE availability_id = $1', [slotId]);
    expect(data.bookAvailability.id).toBe(String(row.id));
    for (const received of [otherTeacherBookings, unlinkedParentBookings]) {
      expect(received.events.map((event) => [event.bookingChanged.kind, event.bookingChanged.booking.id])).toEqual([['BOOKED', String(row.id)]]);
      expect(received.errors).toEqual([]);
    }
    // Neither the first teacher nor the student's parent (narrowed to the student) sees it.
    expect(teacherBookings.events.map((event) => event.bookingChanged.booking.id)).toEqual([firstBookingId]);
    expect(linkedParentBookings.events.map((event) => event.bookingChanged.booking.id)).toEqual([firstBookingId]);
  });

  it('messageReceived reaches the recipient only', async () => {
    const data = await mutate<{ sendParentMessage: { id: string } }>(
      instanceA,
      SEND_MESSAGE,
      { studentId: String(facts.student.studentId), recipientUserId: String(facts.linkedParent.userId) },
      facts.teacher.token,
    );
    await waitFor(() => linkedParentMessages.events.length >= 1, 2_000, 'messageReceived');
    const row = await one<{ id: number; subject: string; recipientId: number }>('SELECT id, subject, recipient_id AS "recipientId" FROM parent_communications WHERE id = $1', [
      data.sendParentMessage.id,
    ]);
    expect(row.recipientId).toBe(facts.linkedParent.userId);
    expect(linkedParentMessages.events).toEqual([{ messageReceived: { id: String(row.id), subject: row.subject } }]);
    await sleep(SETTLE_MS);
    expect(teacherMessages.events).toEqual([]); // the sender
    expect(unlinkedParentMessages.events).toEqual([]);
  });

  it('a parent whose link to the child ends stops receiving the child’s bookings', async () => {
    // The centre removes the link (no mutation does it yet: straight in the database).
    const removed = await sql.query('DELETE FROM parent_child_relations WHERE parent_user_id = $1 AND child_user_id = $2', [facts.linkedParent.userId, facts.student.userId]);
    expect(removed.rowCount).toBe(1);
    const slotId = await publishSlot(facts.teacher.token, 8, 6);
    const data = await mutate<{ bookAvailability: { id: string } }>(instanceA, BOOK, { availabilityId: slotId, studentId: String(facts.student.studentId), subject: facts.teacher.subject }, facts.student.token);
    // Delivered: the teacher and the student get it...
    await waitFor(() => teacherBookings.events.length >= 2 && studentBookings.events.length >= 2, 2_000, 'the second booking');
    expect(teacherBookings.events[1].bookingChanged).toMatchObject({ kind: 'BOOKED', booking: { id: data.bookAvailability.id } });
    expect(studentBookings.events.map((event) => event.bookingChanged.booking.id)).toEqual([firstBookingId, data.bookAvailability.id]);
    // ...the former parent does not.
    await sleep(SETTLE_MS);
    expect(linkedParentBookings.events.map((event) => event.bookingChanged.booking.id)).toEqual([firstBookingId]);
  });

  it('a subscriber whose session is logged out receives nothing more: the connection closes with 4403', async () => {
    const logout = await post<{ logout: boolean }>(instanceA, 'mutation { logout }', {}, facts.teacher.token);
    expect(logout.errors).toBeUndefined();
    const { isActive } = await one<{ isActive: boolean }>(
      `SELECT bool_or(is_active) AS "isActive" FROM user_sessions WHERE session_token = $1`,
      [createHash('sha256').update(facts.teacher.token.replace(/^Bearer /, '')).digest('hex')],
    );
    expect(isActive).toBe(false);
    const cancelled = await mutate<{ cancelBooking: { id: string; status: string } }>(instanceA, CANCEL, { bookingId: firstBookingId }, facts.student.token);
    expect(cancelled.cancelBooking.status).toBe('CANCELLED');
    // The event was delivered (the student gets it), not to the logged-out teacher.
    await waitFor(() => studentBookings.events.length >= 3, 2_000, 'the cancellation');
    expect(studentBookings.events[2].bookingChanged).toMatchObject({ kind: 'CANCELLED', booking: { id: firstBookingId, status: 'CANCELLED' } });
    const closed = await Promise.race([teacherConnection.closed, sleep(2_000).then(() => null)]);
    expect(closed).toEqual({ code: 4403, reason: 'Forbidden: the session ended' });
    expect(teacherBookings.events.map((event) => event.bookingChanged.kind)).toEqual(['BOOKED', 'BOOKED']);
  });
});

describe('delivery on commit only', () => {
  it('an event queued by a transaction that rolls back is never delivered; committed, it is', async () => {
    const anonymous = await connectTo(instanceB);
    const slots = anonymous.subscribe<SlotData>(AVAILABILITY_CHANGED, { teacherId: String(facts.otherTeacher.teacherId) });
    await sleep(1_000);
    const slotId = await publishSlot(facts.otherTeacher.token, 9, 6);
    await waitFor(() => slots.events.length === 1, 2_000, 'the published slot');
    // The notification a mutation queues (api-events.ts), in a transaction of our own.
    const event = JSON.stringify({ topic: 'AVAILABILITY_CHANGED', id: facts.otherTeacher.teacherId, payload: { availabilityId: Number(slotId) } });
    await sql.query('BEGIN');
    await sql.query(`SELECT pg_notify('nexus_api_events', $1)`, [event]);
    await sql.query('ROLLBACK');
    await sleep(SETTLE_MS);
    expect(slots.events).toHaveLength(1);
    await sql.query('BEGIN');
    await sql.query(`SELECT pg_notify('nexus_api_events', $1)`, [event]);
    await sql.query('COMMIT');
    await waitFor(() => slots.events.length === 2, 2_000, 'the committed notification');
    expect(slots.events.map((data) => data.availabilityChanged.id)).toEqual([slotId, slotId]);
  });
});

describe('refusals over WebSocket', () => {
  const slots = (teacherId: number) => ({ teacherId: String(teacherId) });

  it('counts subscriptions per connection and per user: one more is TOO_MANY_REQUESTS', async () => {
    const first = await connectTo(instanceB, facts.admin.token);
    const accepted = Array.from({ length: SUBSCRIPTIONS_PER_CONNECTION }, () => first.subscribe<SlotData>(AVAILABILITY_CHANGED, slots(facts.teacher.teacherId)));
    const overConnection = first.subscribe<SlotData>(AVAILABILITY_CHANGED, slots(facts.teacher.teacherId));
    await overConnection.ended;
    expect(overConnection.errors).toEqual([
      expect.objectContaining({ extensions: { code: 'TOO_MANY_REQUESTS', limit: 'subscriptions per connection', maximum: SUBSCRIPTIONS_PER_CONNECTION, actual: SUBSCRIPTIONS_PER_CONNECTION + 1 } }),
    ]);
    const second = await connectTo(instanceB, facts.admin.token);
    const fourth = second.subscribe<SlotData>(AVAILABILITY_CHANGED, slots(facts.teacher.teacherId));
    const overUser = second.subscribe<SlotData>(AVAILABILITY_CHANGED, slots(facts.teacher.teacherId));
    await overUser.ended;
    expect(overUser.errors).toEqual([
      expect.objectContaining({ extensions: { code: 'TOO_MANY_REQUESTS', limit: 'subscriptions per user', maximum: SUBSCRIPTIONS_PER_USER, actual: SUBSCRIPTIONS_PER_USER + 1 } }),
    ]);
    // Completing one frees its place.
    fourth.unsubscribe();
    await sleep(200);
    const again = second.subscribe<SlotData>(AVAILABILITY_CHANGED, slots(facts.teacher.teacherId));
    await sleep(500);
    expect(again.errors).toEqual([]);
    for (const subscription of [...accepted, again]) expect(subscription.errors).toEqual([]);
  });

  it('applies the admission rules, needs a signed-in user where the field does, and serves only subscriptions', async () => {
    const anonymous = await connectTo(instanceB);
    const aliases = Array.from({ length: 31 }, (_, index) => `a${index}: id`).join(' ');
    const tooMany = anonymous.subscribe(`subscription { availabilityChanged(teacherId: "${facts.teacher.teacherId}") { ${aliases} } }`);
    const unauthenticated = anonymous.subscribe(BOOKING_CHANGED);
    const query = anonymous.subscribe('{ __typename }');
    const badId = anonymous.subscribe(AVAILABILITY_CHANGED, { teacherId: 'not-an-id' });
    const syntax = anonymous.subscribe('subscription {');
    const unknownField = anonymous.subscribe('subscription { bookingsChanged { id } }');
    await Promise.all([tooMany.ended, unauthenticated.ended, query.ended, badId.ended, syntax.ended, unknownField.ended]);
    expect(syntax.errors).toEqual([expect.objectContaining({ extensions: { code: 'GRAPHQL_PARSE_FAILED' } })]);
    expect(unknownField.errors).toEqual([expect.objectContaining({ extensions: { code: 'GRAPHQL_VALIDATION_FAILED' } })]);
    expect(tooMany.errors).toEqual([expect.objectContaining({ extensions: { code: 'QUERY_TOO_COMPLEX', limit: 'alias count', maximum: 30, actual: 31 } })]);
    expect(unauthenticated.errors).toEqual([expect.objectContaining({ extensions: expect.objectContaining({ code: 'UNAUTHENTICATED' }) })]);
    expect(query.errors).toEqual([expect.objectContaining({ extensions: { code: 'BAD_REQUEST' } })]);
    expect(badId.errors).toEqual([expect.objectContaining({ extensions: expect.objectContaining({ code: 'BAD_USER_INPUT' }) })]);
  });

  it('answers a WebSocket upgrade on another path with 404', async () => {
    const status = await new Promise<number>((resolve, reject) => {
      const socket = new WebSocket(instanceB.url.replace(/^http/, 'ws').replace('/graphql', '/elsewhere'), 'graphql-transport-ws');
      socket.on('unexpected-response', (_request, response) => resolve(response.statusCode ?? 0));
      socket.on('open', () => reject(new Error('opened')));
      socket.on('error', () => undefined);
    });
    expect(status).toBe(404);
  });

  it('closes a connection whose connection_init token is unknown with 4403', async () => {
    await expect(connect(instanceB.url, 'Bearer 0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef')).rejects.toThrow(/4403/);
  });
});

describe('sign-in throttling across the two instances', () => {
  it('wrong passwords sent alternately to A and B add up to one limit: 5 checked per (e-mail, IP), the rest TOO_MANY_REQUESTS', async () => {
    const { email } = await one<{ email: string }>(`SELECT email FROM users WHERE role = 'student' AND status = 'active' AND email <> 'student@example.com' ORDER BY id LIMIT 1`);
    const LOGIN = 'mutation ($email: String!) { login(input: { email: $email, password: "not-the-password-1" }) { sessionToken } }';
    const answers: Array<{ instance: 'A' | 'B'; code: string | undefined }> = [];
    for (let attempt = 0; attempt < 10; attempt += 1) {
      const instance = attempt % 2 === 0 ? instanceA : instanceB;
      const result = await post(instance, LOGIN, { email });
      answers.push({ instance: attempt % 2 === 0 ? 'A' : 'B', code: result.errors?.[0]?.extensions?.code });
    }
    // README, "Sign-in throttling": 5 attempts per (e-mail, IP) pair in 15 minutes, counted in PostgreSQL.
    expect(answers.map((answer) => answer.code)).toEqual([...Array(5).fill('UNAUTHENTICATED'), ...Array(5).fill('TOO_MANY_REQUESTS')]);
    const checkedOn = (name: 'A' | 'B') => answers.filter((answer) => answer.instance === name && answer.code === 'UNAUTHENTICATED').length;
    expect([checkedOn('A'), checkedOn('B')]).toEqual([3, 2]);
    const emailKey = createHash('sha256').update(email).digest('hex');
    const { rows } = await sql.query<{ key: string; points: number }>('SELECT key, points FROM rate_limit_counters WHERE key LIKE $1 ORDER BY key', [`%${emailKey}%`]);
    // One counter row per key for both instances: the pair saw all 10 attempts, the e-mail the 5 the pair allowed.
    expect(rows.map((row) => [row.key.split(':')[0], row.points])).toEqual([
      ['signInPerEmail', 5],
      ['signInPerPair', 10],
    ]);
  });
});

describe('graceful shutdown', () => {
  it('SIGTERM closes the WebSocket clients (1001 Going Away) and the process exits', async () => {
    const connection = await connectTo(instanceB, facts.admin.token);
    const slots = connection.subscribe<SlotData>(AVAILABILITY_CHANGED, { teacherId: String(facts.teacher.teacherId) });
    await sleep(300);
    instanceB.child.kill('SIGTERM');
    const closed = await Promise.race([connection.closed, sleep(20_000).then(() => null)]);
    expect(closed).toEqual({ code: 1001, reason: 'Going away' });
    await slots.ended;
    expect((await instanceB.exited).code).toBe(0);
  });
});
