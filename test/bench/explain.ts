import { Client } from 'pg';
import { TOUCH_SESSIONS } from '../../src/modules/accounts/session-activity';

// Statement capture and plans. The bench process patches pg's Client#query (in this process only)
// to record the SQL the in-process API sends while one request runs, then EXPLAINs each statement
// with its own parameter values.

export interface CapturedStatement {
  text: string;
  values: unknown[];
}

let capturing: CapturedStatement[] | null = null;
let installed = false;

function installCapture(): void {
  if (installed) return;
  installed = true;
  const prototype = Client.prototype as unknown as { query: (...args: unknown[]) => unknown };
  const original = prototype.query;
  prototype.query = function query(this: unknown, ...args: unknown[]): unknown {
    // The last_activity write runs after requests, outside them (session-activity.ts): it is no
    // request's statement, whichever request it happens to overlap.
    const text = typeof args[0] === 'string' ? args[0] : (args[0] as { text?: string } | null)?.text;
    if (capturing !== null && text !== TOUCH_SESSIONS) {
      const [first, second] = args;
      if (typeof first === 'string') capturing.push({ text: first, values: Array.isArray(second) ? second : [] });
      else if (first !== null && typeof first === 'object' && 'text' in first) {
        const config = first as { text: string; values?: unknown[] };
        capturing.push({ text: config.text, values: config.values ?? (Array.isArray(second) ? second : []) });
      }
    }
    return original.apply(this, args);
  };
}

/** Runs `work` (one request to the in-process API) and returns the statements it sent. */
export async function captureStatements<T>(work: () => Promise<T>): Promise<{ result: T; statements: CapturedStatement[] }> {
  installCapture();
  if (capturing !== null) throw new Error('captureStatements is not re-entrant');
  const statements: CapturedStatement[] = [];
  capturing = statements;
  try {
    const result = await work();
    return { result, statements };
  } finally {
    capturing = null;
  }
}

export interface PlanNode {
  type: string;
  relation: string | null;
  index: string | null;
  /** Rows per loop that passed the node's filter, and rows its filter removed. */
  actualRows: number;
  removedRows: number;
  loops: number;
}

export interface StatementPlan {
  /** The main table read (FROM of the outermost statement), for the report. */
  summary: string;
  nodes: PlanNode[];
  /** Shared buffers hit + read by the whole statement: pages touched, a machine-independent cost. */
  buffers: number;
  planningMs: number;
  executionMs: number;
  /** Seq Scans on tables with at least `largeTableRows` rows. */
  largeSeqScans: string[];
  /** Table rows the statement's scans read (kept or removed by a filter), all loops. */
  rowsRead: number;
  /** What the statement returns: rows, and bytes of their values as PostgreSQL sends them (text). */
  resultRows: number;
  resultBytes: number;
}

interface RawPlan {
  'Node Type': string;
  'Relation Name'?: string;
  'Index Name'?: string;
  'Actual Rows'?: number;
  'Actual Loops'?: number;
  'Rows Removed by Filter'?: number;
  'Shared Hit Blocks'?: number;
  'Shared Read Blocks'?: number;
  Plans?: RawPlan[];
}

function flatten(plan: RawPlan, into: PlanNode[]): PlanNode[] {
  into.push({
    type: plan['Node Type'],
    relation: plan['Relation Name'] ?? null,
    index: plan['Index Name'] ?? null,
    actualRows: plan['Actual Rows'] ?? 0,
    removedRows: plan['Rows Removed by Filter'] ?? 0,
    loops: plan['Actual Loops'] ?? 0,
  });
  for (const child of plan.Plans ?? []) flatten(child, into);
  return into;
}

/** "Index Scan on bookings (idx_bookings_status)", "Seq Scan on enrollments", "Hash Join"... */
export function describeNode(node: PlanNode): string {
  if (node.relation === null) return node.index === null ? node.type : `${node.type} (${node.index})`;
  return `${node.type} on ${node.relation}${node.index ? ` (${node.index})` : ''}`;
}

export function summarize(text: string): string {
  const compact = text.replace(/\s+/g, ' ').trim();
  if (compact.includes('FROM session JOIN users')) return 'viewer: session → user, student, teacher, admin flags, children';
  const lateral = /CROSS JOIN LATERAL \(SELECT .*? FROM "(\w+)" AS c WHERE c\."(\w+)" = p\.key/.exec(compact);
  if (lateral) return `per-parent pages of ${lateral[1]} by ${lateral[2]} (LATERAL)`;
  const count = /^SELECT count\(\*\) AS count FROM "(\w+)"/.exec(compact);
  if (count) return `count of ${count[1]}`;
  const groupCount = /count\(\*\) AS count FROM "(\w+)" AS c WHERE c\."(\w+)" = ANY/.exec(compact);
  if (groupCount) return `counts of ${groupCount[1]} per ${groupCount[2]}`;
  const byKey = /FROM "(\w+)" AS c WHERE c\."(\w+)" = ANY\(\$1::int\[\]\)/.exec(compact);
  if (byKey) return `${byKey[1]} by ${byKey[2]} = ANY($1)`;
  const root = /FROM "(\w+)" AS c .*ORDER BY/.exec(compact);
  if (root) return `root page of ${root[1]}${/\) [<>] \(/.test(compact) ? ' after a cursor' : ''}`;
  return compact.slice(0, 70);
}

/** Exact row counts of the tables of the public schema. */
export async function tableSizes(client: Client): Promise<Map<string, number>> {
  const { rows: tables } = await client.query<{ relname: string }>(
    `SELECT relname FROM pg_class WHERE relkind = 'r' AND relnamespace = 'public'::regnamespace AND relname <> 'migrations' ORDER BY relname`,
  );
  const { rows } = await client.query<{ relname: string; rows: number }>(
    tables.map((table) => `SELECT '${table.relname}' AS relname, count(*)::int AS rows FROM "${table.relname}"`).join(' UNION ALL '),
  );
  return new Map(rows.map((row) => [row.relname, row.rows]));
}

/**
 * EXPLAIN (ANALYZE, BUFFERS) of one captured statement, in a transaction rolled back afterwards
 * (the viewer lookup's CTE may touch user_sessions.last_activity).
 */
export async function explain(client: Client, statement: CapturedStatement, sizes: Map<string, number>, largeTableRows: number): Promise<StatementPlan> {
  await client.query('BEGIN');
  try {
    // The result as the driver receives it, every value left as text: what the API has to parse.
    const raw = await client.query({ text: statement.text, values: statement.values, rowMode: 'array', types: { getTypeParser: () => (value: string) => value } });
    const resultRows = raw.rows.length;
    const resultBytes = (raw.rows as Array<Array<string | null>>).reduce((sum, row) => sum + row.reduce((size, value) => size + (value === null ? 0 : Buffer.byteLength(value)), 0), 0);
    const { rows } = await client.query<{ 'QUERY PLAN': Array<{ Plan: RawPlan; 'Planning Time': number; 'Execution Time': number }> }>(
      `EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) ${statement.text}`,
      statement.values,
    );
    const [{ Plan: plan, 'Planning Time': planningMs, 'Execution Time': executionMs }] = rows[0]['QUERY PLAN'];
    const nodes = flatten(plan, []);
    const largeSeqScans = nodes
      .filter((node) => node.type === 'Seq Scan' && node.relation !== null && (sizes.get(node.relation) ?? 0) >= largeTableRows)
      .map((node) => `${node.relation} (${(sizes.get(node.relation as string) ?? 0).toLocaleString('en-US')} rows)`);
    return {
      summary: summarize(statement.text),
      nodes,
      buffers: (plan['Shared Hit Blocks'] ?? 0) + (plan['Shared Read Blocks'] ?? 0),
      planningMs,
      executionMs,
      largeSeqScans,
      rowsRead: Math.round(
        nodes
          .filter((node) => node.relation !== null && node.type !== 'ModifyTable')
          .reduce((sum, node) => sum + (node.actualRows + node.removedRows) * node.loops, 0),
      ),
      resultRows,
      resultBytes,
    };
  } finally {
    await client.query('ROLLBACK');
  }
}
