import type { TestApp } from '../../../../test/support/test-app';

/** The first row of a query on the test's database, and a token for a user picked by SQL. */
export function familySql(app: () => TestApp) {
  async function one<T>(sql: string, values: unknown[] = []): Promise<T> {
    return ((await app().dataSource.query(sql, values)) as T[])[0];
  }
  async function tokenOf(userId: number): Promise<string> {
    return app().signIn((await one<{ email: string }>('SELECT email FROM users WHERE id = $1', [userId])).email);
  }
  return { one, tokenOf };
}
