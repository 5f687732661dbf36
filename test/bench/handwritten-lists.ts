import { ADMIN_ONLY, iso, nodes, VIEWER } from './handwritten-sql';

// The hand-written SQL of the list screens added with the PostGraphile comparison (f, g, h) and of the
// relation-filter screen (rf), one statement each, JSON built
// by PostgreSQL; the handler is test/bench/handwritten-server.ts.

/** f: teachers(50) × availabilities(10) × bookings(2), and each teacher's bookings(10) with student and location. */
export const TEACHERS_SLOTS_BOOKINGS = `
WITH ${VIEWER}
SELECT json_build_object('teachers', ${nodes(`(
  SELECT json_agg(json_build_object('id', t.id::text, 'firstName', t.first_name, 'lastName', t.last_name,
    'availabilities', ${nodes(`(
      SELECT json_agg(json_build_object(
        'id', a.id::text, 'startTime', ${iso('a.start_time')}, 'endTime', ${iso('a.end_time')}, 'isBooked', a.is_booked,
        'bookings', ${nodes(`(
          SELECT json_agg(json_build_object('id', b.id::text, 'startTime', ${iso('b.start_time')}, 'status', upper(b.status)) ORDER BY b.start_time, b.id)
          FROM (SELECT * FROM bookings b WHERE b.availability_id = a.id ORDER BY b.start_time, b.id LIMIT 2) b)`)}
      ) ORDER BY a.start_time, a.id)
      FROM (SELECT * FROM availabilities a WHERE a.teacher_id = t.id ORDER BY a.start_time, a.id LIMIT 10) a)`)},
    'bookings', ${nodes(`(
      SELECT json_agg(json_build_object(
        'id', b.id::text, 'startTime', ${iso('b.start_time')}, 'status', upper(b.status), 'subject', b.subject,
        'student', (SELECT json_build_object('id', st.id::text, 'fullName', st.full_name) FROM students st WHERE st.id = b.student_id),
        'location', (SELECT json_build_object('id', l.id::text, 'name', l.name) FROM locations l WHERE l.id = b.location_id)
      ) ORDER BY b.start_time, b.id)
      FROM (SELECT * FROM bookings b WHERE b.teacher_id = t.id ORDER BY b.start_time, b.id LIMIT 10) b)`)}
  ) ORDER BY t.id)
  FROM (SELECT * FROM teachers t WHERE ${ADMIN_ONLY} ORDER BY t.id LIMIT 50) t)`)})::text AS data`;

/** g: students(50) × bookings(5) → teacher, enrollments(5) → group, weekly reports(5), objectives(5). */
export const STUDENTS_RELATIONSHIPS = `
WITH ${VIEWER}
SELECT json_build_object('students', ${nodes(`(
  SELECT json_agg(json_build_object('id', st.id::text, 'fullName', st.full_name, 'gradeLevel', upper(st.grade_level),
    'bookings', ${nodes(`(
      SELECT json_agg(json_build_object(
        'id', b.id::text, 'startTime', ${iso('b.start_time')}, 'status', upper(b.status),
        'teacher', (SELECT json_build_object('id', t.id::text, 'firstName', t.first_name, 'lastName', t.last_name) FROM teachers t WHERE t.id = b.teacher_id)
      ) ORDER BY b.start_time, b.id)
      FROM (SELECT * FROM bookings b WHERE b.student_id = st.id ORDER BY b.start_time, b.id LIMIT 5) b)`)},
    'enrollments', ${nodes(`(
      SELECT json_agg(json_build_object(
        'id', e.id::text, 'startDate', e.start_date::text, 'isActive', e.is_active,
        'group', (SELECT json_build_object('id', g.id::text, 'name', g.name, 'subject', g.subject) FROM groups g WHERE g.id = e.group_id)
      ) ORDER BY e.id)
      FROM (SELECT * FROM enrollments e WHERE e.student_id = st.id ORDER BY e.id LIMIT 5) e)`)},
    'weeklyReports', ${nodes(`(
      SELECT json_agg(json_build_object(
        'id', w.id::text, 'weekStartDate', w.week_start_date::text, 'weekEndDate', w.week_end_date::text, 'isSentToParents', w.is_sent_to_parents
      ) ORDER BY w.week_start_date DESC, w.id DESC)
      FROM (SELECT * FROM weekly_reports w WHERE w.student_id = st.id ORDER BY w.week_start_date DESC, w.id DESC LIMIT 5) w)`)},
    'studentObjectives', ${nodes(`(
      SELECT json_agg(json_build_object(
        'id', o.id::text, 'subject', o.subject, 'targetDate', o.target_date::text, 'progressPercentage', o.progress_percentage, 'isAchieved', o.is_achieved
      ) ORDER BY o.id)
      FROM (SELECT * FROM student_objectives o WHERE o.student_id = st.id ORDER BY o.id LIMIT 5) o)`)}
  ) ORDER BY st.id)
  FROM (SELECT * FROM students st WHERE ${ADMIN_ONLY} ORDER BY st.id LIMIT 50) st)`)})::text AS data`;

/** h: the first 100 bookings by id with student and teacher. */
export const BOOKINGS_FLAT = `
WITH ${VIEWER}
SELECT json_build_object('bookings', ${nodes(`(
  SELECT json_agg(json_build_object(
    'id', b.id::text, 'startTime', ${iso('b.start_time')}, 'endTime', ${iso('b.end_time')}, 'status', upper(b.status), 'subject', b.subject,
    'student', (SELECT json_build_object('id', st.id::text, 'fullName', st.full_name) FROM students st WHERE st.id = b.student_id),
    'teacher', (SELECT json_build_object('id', t.id::text, 'firstName', t.first_name, 'lastName', t.last_name) FROM teachers t WHERE t.id = b.teacher_id)
  ) ORDER BY b.id)
  FROM (SELECT * FROM bookings b WHERE ${ADMIN_ONLY} ORDER BY b.id LIMIT 100) b)`)})::text AS data`;

/**
 * rf: the first 50 confirmed bookings (by id) whose student's full name contains $2 (ILIKE, with
 * `%`, `_` and the backslash literal, as in the API), with student and teacher; the first 20 teachers (by id)
 * with at least one no-show booking.
 */
export const ADMIN_RELATION_FILTERS = `
WITH ${VIEWER}
SELECT json_build_object(
  'bookings', ${nodes(`(
    SELECT json_agg(json_build_object(
      'id', b.id::text, 'startTime', ${iso('b.start_time')}, 'status', upper(b.status), 'subject', b.subject,
      'student', (SELECT json_build_object('id', st.id::text, 'fullName', st.full_name) FROM students st WHERE st.id = b.student_id),
      'teacher', (SELECT json_build_object('id', t.id::text, 'firstName', t.first_name, 'lastName', t.last_name) FROM teachers t WHERE t.id = b.teacher_id)
    ) ORDER BY b.id)
    FROM (SELECT * FROM bookings b
          WHERE ${ADMIN_ONLY} AND b.status = 'confirmed'
            AND EXISTS (SELECT 1 FROM students st WHERE st.id = b.student_id AND st.full_name ILIKE '%' || regexp_replace($2, '([%_\\\\])', '\\\\\\1', 'g') || '%')
          ORDER BY b.id LIMIT 50) b)`)},
  'teachers', ${nodes(`(
    SELECT json_agg(json_build_object('id', t.id::text, 'firstName', t.first_name, 'lastName', t.last_name) ORDER BY t.id)
    FROM (SELECT * FROM teachers t
          WHERE ${ADMIN_ONLY} AND EXISTS (SELECT 1 FROM bookings b WHERE b.teacher_id = t.id AND b.status = 'no_show')
          ORDER BY t.id LIMIT 20) t)`)}
)::text AS data`;
