import type { PoolClient, QueryConfig } from 'pg';

/**
 * Named (prepared) statements with a bounded cache per pool connection.
 *
 * An unnamed statement is parsed and planned by PostgreSQL on every execution; a named one is
 * parsed once per connection and, after five executions, may run on a cached generic plan
 * (PostgreSQL, "PREPARE": plan_cache_mode = auto). Planning cost as much as executing on the
 * API's statements (docs/benchmarks.md), so every statement SqlClient sends outside a transaction
 * is named by its text.
 *
 * pg (8.x) keeps the names a connection has prepared in an unbounded map and never deallocates
 * them, and our statement texts are few in shape but not in number: every distinct filter, order
 * and page shape is a different text. So each connection keeps at most `capacity` names, least
 * recently used first out: the evicted statement is deallocated in PostgreSQL (`DEALLOCATE`) and
 * forgotten by pg (its `connection.parsedStatements` entry is deleted: pg offers no public call for
 * it, hence this small piece of our own code). Names are never reused on one connection (a counter),
 * so a name pg still remembers cannot point at another text.
 *
 * Off (`DATABASE_PREPARED_STATEMENTS=off`) for PgBouncer in transaction mode, which hands each
 * statement to any server connection, where a name prepared on another would not exist.
 */
export class PreparedStatementCache {
  private readonly connections = new WeakMap<PoolClient, ConnectionStatements>();

  /** @param capacity most named statements kept per pool connection (≥ 1). */
  constructor(readonly capacity: number) {
    if (!Number.isInteger(capacity) || capacity < 1) throw new RangeError('capacity must be a whole number ≥ 1');
  }

  /**
   * The query config naming `text` on this connection. When the connection already holds
   * `capacity` names, the least recently used one is deallocated first (one extra round trip,
   * not counted as a statement of the request: it is the driver's housekeeping).
   */
  async named(client: PoolClient, text: string, values: unknown[]): Promise<QueryConfig> {
    let statements = this.connections.get(client);
    if (statements === undefined) {
      statements = { names: new Map(), next: 0 };
      this.connections.set(client, statements);
    }
    let name = statements.names.get(text);
    if (name !== undefined) {
      // Map keeps insertion order: re-inserting marks the text as the most recently used.
      statements.names.delete(text);
      statements.names.set(text, name);
      return { name, text, values };
    }
    while (statements.names.size >= this.capacity) {
      const [oldestText, oldestName] = statements.names.entries().next().value as [string, string];
      statements.names.delete(oldestText);
      await deallocate(client, oldestName);
    }
    name = `nx_${statements.next}`;
    statements.next += 1;
    statements.names.set(text, name);
    return { name, text, values };
  }

  /** Names this connection holds (for tests). */
  size(client: PoolClient): number {
    return this.connections.get(client)?.names.size ?? 0;
  }
}

interface ConnectionStatements {
  /** Statement text → name, least recently used first. */
  names: Map<string, string>;
  next: number;
}

interface ParsedStatements {
  connection?: { parsedStatements?: Record<string, string> };
}

async function deallocate(client: PoolClient, name: string): Promise<void> {
  const parsed = (client as unknown as ParsedStatements).connection?.parsedStatements;
  // A statement whose Parse failed (or never ran) was never prepared: nothing to deallocate.
  if (parsed === undefined || parsed[name] === undefined) return;
  delete parsed[name];
  await client.query(`DEALLOCATE ${name}`);
}
