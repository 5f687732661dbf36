import { Agent, request as httpRequest } from 'node:http';
import { connect, type Socket } from 'node:net';
import { Client } from 'pg';
import { bearerFor, startServerProcess } from '../support/server-process';
import { createTestDatabase, type TestDatabase } from '../support/test-database';

// SIGTERM on the real process (src/main.ts): no request is cut off after it started, so no write
// commits without its client hearing of it; a late request is refused before it starts; a statement
// stuck on a lock is cancelled after SHUTDOWN_GRACE_SECONDS.

let database: TestDatabase;
let authorization: string;

beforeAll(async () => {
  database = await createTestDatabase();
  authorization = await bearerFor(database.url, 'admin@example.com');
});

afterAll(async () => {
  await database.drop();
});

const CREATE_LOCATION = 'mutation Create($name: String!) { createLocation(input: { name: $name, capacity: 10 }) { id name } }';

type Outcome = { kind: 'ok'; id: string } | { kind: 'refused' } | { kind: 'network'; code: string } | { kind: 'other'; detail: string };

/** POST /graphql over a keep-alive agent; a network failure is an outcome, not an exception. */
function post(port: number, agent: Agent, body: unknown): Promise<{ status: number; headers: Record<string, unknown>; json: Record<string, unknown> } | { error: string }> {
  return new Promise((resolve) => {
    const request = httpRequest(
      { host: '127.0.0.1', port, path: '/graphql', method: 'POST', agent, headers: { 'content-type': 'application/json', authorization } },
      (response) => {
        let text = '';
        response.on('data', (chunk: Buffer) => (text += chunk.toString()));
        response.on('end', () => resolve({ status: response.statusCode ?? 0, headers: response.headers, json: JSON.parse(text) as Record<string, unknown> }));
        response.on('error', (error: NodeJS.ErrnoException) => resolve({ error: error.code ?? error.message }));
      },
    );
    request.on('error', (error: NodeJS.ErrnoException) => resolve({ error: error.code ?? error.message }));
    request.end(JSON.stringify(body));
  });
}

async function createLocation(port: number, agent: Agent, name: string): Promise<Outcome> {
  const result = await post(port, agent, { query: CREATE_LOCATION, variables: { name } });
  if ('error' in result) return { kind: 'network', code: result.error };
  const data = result.json.data as { createLocation?: { id: string } } | null | undefined;
  if (result.status === 200 && data?.createLocation) return { kind: 'ok', id: data.createLocation.id };
  const code = (result.json.errors as Array<{ extensions?: { code?: string } }> | undefined)?.[0]?.extensions?.code;
  if (result.status === 503 && code === 'SERVICE_UNAVAILABLE' && result.headers['retry-after']) return { kind: 'refused' };
  return { kind: 'other', detail: `${result.status} ${JSON.stringify(result.json)}` };
}

async function committedNames(prefix: string): Promise<string[]> {
  const client = new Client({ connectionString: database.url });
  await client.connect();
  try {
    const { rows } = await client.query<{ name: string }>('SELECT name FROM locations WHERE name LIKE $1 ORDER BY name', [`${prefix}%`]);
    return rows.map((row) => row.name);
  } finally {
    await client.end();
  }
}

it('under write load on keep-alive connections, every write either completes or is refused before it starts', async () => {
  const server = await startServerProcess({ DATABASE_URL: database.url, LOG_LEVEL: 'warn', SHUTDOWN_GRACE_SECONDS: '5' });
  const agent = new Agent({ keepAlive: true, maxSockets: 6 });
  const outcomes = new Map<string, Outcome>();
  let signalled = false;
  const worker = async (index: number) => {
    const stopAt = Date.now() + 20_000;
    for (let sequence = 0; Date.now() < stopAt; sequence += 1) {
      const name = `shutdown-load-${index}-${String(sequence).padStart(4, '0')}`;
      const outcome = await createLocation(server.port, agent, name);
      outcomes.set(name, outcome);
      // Once the listener is closed, nothing more can be sent.
      if (signalled && outcome.kind === 'network' && outcome.code === 'ECONNREFUSED') return;
    }
  };
  const workers = Array.from({ length: 6 }, (_, index) => worker(index));
  while ([...outcomes.values()].filter((outcome) => outcome.kind === 'ok').length < 20) await new Promise((resolve) => setTimeout(resolve, 20));
  server.child.kill('SIGTERM');
  signalled = true;
  await Promise.all(workers);
  agent.destroy();
  expect((await server.exited).code).toBe(0);

  const all = [...outcomes.entries()];
  expect(all.filter(([, outcome]) => outcome.kind === 'other')).toEqual([]);
  const completed = all.filter(([, outcome]) => outcome.kind === 'ok').map(([name]) => name).sort();
  const notStarted = all.filter(([, outcome]) => outcome.kind === 'refused' || outcome.kind === 'network');
  expect(completed.length).toBeGreaterThanOrEqual(20);
  expect(notStarted.length).toBeGreaterThanOrEqual(6);
  // The database holds exactly the writes whose clients heard they succeeded.
  expect(await committedNames('shutdown-load-')).toEqual(completed);
}, 60_000);

/** Reads from a raw socket until it closes; resolves with everything received. */
function readUntilClosed(socket: Socket): Promise<string> {
  return new Promise((resolve) => {
    let text = '';
    socket.on('data', (chunk: Buffer) => (text += chunk.toString()));
    socket.on('error', () => undefined);
    socket.on('close', () => resolve(text));
  });
}

function openSocket(port: number): Promise<Socket> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1', () => resolve(socket));
  });
}

function rawRequest(body: string, extraHeaders = ''): string {
  return `POST /graphql HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nAuthorization: ${authorization}\r\n${extraHeaders}Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`;
}

it('answers the request in flight with Connection: close and a request arriving later on an open socket with 503', async () => {
  const server = await startServerProcess({ DATABASE_URL: database.url, LOG_LEVEL: 'warn', SHUTDOWN_GRACE_SECONDS: '10' });
  // In flight when the signal comes, and still in flight when the late request's headers end: a
  // screen of thousands of rows that waits on a lock held until then (however fast the screen is).
  const locker = new Client({ connectionString: database.url });
  await locker.connect();
  await locker.query('BEGIN');
  await locker.query('LOCK TABLE availabilities IN ACCESS EXCLUSIVE MODE');
  const inFlight = await openSocket(server.port);
  const inFlightReply = readUntilClosed(inFlight);
  inFlight.write(rawRequest(JSON.stringify({ query: '{ teachers(first: 50) { totalCount nodes { id availabilities(first: 50) { nodes { id bookings(first: 5) { nodes { student { fullName } location { name } } } } } } } }' })));
  // Late: its headers started before the signal and end after it; it must not run.
  const late = await openSocket(server.port);
  const lateReply = readUntilClosed(late);
  const lateRequest = rawRequest(JSON.stringify({ query: CREATE_LOCATION, variables: { name: 'shutdown-late-request' } }));
  late.write(lateRequest.slice(0, 30));
  await new Promise((resolve) => setTimeout(resolve, 40));
  server.child.kill('SIGTERM');
  await new Promise((resolve) => setTimeout(resolve, 300));
  late.write(lateRequest.slice(30));
  await new Promise((resolve) => setTimeout(resolve, 300));
  await locker.query('COMMIT');
  await locker.end();

  const lateText = await lateReply;
  expect(lateText).toMatch(/^HTTP\/1\.1 503 /);
  expect(lateText).toMatch(/\r\nretry-after: \d+\r\n/i);
  expect(lateText).toMatch(/\r\nconnection: close\r\n/i);
  expect(lateText).toContain('"SERVICE_UNAVAILABLE"');
  const inFlightText = await inFlightReply;
  expect(inFlightText).toMatch(/^HTTP\/1\.1 200 /);
  expect(inFlightText).toMatch(/\r\nconnection: close\r\n/i);
  expect(inFlightText).toContain('"totalCount"');
  expect((await server.exited).code).toBe(0);
  expect(await committedNames('shutdown-late-')).toEqual([]);
}, 60_000);

it('cancels a statement stuck on a lock once the grace period is over, and exits', async () => {
  const graceSeconds = 1;
  const server = await startServerProcess({ DATABASE_URL: database.url, LOG_LEVEL: 'warn', SHUTDOWN_GRACE_SECONDS: String(graceSeconds) });
  const locker = new Client({ connectionString: database.url });
  await locker.connect();
  try {
    await locker.query('BEGIN');
    await locker.query('LOCK TABLE locations IN ACCESS EXCLUSIVE MODE');
    const agent = new Agent({ keepAlive: true });
    const stuck = createLocation(server.port, agent, 'shutdown-stuck-write');
    // Wait until the INSERT waits for the lock.
    for (let tries = 0; tries < 100; tries += 1) {
      const { rows } = await locker.query<{ waiting: number }>(`SELECT count(*)::int AS waiting FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND datname = current_database()`);
      if (rows[0].waiting > 0) break;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    const signalledAt = Date.now();
    server.child.kill('SIGTERM');
    const exited = await server.exited;
    expect(exited.code).toBe(0);
    // The grace period, then the cancellation and the pool's close: well before the lock is released.
    expect(exited.at - signalledAt).toBeLessThan((graceSeconds + 4) * 1000);
    expect(await stuck).toEqual({ kind: 'refused' });
    agent.destroy();
  } finally {
    await locker.query('ROLLBACK');
    await locker.end();
  }
  expect(await committedNames('shutdown-stuck-')).toEqual([]);
}, 60_000);
