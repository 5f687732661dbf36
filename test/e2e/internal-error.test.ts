import { configureLogger } from '../../src/server/logger';
import { startTestApp, type TestApp } from '../support/test-app';

// INTERNAL_SERVER_ERROR: an app whose database pool is gone. The client gets the code and a fixed
// message, nothing of the SQL, the driver or the stack; the server logs the real error.

describe('an internal error', () => {
  let app: TestApp;
  const logged: Array<Record<string, unknown>> = [];
  beforeAll(async () => {
    configureLogger({ level: 'info', format: 'json' }, { write: (line: string) => logged.push(JSON.parse(line) as Record<string, unknown>) });
    app = await startTestApp();
    // The one lookup of the viewer happens per request; make sure the app works before breaking it.
    const before = await app.graphql('{ formulas(first: 1) { totalCount } }');
    expect(before.errors).toBeUndefined();
    await app.dataSource.destroy();
  });
  afterAll(async () => {
    configureLogger({ level: 'silent', format: 'json' });
    await app.dataSource.initialize(); // close() destroys it again
    await app.close();
  });

  it.each([
    ['a root list', '{ bookings(first: 3) { totalCount nodes { id } } }', 'bookings'],
    ['a one-by-id field', '{ booking(id: "1") { id } }', 'booking'],
  ])('%s is INTERNAL_SERVER_ERROR with no internals in the body', async (_name, query, field) => {
    const response = await app.graphql(query);
    const text = JSON.stringify(response);
    const body = response as unknown as { errors: Array<{ message: string; path?: string[]; extensions: Record<string, unknown> }> };
    expect(body.errors).toHaveLength(1);
    const [error] = body.errors;
    expect(error.message).toBe('Internal server error');
    expect(error.path).toEqual([field]);
    expect(Object.keys(error.extensions)).toEqual(['code']);
    expect(error.extensions.code).toBe('INTERNAL_SERVER_ERROR');
    expect(text).not.toMatch(/stacktrace|select |pool|typeorm|postgres|node_modules|\.ts:\d|at [A-Za-z.]+ \(/i);
    // The real cause is logged on the server: one error line for the request, with the error's type.
    const lines = logged.filter((line) => line.level === 'error' && line.path === '/graphql' && line.status === 200 && line.sqlStatements !== undefined);
    expect(lines.at(-1)).toMatchObject({ reqId: expect.any(String), errorCodes: ['INTERNAL_SERVER_ERROR'], err: { type: expect.any(String), message: expect.any(String), stack: expect.any(String) } });
  });

  it('/readyz reports the database unavailable, /healthz still answers', async () => {
    const base = new URL(app.url);
    const ready = await fetch(new URL('/readyz', base));
    expect(ready.status).toBe(503);
    expect(await ready.text()).not.toMatch(/typeorm|pool|stack/i);
    const health = await fetch(new URL('/healthz', base));
    expect(health.status).toBe(200);
  });
});
