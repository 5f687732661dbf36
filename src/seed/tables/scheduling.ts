import { ActorRole } from '../../modules/accounts/actor-role.enum';
import { BookingStatus, LessonFormat, SessionStatus } from '../../modules/scheduling/scheduling.enums';
import { EngagementLevel } from '../../modules/students/engagement-level.enum';
import {
  DAY,
  HOUR,
  MINUTE,
  REFERENCE,
  WEEKDAYS_EN,
  WINDOW_MINUTES,
  bookingWindow,
  bookingWindowDay,
  individualWindow,
  iso,
  tunisClock,
} from '../calendar';
import {
  BOOKING_DESCRIPTIONS,
  BOOKING_NOTES,
  CANCELLATION_REASONS,
  HOMEWORK,
  NEXT_SESSION_RECOMMENDATIONS,
  TEACHER_NOTES,
  TOPICS,
  type Subject,
} from '../content';
import { BOOKING_SLOTS, FREE_SLOTS, INDIVIDUAL_SESSIONS_PER_STUDENT, PER_SCALE, type SeedPlan } from '../plan';
import { Rng, mix, saltOf } from '../prng';
import { json, type TableSpec, type Value } from '../table';

// availabilities, bookings, session_reports and individual_sessions.
//
// Teacher t's k-th booking takes booking window k (see calendar.ts) with the student
// plan.bookingStudent(k, t): no teacher and no student ever has two bookings at the same time.
// 9 bookings in 10 were made on one of the teacher's availabilities (same teacher, same start
// and end, is_booked unless the booking was cancelled); each teacher also has FREE_SLOTS
// unbooked availabilities, one a week after the last booked window (plan.freeSlotWindow).

const SALT = {
  core: saltOf('bookings.core'),
  status: saltOf('bookings.status'),
  booking: saltOf('bookings'),
  availability: saltOf('availabilities'),
  report: saltOf('session_reports'),
  individual: saltOf('individual_sessions'),
};

export interface BookingCore {
  student: number;
  start: number;
  end: number;
  duration: number;
  inPerson: boolean;
  /** Location index, -1 online. */
  location: number;
  status: BookingStatus;
  subject: Subject;
  topic: string;
  createdAt: number;
  updatedAt: number;
}

function windowIsPast(k: number): boolean {
  return bookingWindow(k) + WINDOW_MINUTES * MINUTE <= REFERENCE;
}

/**
 * Status of booking (k, t). It depends on t only modulo the scale-1 number of teachers, so the
 * number of bookings in each status (hence of session reports) is exactly proportional to the scale.
 */
export function bookingStatus(k: number, t: number): BookingStatus {
  const roll = mix(SALT.status, k, t % PER_SCALE.teachers) % 100;
  if (windowIsPast(k)) return roll < 80 ? BookingStatus.COMPLETED : roll < 90 ? BookingStatus.CANCELLED : BookingStatus.NO_SHOW;
  return roll < 6 ? BookingStatus.CANCELLED : roll < 50 ? BookingStatus.PENDING : BookingStatus.CONFIRMED;
}

/** What availabilities, bookings and session reports agree on about booking (k, t). */
export function bookingCore(plan: SeedPlan, k: number, t: number, rng: Rng): BookingCore {
  rng.reseed(mix(SALT.core, k, t));
  const teacher = plan.teacherInfo[t];
  const duration = rng.chance(0.35) ? 90 : 60;
  const start = bookingWindow(k) + rng.pick([0, 15, 30]) * MINUTE; // + duration ≤ the two-hour window
  const end = start + duration * MINUTE;
  const inPerson = !teacher.online || rng.chance(0.55);
  const status = bookingStatus(k, t);
  const subject = rng.pick(teacher.subjects);
  const topic = rng.pick(TOPICS[subject]);
  const createdAt = Math.min(start - rng.int(2, 21) * DAY - rng.int(0, 600) * MINUTE, REFERENCE - rng.int(60, 4000) * MINUTE);
  let updatedAt = createdAt;
  if (status === BookingStatus.COMPLETED || status === BookingStatus.NO_SHOW) updatedAt = end + rng.int(10, 180) * MINUTE;
  else if (status === BookingStatus.CANCELLED) updatedAt = Math.min(createdAt + Math.floor(((start - createdAt) * rng.real(0.2, 0.9, 2)) / MINUTE) * MINUTE, REFERENCE - MINUTE);
  else if (status === BookingStatus.CONFIRMED) updatedAt = Math.min(createdAt + rng.int(1, 48) * HOUR, REFERENCE - MINUTE);
  return {
    student: plan.bookingStudent(k, t),
    start,
    end,
    duration,
    inPerson,
    location: inPerson ? (t + 3 * k) % plan.locations : -1, // distinct for the teachers of one window
    status,
    subject,
    topic,
    createdAt,
    updatedAt,
  };
}

function countCompletedBookings(plan: SeedPlan): number {
  let completed = 0;
  for (let k = 0; k < BOOKING_SLOTS; k += 1) {
    for (let t = 0; t < PER_SCALE.teachers; t += 1) if (bookingStatus(k, t) === BookingStatus.COMPLETED) completed += 1;
  }
  return completed * plan.scale;
}

function meetingUrl(kind: string, rng: Rng): string {
  return `https://meet.nexus-reussite.example/${kind}/${rng.hex(4)}-${rng.hex(4)}-${rng.hex(4)}`;
}

export function availabilitiesTable(plan: SeedPlan): TableSpec {
  const booked = (BOOKING_SLOTS * plan.teachers * 9) / 10; // (k + t) mod 10 ≠ 9: exactly 9 in 10, the teacher count being a multiple of 10
  return {
    table: 'availabilities',
    columns: ['id', 'teacher_id', 'start_time', 'end_time', 'is_for_in_person', 'is_recurring', 'recurring_pattern', 'is_booked', 'created_at', 'updated_at'],
    count: booked + FREE_SLOTS * plan.teachers,
    *rows() {
      const core = new Rng();
      const rng = new Rng();
      const slot = (k: number, t: number, free: boolean): Value[] => {
        const b = bookingCore(plan, k, t, core);
        rng.reseed(mix(SALT.availability, k, t));
        const [day, hour] = bookingWindowDay(k);
        const createdAt = free ? REFERENCE - rng.int(1, 10) * DAY - rng.int(0, 600) * MINUTE : b.createdAt - rng.int(1, 14) * DAY;
        const recurring = rng.chance(0.3);
        return [
          plan.availabilityId(k, t),
          t + 1,
          iso(b.start),
          iso(b.end),
          b.inPerson,
          recurring,
          recurring
            ? json({
                frequency: 'weekly',
                weekday: WEEKDAYS_EN[day],
                start: tunisClock(b.start),
                end: tunisClock(b.end),
                timezone: 'Africa/Tunis',
                until: hour < 12 ? '2026-12-19' : '2027-06-12',
              })
            : null,
          !free && b.status !== BookingStatus.CANCELLED,
          iso(createdAt),
          iso(free ? createdAt : b.createdAt),
        ];
      };
      for (let k = 0; k < BOOKING_SLOTS; k += 1) {
        for (let t = 0; t < plan.teachers; t += 1) if (plan.bookedOnAvailability(k, t)) yield slot(k, t, false);
      }
      for (let j = 0; j < FREE_SLOTS; j += 1) {
        for (let t = 0; t < plan.teachers; t += 1) yield slot(plan.freeSlotWindow(t, j), t, true);
      }
    },
  };
}

export function bookingsTable(plan: SeedPlan): TableSpec {
  return {
    table: 'bookings',
    columns: [
      'id', 'student_id', 'teacher_id', 'availability_id', 'start_time', 'end_time', 'format', 'location_id', 'subject',
      'topic', 'description', 'duration_minutes', 'status', 'booking_notes', 'cancellation_reason', 'meeting_url',
      'meeting_password', 'created_at', 'updated_at', 'created_by',
    ],
    count: BOOKING_SLOTS * plan.teachers,
    *rows() {
      const core = new Rng();
      const rng = new Rng();
      for (let t = 0; t < plan.teachers; t += 1) {
        for (let k = 0; k < BOOKING_SLOTS; k += 1) {
          const b = bookingCore(plan, k, t, core);
          rng.reseed(mix(SALT.booking, k, t));
          yield [
            plan.bookingId(t, k),
            b.student + 1,
            t + 1,
            plan.bookedOnAvailability(k, t) ? plan.availabilityId(k, t) : null,
            iso(b.start),
            iso(b.end),
            b.inPerson ? LessonFormat.IN_PERSON : LessonFormat.ONLINE,
            b.inPerson ? b.location + 1 : null,
            b.subject,
            b.topic,
            rng.chance(0.7) ? rng.pick(BOOKING_DESCRIPTIONS) : null,
            b.duration,
            b.status,
            rng.chance(0.25) ? rng.pick(BOOKING_NOTES) : null,
            b.status === BookingStatus.CANCELLED ? rng.pick(CANCELLATION_REASONS) : null,
            b.inPerson ? null : meetingUrl('b', rng),
            b.inPerson ? null : String(rng.int(100000, 999999)),
            iso(b.createdAt),
            iso(b.updatedAt),
            rng.weighted([[ActorRole.STUDENT, 50], [ActorRole.PARENT, 35], [ActorRole.ADMIN, 10], [ActorRole.TEACHER, 5]]),
          ];
        }
      }
    },
  };
}

export function sessionReportsTable(plan: SeedPlan): TableSpec {
  const levels = [EngagementLevel.LOW, EngagementLevel.MEDIUM, EngagementLevel.HIGH] as const;
  return {
    table: 'session_reports',
    columns: [
      'id', 'booking_id', 'topics_covered', 'student_performance', 'participation_level', 'comprehension_level',
      'teacher_notes', 'homework_assigned', 'next_session_recommendations', 'parent_feedback_requested', 'created_at',
      'teacher_id',
    ],
    count: countCompletedBookings(plan),
    *rows() {
      const core = new Rng();
      const rng = new Rng();
      let id = 0;
      for (let t = 0; t < plan.teachers; t += 1) {
        for (let k = 0; k < BOOKING_SLOTS; k += 1) {
          if (bookingStatus(k, t) !== BookingStatus.COMPLETED) continue;
          const b = bookingCore(plan, k, t, core);
          rng.reseed(mix(SALT.report, k, t));
          const performance = rng.weighted([[5, 2], [4, 4], [3, 3], [2, 1], [1, 0.3]]);
          const others = TOPICS[b.subject].filter((topic) => topic !== b.topic);
          id += 1;
          yield [
            id,
            plan.bookingId(t, k),
            json(rng.chance(0.5) ? [b.topic] : [b.topic, rng.pick(others)]),
            performance,
            levels[Math.min(2, Math.max(0, performance - 2 + rng.int(-1, 0)))],
            levels[Math.min(2, Math.max(0, performance - 2))],
            rng.pick(TEACHER_NOTES),
            rng.chance(0.8) ? rng.pick(HOMEWORK) : null,
            rng.pick(NEXT_SESSION_RECOMMENDATIONS),
            performance <= 2 || rng.chance(0.1),
            iso(b.end + rng.int(15, 180) * MINUTE),
            t + 1,
          ];
        }
      }
    },
  };
}

export function individualSessionsTable(plan: SeedPlan): TableSpec {
  return {
    table: 'individual_sessions',
    columns: [
      'id', 'student_id', 'teacher_id', 'subject', 'scheduled_at', 'duration_minutes', 'format', 'location_id', 'status',
      'topics_covered', 'homework_assigned', 'teacher_notes', 'student_performance', 'meeting_url', 'created_at',
    ],
    count: plan.students * INDIVIDUAL_SESSIONS_PER_STUDENT,
    *rows() {
      const rng = new Rng();
      for (let s = 0; s < plan.students; s += 1) {
        const student = plan.studentInfo[s];
        // Window 2j + h, h = the student's half: in one window the teachers (s + c) mod T all differ.
        const half = Math.floor(s / plan.teachers);
        for (let j = 0; j < INDIVIDUAL_SESSIONS_PER_STUDENT; j += 1) {
          rng.reseed(mix(SALT.individual, s, j));
          const t = plan.individualTeacher(s, j < 2 ? 0 : 1);
          const teacher = plan.teacherInfo[t];
          const window = 2 * j + half;
          const duration = rng.pick([60, 90]);
          const scheduledAt = individualWindow(window) + (duration === 60 ? rng.pick([0, 30, 60]) : rng.pick([0, 30])) * MINUTE;
          const inPerson = j !== 3 || !teacher.online;
          const past = scheduledAt + duration * MINUTE <= REFERENCE;
          const status = past
            ? rng.weighted([[SessionStatus.COMPLETED, 88], [SessionStatus.CANCELLED, 6], [SessionStatus.NO_SHOW, 6]])
            : SessionStatus.SCHEDULED;
          const shared = teacher.subjects.filter((subject) => student.subjects.includes(subject));
          const subject = rng.pick(shared.length > 0 ? shared : teacher.subjects);
          const completed = status === SessionStatus.COMPLETED;
          yield [
            s * INDIVIDUAL_SESSIONS_PER_STUDENT + j + 1,
            s + 1,
            t + 1,
            subject,
            iso(scheduledAt),
            duration,
            inPerson ? LessonFormat.IN_PERSON : LessonFormat.ONLINE,
            inPerson ? ((t + 7 * window) % plan.locations) + 1 : null,
            status,
            completed ? json(rng.sample(TOPICS[subject], 2)) : null,
            completed && rng.chance(0.8) ? rng.pick(HOMEWORK) : null,
            completed ? rng.pick(TEACHER_NOTES) : null,
            completed ? rng.weighted([[5, 2], [4, 4], [3, 3], [2, 1]]) : null,
            inPerson ? null : meetingUrl('s', rng),
            iso(Math.min(scheduledAt - rng.int(3, 20) * DAY, REFERENCE - rng.int(60, 6000) * MINUTE)),
          ];
        }
      }
    },
  };
}
