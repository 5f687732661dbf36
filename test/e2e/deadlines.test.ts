import { Client } from 'pg';
import { startTestApp, type TestApp } from '../support/test-app';

// Deadlines over HTTP on real PostgreSQL: a request whose statement waits on a lock ends with
// TIMEOUT within the request deadline (or the statement timeout) while other tables answer; a
// client that goes away has its statement cancelled; a cancelled mutation rolls back; and no
// connection of the API is left busy afterwards (checked in pg_stat_activity).

const BOOKINGS = '{ bookings(first: 5) { nodes { id } } }';
const TEACHERS = '{ teachers(first: 2) { nodes { id lastName } } }';
const PUBLISH = `mutation ($start: DateTime!, $end: DateTime!) {
  publishAvailability(input: { startTime: $start, endTime: $end, isForInPerson: false, weeks: 1 }) { id }
}`;
const BOOK = `mutation ($availabilityId: ID!, $studentId: ID!, $subject: String!) {
  bookAvailability(input: { availabilityId: $availabilityId, studentId: $studentId, subject: $subject, format: ONLINE }) { id }
}`;

/** A separate session holding `LOCK TABLE <table> IN ACCESS EXCLUSIVE MODE` until released. */
async function lockTable(app: TestApp, table: string): Promise<{ release(): Promise<void> }> {
  const client = new Client({ connectionString: app.database.url, application_name: 'deadlines-test-lock' });
  await client.connect();
  await client.query('BEGIN');
  await client.query(`LOCK TABLE ${table} IN ACCESS EXCLUSIVE MODE`);
  return {
    async release() {
      await client.query('ROLLBACK');
      await client.end();
    },
  };
}

/** The API's backends (application_name of the pool) that are not idle, seen from a session outside its pool. */
async function busyApiBackends(app: TestApp): Promise<Array<{ state: string; query: string; waitEventType: string | null }>> {
  const monitor = new Client({ connectionString: app.database.url, application_name: 'deadlines-test-monitor' });
  await monitor.connect();
  try {
    const result = await monitor.query(
      `SELECT state, query, wait_event_type AS "waitEventType" FROM pg_stat_activity
        WHERE datname = current_database() AND application_name = 'nexus-reussite-api' AND state <> 'idle'`,
    );
    return result.rows as Array<{ state: string; query: string; waitEventType: string | null }>;
  } finally {
    await monitor.end();
  }
}

/** Polls `probe` every 50 ms until it returns true or `withinMs` passes; returns the last answer. */
async function eventually(probe: () => Promise<boolean>, withinMs: number): Promise<boolean> {
  const until = Date.now() + withinMs;
  for (;;) {
    if (await probe()) return true;
    if (Date.now() > until) return false;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('request deadline (REQUEST_TIMEOUT_MS=1500, statement timeout above it, DATABASE_ACQUIRE_TIMEOUT_MS=300)', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp({ environment: { REQUEST_TIMEOUT_MS: '1500', DATABASE_STATEMENT_TIMEOUT_MS: '30000', DATABASE_ACQUIRE_TIMEOUT_MS: '300' } });
  });
  afterAll(async () => {
    await app.close();
  });

  it('ends a read of a locked table with TIMEOUT within the deadline while another table answers, leaving no busy connection', async () => {
    const lock = await lockTable(app, 'bookings');
    try {
      const started = Date.now();
      const locked = app.graphql(BOOKINGS).then((response) => ({ response, elapsed: Date.now() - started }));
      const other = await app.graphql<{ teachers: { nodes: unknown[] } }>(TEACHERS);
      expect(other.errors).toBeUndefined();
      expect(other.data!.teachers.nodes).toHaveLength(2);
      const { response, elapsed } = await locked;
      expect(response.errors?.[0].extensions).toMatchObject({ code: 'TIMEOUT', limit: 'request deadline', timeoutMs: 1500 });
      expect(response.data).toBeNull();
      expect(elapsed).toBeGreaterThanOrEqual(1400);
      expect(elapsed).toBeLessThan(3000);
      // The lock is still held: the cancelled statement must not be waiting on it any more.
      expect(await eventually(async () => (await busyApiBackends(app)).length === 0, 2000)).toBe(true);
      const health = await fetch(app.url.replace('/graphql', '/readyz'));
      expect(health.status).toBe(200);
    } finally {
      await lock.release();
    }
    expect(await busyApiBackends(app)).toEqual([]);
    const after = await app.graphql<{ bookings: { nodes: unknown[] } }>(BOOKINGS);
    expect(after.data!.bookings.nodes).toHaveLength(5);
  });

  it('answers TIMEOUT after DATABASE_ACQUIRE_TIMEOUT_MS when every pool connection is busy, and answers again once they are freed', async () => {
    const lock = await lockTable(app, 'bookings');
    try {
      // The test app's pool has 5 connections: 5 reads of the locked table hold them all.
      const holders = Array.from({ length: 5 }, () => app.graphql(BOOKINGS));
      expect(await eventually(async () => (await busyApiBackends(app)).filter((backend) => backend.waitEventType === 'Lock').length === 5, 1200)).toBe(true);
      const started = Date.now();
      const starved = await app.graphql(TEACHERS);
      expect(starved.errors?.[0].extensions).toMatchObject({ code: 'TIMEOUT', limit: 'connection wait', timeoutMs: 300 });
      expect(Date.now() - started).toBeLessThan(1200);
      for (const held of await Promise.all(holders)) expect(held.errors?.[0].extensions?.code).toBe('TIMEOUT');
      const after = await app.graphql<{ teachers: { nodes: unknown[] } }>(TEACHERS);
      expect(after.data!.teachers.nodes).toHaveLength(2);
    } finally {
      await lock.release();
    }
  });

  it('rolls back a mutation cancelled by the deadline: what it wrote before the lock is undone', async () => {
    const teacher = await app.signIn('teacher@example.com');
    const student = await app.signIn('student@example.com');
    const [own] = (await app.dataSource.query(
      `SELECT s.id, t.subjects->>0 AS subject FROM students s, teachers t JOIN users tu ON tu.id = t.user_id
        WHERE s.user_id = (SELECT id FROM users WHERE email = 'student@example.com') AND tu.email = 'teacher@example.com'`,
    )) as Array<{ id: number; subject: string }>;
    const start = new Date(Date.UTC(2032, 5, 1, 9, 0));
    const published = await app.graphql<{ publishAvailability: Array<{ id: string }> }>(
      PUBLISH,
      { start: start.toISOString(), end: new Date(start.getTime() + 3600_000).toISOString() },
      { authorization: `Bearer ${teacher}` },
    );
    const availabilityId = published.data!.publishAvailability[0].id;
    const bookingsBefore = (await app.dataSource.query('SELECT count(*)::int AS n FROM bookings')) as Array<{ n: number }>;

    // bookAvailability marks the slot booked, then inserts into the locked bookings table.
    const lock = await lockTable(app, 'bookings');
    let response;
    try {
      response = await app.graphql(BOOK, { availabilityId, studentId: String(own.id), subject: own.subject }, { authorization: `Bearer ${student}` });
      expect(await eventually(async () => (await busyApiBackends(app)).length === 0, 2000)).toBe(true);
    } finally {
      await lock.release();
    }
    expect(response.errors?.[0].extensions?.code).toBe('TIMEOUT');
    const [slot] = (await app.dataSource.query('SELECT is_booked AS "isBooked" FROM availabilities WHERE id = $1', [Number(availabilityId)])) as Array<{ isBooked: boolean }>;
    expect(slot.isBooked).toBe(false);
    expect(await app.dataSource.query('SELECT count(*)::int AS n FROM bookings')).toEqual(bookingsBefore);
  });
});

describe('statement timeout and client disconnect (DATABASE_STATEMENT_TIMEOUT_MS=2500, REQUEST_TIMEOUT_MS=20000)', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp({ environment: { REQUEST_TIMEOUT_MS: '20000', DATABASE_STATEMENT_TIMEOUT_MS: '2500' } });
  });
  afterAll(async () => {
    await app.close();
  });

  it('answers TIMEOUT naming the statement timeout when PostgreSQL cuts the statement', async () => {
    const lock = await lockTable(app, 'bookings');
    try {
      const started = Date.now();
      const response = await app.graphql(BOOKINGS);
      expect(response.errors?.[0].extensions).toMatchObject({ code: 'TIMEOUT', limit: 'statement timeout', timeoutMs: 2500 });
      expect(Date.now() - started).toBeLessThan(5000);
      expect(await busyApiBackends(app)).toEqual([]);
    } finally {
      await lock.release();
    }
  });

  it('stays up when the server ends a connection in the middle of a statement', async () => {
    const lock = await lockTable(app, 'bookings');
    try {
      const pending = app.graphql(BOOKINGS);
      expect(await eventually(async () => (await busyApiBackends(app)).some((backend) => backend.waitEventType === 'Lock'), 2000)).toBe(true);
      const monitor = new Client({ connectionString: app.database.url, application_name: 'deadlines-test-monitor' });
      await monitor.connect();
      await monitor.query(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = 'nexus-reussite-api' AND wait_event_type = 'Lock'`);
      await monitor.end();
      // The lost connection is an outage of the database for this request: one retryable error.
      const response = await pending;
      expect(response.errors).toHaveLength(1);
      expect(response.errors?.[0].extensions?.code).toBe('SERVICE_UNAVAILABLE');
      expect(response.status).toBe(503);
      expect(response.data ?? null).toBeNull();
    } finally {
      await lock.release();
    }
    const after = await app.graphql<{ teachers: { nodes: unknown[] } }>(TEACHERS);
    expect(after.data!.teachers.nodes).toHaveLength(2);
  });

  it('cancels the statement of a client that disconnects, long before any timeout', async () => {
    const lock = await lockTable(app, 'bookings');
    try {
      const abort = new AbortController();
      const request = fetch(app.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${await app.signIn('admin@example.com')}` },
        body: JSON.stringify({ query: BOOKINGS }),
        signal: abort.signal,
      }).catch((error: unknown) => error);
      // The statement is waiting on the lock...
      expect(await eventually(async () => (await busyApiBackends(app)).some((backend) => backend.waitEventType === 'Lock'), 2000)).toBe(true);
      const abortedAt = Date.now();
      abort.abort();
      expect(await request).toMatchObject({ name: 'AbortError' });
      // ...and is gone within a second of the disconnect (the statement timeout is 2.5 s away).
      expect(await eventually(async () => (await busyApiBackends(app)).length === 0, 1000)).toBe(true);
      expect(Date.now() - abortedAt).toBeLessThan(1500);
    } finally {
      await lock.release();
    }
    const after = await app.graphql<{ teachers: { nodes: unknown[] } }>(TEACHERS);
    expect(after.data!.teachers.nodes).toHaveLength(2);
  });
});
