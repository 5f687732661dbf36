import { LessonFormat, SessionStatus } from '../../modules/scheduling/scheduling.enums';
import { DAY, HOUR, MINUTE, REFERENCE, GROUP_WINDOWS, WEEKDAYS_EN, WEEKDAYS_FR, WINDOW_MINUTES, groupSessionTime, iso, tunisDate } from '../calendar';
import { HOMEWORK, LEVEL_LABELS, TEACHER_NOTES, TOPICS, type Subject } from '../content';
import {
  ENROLLMENTS_PER_STUDENT,
  GROUP_ENROLLMENTS_PER_STUDENT,
  LEVELS,
  SESSIONS_PER_GROUP,
  type SeedPlan,
} from '../plan';
import { Rng, mix, saltOf } from '../prng';
import { json, type TableSpec } from '../table';
import { locationCapacity } from './catalog';

// groups, enrollments, group_sessions and session_attendances.
//
// Teacher t has groups 2t and 2t + 1; group g meets weekly in group window g mod 4 (so a
// teacher's two groups never meet at the same time) in room plan.groupLocation(g). Each student
// joins one group of their level in each of the four windows (enrollments 0-3), and has an
// individual formula (4) and an online pack or intensive course (5) with their own teachers.

const SALT = {
  group: saltOf('groups'),
  enrollment: saltOf('enrollments'),
  session: saltOf('group_sessions'),
  attendance: saltOf('session_attendances'),
};

const GROUP_TYPE = 1; // FORMULA_TYPES index: individual, group, online_pack, intensive
const INDIVIDUAL_TYPE = 0;
const ONLINE_PACK_TYPE = 2;
const INTENSIVE_TYPE = 3;

export interface GroupInfo {
  subject: Subject;
  supportsOnline: boolean;
  createdAt: number;
}

export function groupInfo(plan: SeedPlan, g: number): GroupInfo {
  const rng = new Rng(mix(SALT.group, g, 1));
  const teacher = plan.teacherInfo[plan.groupTeacher(g)];
  return {
    subject: teacher.subjects[(g % 2) % teacher.subjects.length],
    supportsOnline: teacher.online && rng.chance(0.5),
    createdAt: REFERENCE - rng.int(50, 120) * DAY + rng.int(8 * 60, 18 * 60) * MINUTE, // before its first enrollments
  };
}

/** Active members of every group (student indexes, ascending): 400 entries per unit of scale. */
const rosters = new WeakMap<SeedPlan, number[][]>();

export function groupRosters(plan: SeedPlan): number[][] {
  let members = rosters.get(plan);
  if (!members) {
    members = Array.from({ length: plan.groups }, () => [] as number[]);
    for (let s = 0; s < plan.students; s += 1) {
      for (let w = 0; w < GROUP_ENROLLMENTS_PER_STUDENT; w += 1) {
        if (plan.groupEnrollmentActive(s, w)) members[plan.groupOfStudent(s, w)].push(s);
      }
    }
    rosters.set(plan, members);
  }
  return members;
}

function sessionStatus(g: number, k: number, past: boolean): SessionStatus {
  if (!past) return SessionStatus.SCHEDULED;
  return mix(SALT.session, g, k, 7) % 100 < 95 ? SessionStatus.COMPLETED : SessionStatus.CANCELLED;
}

export function groupsTable(plan: SeedPlan): TableSpec {
  return {
    table: 'groups',
    columns: [
      'id', 'name', 'subject', 'level', 'max_students', 'current_students', 'teacher_id', 'default_location_id',
      'supports_online', 'schedule', 'created_at',
    ],
    count: plan.groups,
    *rows() {
      const members = groupRosters(plan);
      const rng = new Rng();
      for (let g = 0; g < plan.groups; g += 1) {
        rng.reseed(mix(SALT.group, g));
        const info = groupInfo(plan, g);
        const level = LEVELS[plan.groupLevelIndex(g)];
        const w = plan.groupWindow(g);
        const [day, hour] = GROUP_WINDOWS[w];
        const location = plan.groupLocation(g);
        const current = members[g].length;
        const max = Math.max(current, Math.min(locationCapacity(location), rng.int(6, 12)));
        const rank = Math.floor(g / 12); // rank among the groups of the same level and window
        const letter = String.fromCharCode(65 + (rank % 26)) + (rank >= 26 ? String(Math.floor(rank / 26) + 1) : '');
        yield [
          g + 1,
          `${info.subject} ${LEVEL_LABELS[level]} ${letter} — ${WEEKDAYS_FR[day]} ${hour} h`,
          info.subject,
          level,
          max,
          current,
          plan.groupTeacher(g) + 1,
          location + 1,
          info.supportsOnline,
          json({
            frequency: 'weekly',
            weekday: WEEKDAYS_EN[day],
            start: `${hour}:00`,
            end: `${hour + WINDOW_MINUTES / 60}:00`,
            timezone: 'Africa/Tunis',
            first_session: tunisDate(groupSessionTime(w, 0)),
            sessions_planned: SESSIONS_PER_GROUP,
          }),
          iso(info.createdAt),
        ];
      }
    },
  };
}

export function enrollmentsTable(plan: SeedPlan): TableSpec {
  return {
    table: 'enrollments',
    columns: ['id', 'student_id', 'formula_id', 'group_id', 'teacher_id', 'start_date', 'end_date', 'is_active', 'preferred_format', 'created_at'],
    count: plan.students * ENROLLMENTS_PER_STUDENT,
    *rows() {
      const rng = new Rng();
      const schoolYearEnd = '2027-06-30';
      for (let s = 0; s < plan.students; s += 1) {
        const level = plan.studentLevelIndex(s);
        const rank = Math.floor(s / 3); // rank among the students of the same level
        for (let j = 0; j < ENROLLMENTS_PER_STUDENT; j += 1) {
          rng.reseed(mix(SALT.enrollment, s, j));
          const id = s * ENROLLMENTS_PER_STUDENT + j + 1;
          let formula: number;
          let group: number | null = null;
          let teacher: number;
          let active = true;
          let format: LessonFormat;
          let start: number;
          let end: string | null;
          if (j < GROUP_ENROLLMENTS_PER_STUDENT) {
            group = plan.groupOfStudent(s, j);
            const info = groupInfo(plan, group);
            teacher = plan.groupTeacher(group);
            formula = plan.formulaOf(GROUP_TYPE, level, rank * GROUP_ENROLLMENTS_PER_STUDENT + j);
            active = plan.groupEnrollmentActive(s, j);
            format = info.supportsOnline && rng.chance(0.25) ? LessonFormat.ONLINE : LessonFormat.IN_PERSON;
            if (active) {
              start = groupSessionTime(plan.groupWindow(group), 0) - rng.int(3, 25) * DAY;
              end = rng.chance(0.7) ? schoolYearEnd : null;
            } else {
              // Left before the group's first session: no attendance, not counted in current_students.
              start = REFERENCE - rng.int(150, 200) * DAY;
              end = tunisDate(start + rng.int(30, 60) * DAY);
            }
          } else if (j === GROUP_ENROLLMENTS_PER_STUDENT) {
            teacher = plan.individualTeacher(s, 0);
            const intensive = rank % 2 === 1;
            formula = plan.formulaOf(intensive ? INTENSIVE_TYPE : INDIVIDUAL_TYPE, level, Math.floor(rank / 2));
            format = !intensive && plan.teacherInfo[teacher].online && rng.chance(0.3) ? LessonFormat.ONLINE : LessonFormat.IN_PERSON;
            start = REFERENCE - rng.int(5, 40) * DAY;
            end = intensive ? tunisDate(REFERENCE + rng.int(20, 60) * DAY) : rng.chance(0.6) ? schoolYearEnd : null;
          } else {
            teacher = plan.individualTeacher(s, 1);
            const online = plan.teacherInfo[teacher].online;
            formula = plan.formulaOf(online ? ONLINE_PACK_TYPE : INTENSIVE_TYPE, level, rank);
            format = online ? LessonFormat.ONLINE : LessonFormat.IN_PERSON;
            start = REFERENCE - rng.int(5, 40) * DAY;
            end = tunisDate(REFERENCE + rng.int(30, 120) * DAY);
          }
          yield [
            id,
            s + 1,
            formula + 1,
            group === null ? null : group + 1,
            teacher + 1,
            tunisDate(start),
            end,
            active,
            format,
            iso(start - rng.int(1, 5) * DAY + rng.int(8 * 60, 20 * 60) * MINUTE),
          ];
        }
      }
    },
  };
}

export function groupSessionsTable(plan: SeedPlan): TableSpec {
  return {
    table: 'group_sessions',
    columns: [
      'id', 'group_id', 'subject', 'scheduled_at', 'duration_minutes', 'format', 'location_id', 'status', 'topics_covered',
      'homework_assigned', 'teacher_notes', 'meeting_url', 'created_at',
    ],
    count: plan.groups * SESSIONS_PER_GROUP,
    *rows() {
      const rng = new Rng();
      for (let g = 0; g < plan.groups; g += 1) {
        const info = groupInfo(plan, g);
        const w = plan.groupWindow(g);
        const topics = TOPICS[info.subject];
        for (let k = 0; k < SESSIONS_PER_GROUP; k += 1) {
          rng.reseed(mix(SALT.session, g, k));
          const scheduledAt = groupSessionTime(w, k);
          const past = scheduledAt + WINDOW_MINUTES * MINUTE <= REFERENCE;
          const status = sessionStatus(g, k, past);
          const online = info.supportsOnline && k === SESSIONS_PER_GROUP - 1;
          const completed = status === SessionStatus.COMPLETED;
          yield [
            g * SESSIONS_PER_GROUP + k + 1,
            g + 1,
            info.subject,
            iso(scheduledAt),
            WINDOW_MINUTES,
            online ? LessonFormat.ONLINE : LessonFormat.IN_PERSON,
            online ? null : plan.groupLocation(g) + 1,
            status,
            json([topics[(g + k) % topics.length]]),
            completed && rng.chance(0.85) ? rng.pick(HOMEWORK) : null,
            completed ? rng.pick(TEACHER_NOTES) : status === SessionStatus.CANCELLED ? 'Séance annulée : enseignant absent, rattrapage prévu.' : null,
            online ? `https://meet.nexus-reussite.example/g/${rng.hex(4)}-${rng.hex(4)}-${rng.hex(4)}` : null,
            iso(info.createdAt + rng.int(0, 3) * DAY),
          ];
        }
      }
    },
  };
}

export function sessionAttendancesTable(plan: SeedPlan): TableSpec {
  const notes = [
    'Très bonne participation.',
    'A présenté sa correction au tableau.',
    'Doit revoir le cours avant la prochaine séance.',
    'Arrivé(e) avec dix minutes de retard.',
    'Travail en binôme efficace.',
  ];
  const members = groupRosters(plan);
  let perGroupCycle = 0;
  for (const roster of members) perGroupCycle += roster.length;
  return {
    table: 'session_attendances',
    columns: ['id', 'session_id', 'student_id', 'is_present', 'participation_score', 'individual_notes', 'created_at'],
    count: perGroupCycle * SESSIONS_PER_GROUP,
    *rows() {
      const rng = new Rng();
      let id = 0;
      for (let g = 0; g < plan.groups; g += 1) {
        const w = plan.groupWindow(g);
        for (let k = 0; k < SESSIONS_PER_GROUP; k += 1) {
          const scheduledAt = groupSessionTime(w, k);
          const past = scheduledAt + WINDOW_MINUTES * MINUTE <= REFERENCE;
          const taken = sessionStatus(g, k, past) === SessionStatus.COMPLETED;
          for (const s of members[g]) {
            rng.reseed(mix(SALT.attendance, g * SESSIONS_PER_GROUP + k, s));
            // Attendance is taken at completed sessions; elsewhere is_present stays NULL (not taken yet).
            const present = taken ? rng.chance(0.92) : null;
            id += 1;
            yield [
              id,
              g * SESSIONS_PER_GROUP + k + 1,
              s + 1,
              present,
              present ? rng.int(4, 10) : null,
              present === false ? rng.pick(['Absence excusée par les parents.', 'Absent(e) sans justificatif.', 'Certificat médical fourni.']) : present && rng.chance(0.2) ? rng.pick(notes) : null,
              iso(taken ? scheduledAt + WINDOW_MINUTES * MINUTE + rng.int(5, 240) * MINUTE : Math.min(scheduledAt - DAY, REFERENCE - rng.int(1, 72) * HOUR)),
            ];
          }
        }
      }
    },
  };
}
