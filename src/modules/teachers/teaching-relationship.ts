// "The students a teacher teaches", defined once and in time, for the row policies (what a teacher
// reads), the write checks (objectives, weekly reports, messages) and Teacher.students alike.
//
// A teacher teaches a student while one of these holds:
// - a booking with the teacher that is not cancelled and starts after now() − TEACHING_RECENCY
//   (an upcoming lesson, or one held within the last three months);
// - an individual session with the teacher, not cancelled, scheduled after now() − TEACHING_RECENCY;
// - an active enrollment (is_active) with the teacher, or in one of the teacher's groups.
// A lesson cancelled ahead therefore gives nothing, and a relationship ends three months after the
// last lesson (or when the enrollment ends): the teacher no longer reads or writes the record.

/** How long after the last lesson a teacher still teaches the student (a school term). A PostgreSQL interval. */
export const TEACHING_RECENCY = '3 months';

/**
 * SQL: the ids of the students the teacher `teacher` (an SQL expression: a parameter such as $1,
 * or a column such as p.key) teaches now, as a parenthesised set usable after IN. Each branch
 * reads through an index led by the teacher (bookings and individual sessions by (teacher_id,
 * start time), enrollments by teacher_id or group_id).
 */
export function taughtStudentIds(teacher: string): string {
  const since = `now() - interval '${TEACHING_RECENCY}'`;
  return (
    `(SELECT b.student_id FROM bookings b WHERE b.teacher_id = ${teacher} AND b.start_time > ${since} AND b.status IS DISTINCT FROM 'cancelled' ` +
    `UNION SELECT i.student_id FROM individual_sessions i WHERE i.teacher_id = ${teacher} AND i.scheduled_at > ${since} AND i.status IS DISTINCT FROM 'cancelled' ` +
    `UNION SELECT e.student_id FROM enrollments e WHERE e.teacher_id = ${teacher} AND e.is_active IS TRUE ` +
    // A separate branch (not an OR across a join) so that both use an index.
    `UNION SELECT e.student_id FROM enrollments e JOIN groups g ON g.id = e.group_id WHERE g.teacher_id = ${teacher} AND e.is_active IS TRUE)`
  );
}
