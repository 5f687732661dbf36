import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Pool } from 'pg';
import { hashToken } from '../../src/modules/accounts/session-token';
import { taughtStudentIds } from '../../src/modules/teachers/teaching-relationship';
import { ADMIN_ONLY, iso, nodes, VIEWER } from './handwritten-sql';
import { ADMIN_RELATION_FILTERS, BOOKINGS_FLAT, STUDENTS_RELATIONSHIPS, TEACHERS_SLOTS_BOOKINGS } from './handwritten-lists';

// The lower bound of the bench: what the screens would cost written by hand. A bare node:http
// handler receives the same GraphQL request bodies as the API, recognises the operation by name
// and answers with ONE hand-written SQL statement per request (session check included), whose
// result is the response's `data` as JSON text built by PostgreSQL: Node only concatenates it.
// No GraphQL parsing or validation, no resolvers, no DataLoader. It applies the same visibility
// rules as the API for these screens (everything hangs off the signed-in viewer: a teacher reads
// the students it teaches now, a parent the children of confirmed links), so its `data` must equal
// the API's: the bench checks that before measuring.

interface Body {
  operationName?: string;
  variables?: Record<string, unknown>;
}

type Sql = <Row>(text: string, values: unknown[]) => Promise<Row[]>;
type Handler = (sql: Sql, tokenHash: string, variables: Record<string, unknown>) => Promise<string>;

const TEACHER_WEEK = `
WITH ${VIEWER}
SELECT json_build_object('me', (
  SELECT json_build_object('id', v.user_id::text, 'firstName', v.first_name, 'lastName', v.last_name, 'teacher', (
    SELECT json_build_object('id', t.id::text, 'availabilities', ${nodes(`(
      SELECT json_agg(json_build_object(
        'id', a.id::text, 'startTime', ${iso('a.start_time')}, 'endTime', ${iso('a.end_time')},
        'isBooked', a.is_booked, 'isForInPerson', a.is_for_in_person,
        'bookings', ${nodes(`(
          SELECT json_agg(json_build_object(
            'id', b.id::text, 'startTime', ${iso('b.start_time')}, 'endTime', ${iso('b.end_time')}, 'status', upper(b.status),
            'subject', b.subject, 'topic', b.topic, 'format', upper(b.format),
            'student', (SELECT json_build_object('id', st.id::text, 'fullName', st.full_name, 'gradeLevel', upper(st.grade_level)) FROM students st WHERE st.id = b.student_id AND st.id IN ${taughtStudentIds('t.id')}),
            'location', (SELECT json_build_object('id', l.id::text, 'name', l.name, 'address', l.address) FROM locations l WHERE l.id = b.location_id)
          ) ORDER BY b.start_time, b.id)
          FROM (SELECT * FROM bookings b WHERE b.availability_id = a.id AND b.teacher_id = t.id ORDER BY b.start_time, b.id LIMIT 5) b)`)}
      ) ORDER BY a.start_time, a.id)
      FROM (SELECT * FROM availabilities a WHERE a.teacher_id = t.id AND a.start_time >= $2 AND a.start_time < $3 ORDER BY a.start_time, a.id LIMIT 50) a)`)})
    FROM teachers t WHERE t.user_id = v.user_id))
  FROM viewer v))::text AS data`;

const PARENT_DASHBOARD = `
WITH ${VIEWER}
SELECT json_build_object('me', (
  SELECT json_build_object('id', v.user_id::text, 'firstName', v.first_name, 'lastName', v.last_name, 'childRelations', ${nodes(`(
    SELECT json_agg(json_build_object(
      'id', r.id::text, 'relationType', upper(r.relation_type), 'canViewGrades', r.can_view_grades, 'canReceiveReports', r.can_receive_reports,
      'childUser', (SELECT json_build_object('id', cu.id::text, 'firstName', cu.first_name, 'student', (
        SELECT json_build_object('id', st.id::text, 'fullName', st.full_name, 'gradeLevel', upper(st.grade_level),
          'bookings', ${nodes(`(
            SELECT json_agg(json_build_object(
              'id', b.id::text, 'startTime', ${iso('b.start_time')}, 'endTime', ${iso('b.end_time')}, 'subject', b.subject,
              'status', upper(b.status), 'format', upper(b.format),
              'teacher', (SELECT json_build_object('id', t.id::text, 'firstName', t.first_name, 'lastName', t.last_name) FROM teachers t WHERE t.id = b.teacher_id)
            ) ORDER BY b.start_time, b.id)
            FROM (SELECT * FROM bookings b WHERE b.student_id = st.id AND b.start_time >= $2 ORDER BY b.start_time, b.id LIMIT 5) b)`)},
          'individualSessions', ${nodes(`(
            SELECT json_agg(json_build_object(
              'id', i.id::text, 'scheduledAt', ${iso('i.scheduled_at')}, 'durationMinutes', i.duration_minutes, 'subject', i.subject, 'status', upper(i.status)
            ) ORDER BY i.scheduled_at, i.id)
            FROM (SELECT * FROM individual_sessions i WHERE i.student_id = st.id AND i.scheduled_at >= $2 ORDER BY i.scheduled_at, i.id LIMIT 5) i)`)},
          'assessments', ${nodes(`(
            SELECT json_agg(json_build_object(
              'id', x.id::text, 'title', x.title, 'subject', x.subject, 'assessmentType', upper(x.assessment_type), 'score', x.score,
              'isCompleted', x.is_completed, 'completedAt', ${iso('x.completed_at')}
            ) ORDER BY x.created_at DESC, x.id DESC)
            FROM (SELECT * FROM assessments x WHERE x.student_id = st.id AND r.can_view_grades IS TRUE ORDER BY x.created_at DESC, x.id DESC LIMIT 5) x)`)},
          'weeklyReports', ${nodes(`(
            SELECT json_agg(json_build_object(
              'id', w.id::text, 'weekStartDate', w.week_start_date::text, 'weekEndDate', w.week_end_date::text,
              'isSentToParents', w.is_sent_to_parents, 'ariaInsights', w.aria_insights
            ) ORDER BY w.week_start_date DESC, w.id DESC)
            FROM (SELECT * FROM weekly_reports w WHERE w.student_id = st.id AND r.can_receive_reports IS TRUE ORDER BY w.week_start_date DESC, w.id DESC LIMIT 4) w)`)}
        ) FROM students st WHERE st.user_id = cu.id)) FROM users cu WHERE cu.id = r.child_user_id AND r.confirmed_at IS NOT NULL)
    ) ORDER BY r.id)
    FROM (SELECT * FROM parent_child_relations r WHERE r.parent_user_id = v.user_id ORDER BY r.id LIMIT 10) r)`)})
  FROM viewer v))::text AS data`;

const STUDENT_DASHBOARD = `
WITH ${VIEWER}
SELECT json_build_object('me', (
  SELECT json_build_object('id', v.user_id::text, 'firstName', v.first_name, 'student', (
    SELECT json_build_object('id', st.id::text, 'fullName', st.full_name, 'gradeLevel', upper(st.grade_level),
      'bookings', ${nodes(`(
        SELECT json_agg(json_build_object(
          'id', b.id::text, 'startTime', ${iso('b.start_time')}, 'endTime', ${iso('b.end_time')}, 'subject', b.subject,
          'status', upper(b.status), 'format', upper(b.format),
          'teacher', (SELECT json_build_object('id', t.id::text, 'firstName', t.first_name, 'lastName', t.last_name) FROM teachers t WHERE t.id = b.teacher_id),
          'location', (SELECT json_build_object('id', l.id::text, 'name', l.name) FROM locations l WHERE l.id = b.location_id)
        ) ORDER BY b.start_time, b.id)
        FROM (SELECT * FROM bookings b WHERE b.student_id = st.id AND b.start_time >= $2 ORDER BY b.start_time, b.id LIMIT 5) b)`)},
      'enrollments', ${nodes(`(
        SELECT json_agg(json_build_object(
          'id', e.id::text, 'startDate', e.start_date::text, 'preferredFormat', upper(e.preferred_format),
          'group', (SELECT json_build_object('id', g.id::text, 'name', g.name, 'subject', g.subject, 'schedule', g.schedule) FROM groups g WHERE g.id = e.group_id),
          'formula', (SELECT json_build_object('id', f.id::text, 'name', f.name, 'type', upper(f.type), 'priceDt', f.price_dt::text, 'hoursPerMonth', f.hours_per_month) FROM formulas f WHERE f.id = e.formula_id)
        ) ORDER BY e.id)
        FROM (SELECT * FROM enrollments e WHERE e.student_id = st.id AND e.is_active = true ORDER BY e.id LIMIT 10) e)`)},
      'studentObjectives', ${nodes(`(
        SELECT json_agg(json_build_object(
          'id', o.id::text, 'subject', o.subject, 'objectiveText', o.objective_text, 'targetDate', o.target_date::text,
          'progressPercentage', o.progress_percentage, 'isAchieved', o.is_achieved
        ) ORDER BY o.target_date, o.id)
        FROM (SELECT * FROM student_objectives o WHERE o.student_id = st.id ORDER BY o.target_date, o.id LIMIT 10) o)`)},
      'ariaInteractions', ${nodes(`(
        SELECT json_agg(json_build_object(
          'id', x.id::text, 'interactionType', upper(x.interaction_type), 'userInput', x.user_input, 'ariaResponse', x.aria_response,
          'createdAt', ${iso('x.created_at')}
        ) ORDER BY x.created_at DESC, x.id DESC)
        FROM (SELECT * FROM aria_interactions x WHERE x.student_id = st.id ORDER BY x.created_at DESC, x.id DESC LIMIT 5) x)`)}
    ) FROM students st WHERE st.user_id = v.user_id))
  FROM viewer v))::text AS data`;

function adminBookings(afterCursor: boolean): string {
  const keyset = afterCursor ? 'AND (b.start_time, b.id) > ($5::timestamptz, $6::int)' : '';
  return `
WITH ${VIEWER}, page AS (
  SELECT b.* FROM bookings b
  WHERE ${ADMIN_ONLY} AND b.status = $2 AND b.start_time >= $3 ${keyset}
  ORDER BY b.start_time, b.id LIMIT $4::int + 1
), shown AS (
  SELECT * FROM page ORDER BY start_time, id LIMIT $4
)
SELECT coalesce((
  SELECT json_agg(json_build_object(
    'id', b.id::text, 'startTime', ${iso('b.start_time')}, 'endTime', ${iso('b.end_time')}, 'status', upper(b.status),
    'subject', b.subject, 'format', upper(b.format),
    'student', (SELECT json_build_object('id', st.id::text, 'fullName', st.full_name) FROM students st WHERE st.id = b.student_id),
    'teacher', (SELECT json_build_object('id', t.id::text, 'firstName', t.first_name, 'lastName', t.last_name) FROM teachers t WHERE t.id = b.teacher_id)
  ) ORDER BY b.start_time, b.id) FROM shown b), '[]'::json)::text AS nodes,
  (SELECT count(*) FROM page) AS fetched,
  (SELECT json_build_array(${iso('b.start_time')}, b.id)::text FROM shown b ORDER BY b.start_time DESC, b.id DESC LIMIT 1) AS last`;
}

const NESTED_TEACHERS = `
WITH ${VIEWER}
SELECT json_build_object('teachers', ${nodes(`(
  SELECT json_agg(json_build_object('id', t.id::text, 'firstName', t.first_name, 'lastName', t.last_name, 'bookings', ${nodes(`(
    SELECT json_agg(json_build_object(
      'id', b.id::text, 'startTime', ${iso('b.start_time')}, 'status', upper(b.status),
      'student', (SELECT json_build_object('id', st.id::text, 'fullName', st.full_name) FROM students st WHERE st.id = b.student_id),
      'location', (SELECT json_build_object('id', l.id::text, 'name', l.name) FROM locations l WHERE l.id = b.location_id)
    ) ORDER BY b.id)
    FROM (SELECT * FROM bookings b WHERE b.teacher_id = t.id ORDER BY b.id LIMIT 5) b)`)}) ORDER BY t.id)
  FROM (SELECT * FROM teachers t WHERE ${ADMIN_ONLY} ORDER BY t.id LIMIT 50) t)`)})::text AS data`;

/** groupedAggregates by hand: a JSON array of groups, [] when there is none. */
function groups(aggregate: string): string {
  return `coalesce(${aggregate}, '[]'::json)`;
}

const ADMIN_INSIGHTS = `
WITH ${VIEWER}, admin AS (SELECT 1 FROM viewer WHERE role = 'admin')
SELECT json_build_object(
  'bookings', json_build_object(
    'aggregates', (SELECT json_build_object('count', count(*), 'distinctCount', json_build_object('studentId', count(DISTINCT b.student_id)))
                     FROM bookings b WHERE EXISTS (SELECT 1 FROM admin)),
    'groupedAggregates', ${groups(`(
      SELECT json_agg(json_build_object('keys', json_build_array(${iso('m.month')}), 'count', m.count, 'sum', json_build_object('durationMinutes', m.minutes)) ORDER BY m.month)
      FROM (SELECT date_trunc('month', b.start_time, 'UTC') AS month, count(*) AS count, sum(b.duration_minutes) AS minutes
              FROM bookings b WHERE EXISTS (SELECT 1 FROM admin) GROUP BY 1) m)`)}),
  'teachers', ${nodes(`(
    SELECT json_agg(json_build_object('id', t.id::text, 'lastName', t.last_name, 'bookings', json_build_object('groupedAggregates', ${groups(`(
      SELECT json_agg(json_build_object('keys', json_build_array(upper(s.status)), 'count', s.count) ORDER BY s.status NULLS LAST)
      FROM (SELECT b.status, count(*) AS count FROM bookings b WHERE b.teacher_id = t.id GROUP BY b.status) s)`)})) ORDER BY t.id)
    FROM (SELECT * FROM teachers t WHERE EXISTS (SELECT 1 FROM admin) ORDER BY t.id LIMIT 20) t)`)},
  'formulas', json_build_object('groupedAggregates', ${groups(`(
    SELECT json_agg(json_build_object('keys', json_build_array(upper(f.type)), 'count', f.count, 'avg', json_build_object('priceDt', f.average)) ORDER BY f.type NULLS LAST)
    FROM (SELECT type, count(*) AS count, round(avg(price_dt), 3)::text AS average FROM formulas GROUP BY type) f)`)})
)::text AS data`;

async function single(sql: Sql, text: string, values: unknown[]): Promise<string> {
  const [row] = await sql<{ data: string }>(text, values);
  return row.data;
}

/** The API's opaque cursor for ORDER BY startTime ASC, id ASC (see src/graphql/connections/cursor.ts). */
function cursorOf(startTime: string, id: number): string {
  return Buffer.from(JSON.stringify({ o: 'startTime+,id+', v: [startTime, id] })).toString('base64url');
}

function decodeCursor(cursor: string): [string, number] {
  const payload = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as { v: [string, number] };
  return payload.v;
}

const HANDLERS: Record<string, Handler> = {
  TeacherWeek: (sql, token, variables) => single(sql, TEACHER_WEEK, [token, variables.from, variables.to]),
  ParentDashboard: (sql, token, variables) => single(sql, PARENT_DASHBOARD, [token, variables.now]),
  StudentDashboard: (sql, token, variables) => single(sql, STUDENT_DASHBOARD, [token, variables.now]),
  TeachersWithBookings: (sql, token) => single(sql, NESTED_TEACHERS, [token]),
  TeachersSlotsBookings: (sql, token) => single(sql, TEACHERS_SLOTS_BOOKINGS, [token]),
  StudentsRelationships: (sql, token) => single(sql, STUDENTS_RELATIONSHIPS, [token]),
  BookingsFlat: (sql, token) => single(sql, BOOKINGS_FLAT, [token]),
  AdminInsights: (sql, token) => single(sql, ADMIN_INSIGHTS, [token]),
  AdminRelationFilters: (sql, token, variables) => single(sql, ADMIN_RELATION_FILTERS, [token, variables.name]),
  AdminBookings: async (sql, token, variables) => {
    const filter = variables.filter as { status: { eq: string }; startTime: { gte: string } };
    const first = variables.first as number;
    const after = typeof variables.after === 'string' ? decodeCursor(variables.after) : null;
    const values: unknown[] = [token, filter.status.eq.toLowerCase(), filter.startTime.gte, first, ...(after ?? [])];
    const [{ nodes: list, fetched, last }] = await sql<{ nodes: string; fetched: number; last: string | null }>(adminBookings(after !== null), values);
    const end = last === null ? null : cursorOf(...(JSON.parse(last) as [string, number]));
    return `{"bookings":{"nodes":${list},"pageInfo":{"hasNextPage":${fetched > first},"endCursor":${JSON.stringify(end)}}}}`;
  },
};

function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    request.on('error', reject);
  });
}

function send(response: ServerResponse, status: number, text: string): void {
  response.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text) });
  response.end(text);
}

export interface HandwrittenServer {
  port: number;
  stop(): Promise<void>;
}

export async function startHandwrittenServer(databaseUrl: string, poolSize: number): Promise<HandwrittenServer> {
  const pool = new Pool({ connectionString: databaseUrl, max: poolSize, application_name: 'nexus-bench-handwritten' });
  const server = createServer((request, response) => {
    if (request.method !== 'POST') return send(response, 405, '{"errors":[{"message":"POST only"}]}');
    readBody(request)
      .then(async (text) => {
        const body = JSON.parse(text) as Body;
        const handler = HANDLERS[body.operationName ?? ''];
        if (!handler) return send(response, 400, '{"errors":[{"message":"unknown operation"}]}');
        const match = /^Bearer\s+(\S+)$/i.exec(request.headers.authorization ?? '');
        let statements = 0;
        const sql: Sql = async <Row>(text: string, values: unknown[]) => {
          statements += 1;
          return (await pool.query(text, values)).rows as Row[];
        };
        const data = await handler(sql, hashToken(match?.[1] ?? ''), body.variables ?? {});
        send(response, 200, `{"data":${data},"extensions":{"sqlStatements":${statements}}}`);
      })
      .catch((error: unknown) => send(response, 500, JSON.stringify({ errors: [{ message: (error as Error).message }] })));
  });
  server.keepAliveTimeout = 60_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as AddressInfo).port,
    stop: async () => {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await pool.end();
    },
  };
}
