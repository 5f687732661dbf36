import { Client } from 'pg';
import WebSocket from 'ws';
import { startServerProcess, type ServerProcess } from '../support/server-process';
import { createTestDatabase, type TestDatabase } from '../support/test-database';
import { loadFacts, mutate, one as oneIn, post, PUBLISH, sleep, slotTimes, waitFor, type Facts } from '../support/two-instances';
import { connect, type Connection, type Subscription } from '../support/ws-subscriber';

// OWASP API4:2023 (Unrestricted Resource Consumption) on subscriptions, against one API process
// (src/main.ts) with a pool of 3 connections: sockets per client IP, anonymous subscriptions per
// client IP, the lower cost limit of subscriptions, and an event fanned out to 60 subscribers
// (bounded re-reads: one at a time on a pool of 3) while an HTTP query is answered.

jest.setTimeout(60_000);

const SOCKETS_PER_IP = 6;
const SUBSCRIPTIONS_PER_CONNECTION = 12;
const SUBSCRIPTIONS_PER_IP = 60;
const POOL_SIZE = 3;

const SLOT_SELECTION = 'id teacherId isBooked startTime teacher { id } bookings(first: 5) { nodes { id } }';
const AVAILABILITY_CHANGED = `subscription ($teacherId: ID!) { availabilityChanged(teacherId: $teacherId) { ${SLOT_SELECTION} } }`;
/** About 10,000 by the cost model: under GRAPHQL_MAX_COST (50,000), over SUBSCRIPTION_MAX_COST (1,000). */
const COSTLY = `subscription ($teacherId: ID!) {
  availabilityChanged(teacherId: $teacherId) { id bookings(first: 100) { nodes { id availability { bookings(first: 100) { nodes { id } } } } } }
}`;

interface Slot {
  availabilityChanged: { id: string; teacherId: string; isBooked: boolean | null; startTime: string; teacher: { id: string } | null; bookings: { nodes: Array<{ id: string }> } };
}

let database: TestDatabase;
let sql: Client;
let api: ServerProcess;
let facts: Facts;
const open: Connection[] = [];

beforeAll(async () => {
  database = await createTestDatabase();
  sql = new Client({ connectionString: database.url });
  await sql.connect();
  facts = await loadFacts(sql, database.url);
  api = await startServerProcess({
    DATABASE_URL: database.url,
    LOG_LEVEL: 'warn',
    DATABASE_POOL_SIZE: String(POOL_SIZE),
    SUBSCRIPTION_SOCKETS_PER_IP: String(SOCKETS_PER_IP),
    SUBSCRIPTIONS_PER_CONNECTION: String(SUBSCRIPTIONS_PER_CONNECTION),
    SUBSCRIPTIONS_PER_USER: String(SUBSCRIPTIONS_PER_IP),
  });
  for (let index = 0; index < SOCKETS_PER_IP; index += 1) open.push(await connect(api.url));
});

afterAll(async () => {
  await Promise.all(open.map((connection) => connection.dispose()));
  if (api && api.child.exitCode === null) {
    api.child.kill('SIGTERM');
    await api.exited;
  }
  await sql?.end();
  await database?.drop();
});

/** Opens a raw WebSocket; resolves with the HTTP status and body of a refused upgrade, or 101. */
function upgrade(url: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(url.replace(/^http/, 'ws'), 'graphql-transport-ws');
    socket.once('open', () => {
      socket.close();
      resolve({ status: 101, body: '' });
    });
    socket.once('unexpected-response', (_request, response) => {
      let body = '';
      response.on('data', (chunk: Buffer) => (body += chunk.toString()));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, body }));
    });
    socket.once('error', reject);
  });
}

describe('subscription resource limits (one instance, pool of 3)', () => {
  it(`refuses socket ${SOCKETS_PER_IP + 1} of one client IP with HTTP 429 naming the limit; a closed socket frees its place`, async () => {
    const refused = await upgrade(api.url);
    expect(refused.status).toBe(429);
    expect(JSON.parse(refused.body)).toEqual({
      errors: [{ message: expect.stringContaining(`At most ${SOCKETS_PER_IP} sockets per client IP`), extensions: { code: 'TOO_MANY_REQUESTS', limit: 'sockets per client IP', maximum: SOCKETS_PER_IP } }],
    });
    const last = open.pop()!;
    await last.dispose();
    await last.closed;
    await sleep(200);
    expect((await upgrade(api.url)).status).toBe(101);
    await sleep(200);
    open.push(await connect(api.url));
  });

  it('refuses a subscription over SUBSCRIPTION_MAX_COST with QUERY_TOO_COMPLEX, limit and actual (the HTTP limit is higher)', async () => {
    const costly = open[0].subscribe(COSTLY, { teacherId: String(facts.teacher.teacherId) });
    await costly.ended;
    expect(costly.errors).toHaveLength(1);
    expect(costly.errors[0].extensions).toMatchObject({ code: 'QUERY_TOO_COMPLEX', limit: 'cost', maximum: 1000 });
    const actual = costly.errors[0].extensions?.actual as number;
    expect(actual).toBeGreaterThan(1000);
    expect(actual).toBeLessThanOrEqual(50_000);
  });

  it(`delivers one event to ${SUBSCRIPTIONS_PER_IP} anonymous subscribers (all of one client IP) without an internal error while an HTTP query answers`, async () => {
    const variables = { teacherId: String(facts.teacher.teacherId) };
    const subscribers: Array<Subscription<Slot>> = [];
    for (const connection of open) for (let index = 0; index < SUBSCRIPTIONS_PER_IP / SOCKETS_PER_IP; index += 1) subscribers.push(connection.subscribe<Slot>(AVAILABILITY_CHANGED, variables));
    // The server acknowledges no subscribe message: give it time to register them.
    await sleep(1_000);

    const { publishAvailability } = await mutate<{ publishAvailability: Array<{ id: string }> }>(api, PUBLISH, slotTimes(9, 8), facts.teacher.token);
    const slotId = publishAvailability[0].id;
    const me = await post<{ me: { id: string } }>(api, '{ me { id } }', {}, facts.student.token);
    await waitFor(() => subscribers.every((subscription) => subscription.events.length + subscription.errors.length >= 1), 30_000, 'the event at every subscriber');

    expect(me.errors).toBeUndefined();
    expect(me.data).toEqual({ me: { id: String(facts.student.userId) } });
    const row = await oneIn<{ teacherId: number; isBooked: boolean | null; startTime: Date; bookings: string[] }>(
      sql,
      `SELECT a.teacher_id AS "teacherId", a.is_booked AS "isBooked", a.start_time AS "startTime",
              ARRAY(SELECT b.id::text FROM bookings b WHERE b.availability_id = a.id ORDER BY b.id) AS bookings
       FROM availabilities a WHERE a.id = $1`,
      [slotId],
    );
    const expected = {
      availabilityChanged: {
        id: slotId,
        teacherId: String(row.teacherId),
        isBooked: row.isBooked,
        startTime: row.startTime.toISOString(),
        teacher: { id: String(row.teacherId) },
        bookings: { nodes: row.bookings.map((id) => ({ id })) },
      },
    };
    for (const subscription of subscribers) {
      expect(subscription.errors).toEqual([]);
      expect(subscription.events).toEqual([expected]);
    }
  });

  it(`counts anonymous subscriptions per client IP: subscription ${SUBSCRIPTIONS_PER_IP + 1} of the IP is TOO_MANY_REQUESTS`, async () => {
    const overIp = open[0].subscribe<Slot>(AVAILABILITY_CHANGED, { teacherId: String(facts.teacher.teacherId) });
    await overIp.ended;
    expect(overIp.errors.map((error) => error.extensions)).toEqual([{ code: 'TOO_MANY_REQUESTS', limit: 'subscriptions per client IP', maximum: SUBSCRIPTIONS_PER_IP, actual: SUBSCRIPTIONS_PER_IP + 1 }]);
  });
});
