import { Client } from 'pg';
import WebSocket from 'ws';
import { startServerProcess, type ServerProcess } from '../support/server-process';
import { createTestDatabase, type TestDatabase } from '../support/test-database';
import { loadFacts, sleep, type Facts } from '../support/two-instances';
import { connect, type Connection } from '../support/ws-subscriber';

// OWASP API4:2023 (Unrestricted Resource Consumption) on subscriptions, against one API process
// (src/main.ts) with a pool of 3 connections: sockets per client IP, anonymous subscriptions per
// client IP and the lower cost limit of subscriptions.

jest.setTimeout(240_000);

const SOCKETS_PER_IP = 6;
const SUBSCRIPTIONS_PER_CONNECTION = 12;
const SUBSCRIPTIONS_PER_IP = 60;
const POOL_SIZE = 3;

/** About 10,000 by the cost model: under GRAPHQL_MAX_COST (50,000), over SUBSCRIPTION_MAX_COST (1,000). */
const COSTLY = `subscription ($teacherId: ID!) {
  availabilityChanged(teacherId: $teacherId) { id bookings(first: 100) { nodes { id availability { bookings(first: 100) { nodes { id } } } } } }
}`;

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
});
