import type { Client } from 'pg';
import { bearerFor, type ServerProcess } from './server-process';

// Helpers of test/operations/two-instances.test.ts: the accounts it acts as (read from the seeded
// template), HTTP calls, its operations, and waiting.

export interface Facts {
  teacher: { teacherId: number; userId: number; subject: string; token: string };
  otherTeacher: { teacherId: number; userId: number; subject: string; token: string };
  student: { studentId: number; userId: number; token: string };
  /** A parent with a confirmed link to the student. */
  linkedParent: { userId: number; token: string };
  /** A parent without any link to the student, who may book for a child of their own. */
  unlinkedParent: { userId: number; childStudentId: number; token: string };
  admin: { token: string };
}

export async function one<T>(sql: Client, text: string, values: unknown[] = []): Promise<T> {
  const { rows } = await sql.query(text, values);
  if (rows.length === 0) throw new Error(`no row for ${text}`);
  return rows[0] as T;
}

export async function post<T>(instance: ServerProcess, query: string, variables: Record<string, unknown>, authorization?: string): Promise<{ data?: T; errors?: Array<{ message: string; extensions?: { code?: string } }> }> {
  const response = await fetch(instance.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(authorization ? { authorization } : {}) },
    body: JSON.stringify({ query, variables }),
  });
  return (await response.json()) as { data?: T; errors?: Array<{ message: string; extensions?: { code?: string } }> };
}

export async function mutate<T>(instance: ServerProcess, query: string, variables: Record<string, unknown>, authorization: string): Promise<T> {
  const result = await post<T>(instance, query, variables, authorization);
  if (result.errors || !result.data) throw new Error(`mutation refused: ${JSON.stringify(result.errors)}`);
  return result.data;
}

export async function waitFor(condition: () => boolean, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export const PUBLISH = `mutation ($start: DateTime!, $end: DateTime!) {
  publishAvailability(input: { startTime: $start, endTime: $end, isForInPerson: false }) { id }
}`;
export const BOOK = `mutation ($availabilityId: ID!, $studentId: ID!, $subject: String!) {
  bookAvailability(input: { availabilityId: $availabilityId, studentId: $studentId, subject: $subject, format: ONLINE }) { id }
}`;
export const CANCEL = 'mutation ($bookingId: ID!) { cancelBooking(input: { bookingId: $bookingId, reason: "Plans changed" }) { id status } }';
export const SEND_MESSAGE = `mutation ($studentId: ID!, $recipientUserId: ID!) {
  sendParentMessage(input: { studentId: $studentId, recipientUserId: $recipientUserId, subject: "Progress", message: "Good week." }) { id }
}`;
export const BOOKING_CHANGED = 'subscription ($teacherId: ID, $studentId: ID) { bookingChanged(teacherId: $teacherId, studentId: $studentId) { kind booking { id status teacherId studentId } } }';
export const MESSAGE_RECEIVED = 'subscription { messageReceived { id subject } }';
export const AVAILABILITY_CHANGED = 'subscription ($teacherId: ID!) { availabilityChanged(teacherId: $teacherId) { id teacherId isBooked startTime } }';

export interface BookingEventData {
  bookingChanged: { kind: string; booking: { id: string; status: string; teacherId: string; studentId: string } };
}
export interface MessageData {
  messageReceived: { id: string; subject: string };
}
export interface SlotData {
  availabilityChanged: { id: string; teacherId: string; isBooked: boolean | null; startTime: string };
}

/** A slot of one hour far ahead (2031), on `day` at `hour` UTC: clear of every seeded lesson. */
export function slotTimes(day: number, hour: number): { start: string; end: string } {
  const start = new Date(Date.UTC(2031, 0, day, hour));
  return { start: start.toISOString(), end: new Date(start.getTime() + 3_600_000).toISOString() };
}

/** The accounts of the test, with a session each. */
export async function loadFacts(sql: Client, databaseUrl: string): Promise<Facts> {
  const teacher = await one<{ teacherId: number; userId: number; subject: string }>(
    sql,
    `SELECT t.id AS "teacherId", u.id AS "userId", t.subjects->>0 AS subject FROM teachers t JOIN users u ON u.id = t.user_id WHERE u.email = 'teacher@example.com'`,
  );
  const student = await one<{ studentId: number; userId: number }>(
    sql,
    `SELECT s.id AS "studentId", u.id AS "userId" FROM students s JOIN users u ON u.id = s.user_id WHERE u.email = 'student@example.com'`,
  );
  const otherTeacher = await one<{ teacherId: number; userId: number; subject: string; email: string }>(
    sql,
    `SELECT t.id AS "teacherId", u.id AS "userId", t.subjects->>0 AS subject, u.email FROM teachers t JOIN users u ON u.id = t.user_id
     WHERE u.status = 'active' AND u.id <> $1 AND jsonb_array_length(t.subjects) > 0 ORDER BY t.id LIMIT 1`,
    [teacher.userId],
  );
  const linkedParent = await one<{ userId: number; email: string }>(
    sql,
    `SELECT u.id AS "userId", u.email FROM parent_child_relations r JOIN users u ON u.id = r.parent_user_id
     WHERE r.child_user_id = $1 AND r.confirmed_at IS NOT NULL AND u.status = 'active' ORDER BY u.id LIMIT 1`,
    [student.userId],
  );
  const unlinkedParent = await one<{ userId: number; email: string; childStudentId: number }>(
    sql,
    `SELECT u.id AS "userId", u.email, s.id AS "childStudentId" FROM users u
     JOIN parent_child_relations r ON r.parent_user_id = u.id AND r.confirmed_at IS NOT NULL AND r.can_book_sessions
     JOIN students s ON s.user_id = r.child_user_id AND s.is_active IS NOT FALSE
     WHERE u.role = 'parent' AND u.status = 'active'
       AND NOT EXISTS (SELECT 1 FROM parent_child_relations o WHERE o.parent_user_id = u.id AND o.child_user_id = $1)
     ORDER BY u.id, s.id LIMIT 1`,
    [student.userId],
  );
  const [teacherToken, otherTeacherToken, studentToken, linkedParentToken, unlinkedParentToken, adminToken] = await Promise.all(
    ['teacher@example.com', otherTeacher.email, 'student@example.com', linkedParent.email, unlinkedParent.email, 'admin@example.com'].map((email) => bearerFor(databaseUrl, email)),
  );
  return {
    teacher: { ...teacher, token: teacherToken },
    otherTeacher: { teacherId: otherTeacher.teacherId, userId: otherTeacher.userId, subject: otherTeacher.subject, token: otherTeacherToken },
    student: { ...student, token: studentToken },
    linkedParent: { userId: linkedParent.userId, token: linkedParentToken },
    unlinkedParent: { userId: unlinkedParent.userId, childStudentId: unlinkedParent.childStudentId, token: unlinkedParentToken },
    admin: { token: adminToken },
  };
}
