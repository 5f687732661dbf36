import { Language, UserRole, UserStatus } from '../../modules/accounts/account.enums';
import { DeviceType } from '../../modules/accounts/device-type.enum';
import { RelationType } from '../../modules/families/relation-type.enum';
import { ContactMethod, ReportFrequency } from '../../modules/profiles/profile.enums';
import { EngagementLevel } from '../../modules/students/engagement-level.enum';
import { LearningStyle } from '../../modules/students/learning-style.enum';
import { DAY, HOUR, MINUTE, REFERENCE, iso, tunisDate } from '../calendar';
import {
  ADMIN_DEPARTMENTS,
  DIFFICULTIES,
  GOALS,
  HOME_ADDRESSES,
  INTERESTS,
  LOCATIONS_OF_SESSIONS,
  PROFESSIONS,
  SPECIALTIES_BY_SUBJECT,
  STRENGTHS,
  SUBJECTS,
  USER_AGENTS,
  dinars,
} from '../content';
import { PARENTS_PER_STUDENT, USER_SESSIONS_PER_USER, type SeedPlan } from '../plan';
import { Rng, mix, saltOf } from '../prng';
import { json, sha256, type TableSpec } from '../table';

// users, the four *_profiles, user_sessions and parent_child_relations.
// Users of the four roles are interleaved (plan.userAt); the first of each role is a demo
// account (admin@, teacher@, parent@, student@example.com: users 1 to 4).

const SALT = {
  user: saltOf('users'),
  userTime: saltOf('users.time'),
  session: saltOf('user_sessions'),
  studentTraits: saltOf('students.traits'),
  studentProfile: saltOf('student_profiles'),
  parentProfile: saltOf('parent_profiles'),
  teacherProfile: saltOf('teacher_profiles'),
  adminProfile: saltOf('admin_profiles'),
  relation: saltOf('parent_child_relations'),
};

export interface UserTimeline {
  status: UserStatus;
  createdAt: number;
  /** Last sign-in; the current user session starts there. */
  lastLogin: number;
}

/** When an account was created and last used: shared by users and user_sessions. */
export function userTimeline(plan: SeedPlan, u: number): UserTimeline {
  const rng = new Rng(mix(SALT.userTime, u));
  const { role, index } = plan.userAt(u);
  // Sign-ups happen in the daytime, Tunis time (UTC+1).
  const createdAt = REFERENCE - rng.int(60, 900) * DAY + rng.int(7, 22) * HOUR - HOUR + rng.int(0, 59) * MINUTE;
  const mayBeInactive = index > 0 && (role === UserRole.PARENT || role === UserRole.ADMIN);
  const status = mayBeInactive ? rng.weighted([[UserStatus.ACTIVE, 95], [UserStatus.SUSPENDED, 3], [UserStatus.DEACTIVATED, 2]]) : UserStatus.ACTIVE;
  const lastLogin = status === UserStatus.ACTIVE ? REFERENCE - rng.int(10, 4 * 24 * 60) * MINUTE : createdAt + Math.floor((REFERENCE - createdAt) / 2);
  return { status, createdAt, lastLogin };
}

/** Learning traits of a student: the same in students and student_profiles. */
export function studentTraits(plan: SeedPlan, s: number): { learningStyle: LearningStyle; cognitive: object; performance: object; motivation: EngagementLevel } {
  const rng = new Rng(mix(SALT.studentTraits, s));
  const learningStyle = rng.pick(Object.values(LearningStyle));
  const cognitive = {
    dominant_memory: rng.pick(['visual', 'auditory', 'kinesthetic']),
    attention_span_minutes: rng.step(20, 60, 5),
    learning_pace: rng.pick(['slow', 'regular', 'fast']),
    strengths: rng.sample(STRENGTHS, 2),
    difficulties: rng.sample(DIFFICULTIES, rng.int(1, 2)),
  };
  const performance: Record<string, object> = {};
  for (const subject of plan.studentInfo[s].subjects) {
    performance[subject] = { average: rng.real(8, 18.5, 1), last_grade: rng.real(6, 20, 1), trend: rng.pick(['up', 'stable', 'down']) };
  }
  const motivation = rng.weighted([[EngagementLevel.HIGH, 4], [EngagementLevel.MEDIUM, 5], [EngagementLevel.LOW, 1]]);
  return { learningStyle, cognitive, performance, motivation };
}

export function usersTable(plan: SeedPlan, passwordHash: string): TableSpec {
  return {
    table: 'users',
    columns: [
      'id', 'email', 'password_hash', 'first_name', 'last_name', 'phone', 'avatar_url', 'role', 'status', 'last_login',
      'email_verified', 'email_verification_token', 'password_reset_token', 'password_reset_expires', 'preferences',
      'timezone', 'language', 'created_at', 'updated_at',
    ],
    count: plan.users,
    *rows() {
      const rng = new Rng();
      for (let u = 0; u < plan.users; u += 1) {
        const { role, index, person } = plan.userAt(u);
        const time = userTimeline(plan, u);
        rng.reseed(mix(SALT.user, u));
        const demo = index === 0;
        const family = role === UserRole.PARENT || role === UserRole.STUDENT;
        const verified = demo || rng.chance(0.95);
        const resetting = !demo && rng.chance(0.02);
        const language = family ? rng.weighted([[Language.FR, 80], [Language.AR, 15], [Language.EN, 5]]) : Language.FR;
        yield [
          u + 1,
          person.email,
          passwordHash,
          person.firstName,
          person.lastName,
          role === UserRole.ADMIN && !demo && rng.chance(0.3) ? null : person.phone,
          rng.chance(0.4) ? `https://cdn.nexus-reussite.example/avatars/${u + 1}.webp` : null,
          role,
          time.status,
          iso(time.lastLogin),
          verified,
          verified ? null : sha256(`verify:${u + 1}:${rng.hex(32)}`),
          resetting ? sha256(`reset:${u + 1}:${rng.hex(32)}`) : null,
          resetting ? iso(REFERENCE + rng.int(10, 60) * MINUTE) : null,
          json({
            theme: rng.pick(['light', 'dark', 'system']),
            notifications: { email: rng.chance(0.9), push: rng.chance(0.6), sms: rng.chance(0.3) },
            dashboard: { default_view: rng.pick(role === UserRole.TEACHER ? ['agenda', 'groups'] : ['agenda', 'progress', 'messages']) },
          }),
          role === UserRole.PARENT && rng.chance(0.08) ? 'Europe/Paris' : 'Africa/Tunis',
          language,
          iso(time.createdAt),
          iso(time.lastLogin),
        ];
      }
    },
  };
}

export function userSessionsTable(plan: SeedPlan): TableSpec {
  const devices = [DeviceType.DESKTOP, DeviceType.MOBILE, DeviceType.TABLET, DeviceType.UNKNOWN] as const;
  return {
    table: 'user_sessions',
    columns: [
      'id', 'user_id', 'session_token', 'refresh_token', 'expires_at', 'ip_address', 'user_agent', 'device_type', 'location',
      'is_active', 'last_activity', 'created_at',
    ],
    count: plan.users * USER_SESSIONS_PER_USER,
    *rows() {
      const rng = new Rng();
      for (let u = 0; u < plan.users; u += 1) {
        const time = userTimeline(plan, u);
        for (let j = 0; j < USER_SESSIONS_PER_USER; j += 1) {
          const id = u * USER_SESSIONS_PER_USER + j + 1;
          rng.reseed(mix(SALT.session, u, j));
          const device = rng.weighted([[devices[0], 45], [devices[1], 40], [devices[2], 12], [devices[3], 3]]);
          // j = 0: the current session (signed in at last_login); j = 1: an older one that expired; j = 2: signed out.
          const createdAt = j === 0 ? time.lastLogin : time.lastLogin - rng.int(j * 5, j * 30) * DAY - rng.int(0, 600) * MINUTE;
          const lastActivity = Math.min(createdAt + rng.int(1, 50) * MINUTE, REFERENCE - MINUTE);
          const current = j === 0 && time.status === UserStatus.ACTIVE;
          // Tokens are stored as SHA-256 digests only; the clear tokens exist nowhere.
          const sessionToken = sha256(`nxs_${id.toString(36)}_${rng.hex(40)}`);
          const refreshToken = sha256(`nxr_${id.toString(36)}_${rng.hex(40)}`);
          yield [
            id,
            u + 1,
            sessionToken,
            refreshToken,
            iso(current ? REFERENCE + rng.int(5, 55) * MINUTE : lastActivity + HOUR),
            rng.chance(0.85) ? `197.${rng.int(0, 31)}.${rng.int(0, 255)}.${rng.int(1, 254)}` : `41.${rng.int(224, 231)}.${rng.int(0, 255)}.${rng.int(1, 254)}`,
            rng.pick(USER_AGENTS[device]),
            device,
            rng.pick(LOCATIONS_OF_SESSIONS),
            current,
            iso(lastActivity),
            iso(createdAt),
          ];
        }
      }
    },
  };
}

export function studentProfilesTable(plan: SeedPlan): TableSpec {
  return {
    table: 'student_profiles',
    columns: [
      'id', 'user_id', 'grade_level', 'school', 'specialties', 'learning_style', 'cognitive_profile', 'performance_data',
      'goals', 'interests', 'motivation_level', 'parent_ids', 'created_at', 'updated_at',
    ],
    count: plan.students,
    *rows() {
      const rng = new Rng();
      for (let s = 0; s < plan.students; s += 1) {
        const info = plan.studentInfo[s];
        const traits = studentTraits(plan, s);
        const time = userTimeline(plan, plan.studentUserId(s) - 1);
        rng.reseed(mix(SALT.studentProfile, s));
        // Première: three specialties; terminale keeps two of them; seconde has none yet.
        const specialtyCount = [0, 3, 2][info.levelIndex];
        const pool = [...new Set([...info.subjects, ...SUBJECTS].map((subject) => SPECIALTIES_BY_SUBJECT[subject]))];
        const family = plan.familyOfStudent(s);
        yield [
          s + 1,
          plan.studentUserId(s),
          info.level,
          info.school,
          json(pool.slice(0, specialtyCount)),
          traits.learningStyle,
          json(traits.cognitive),
          json(traits.performance),
          json(rng.sample(GOALS, 2)),
          json(rng.sample(INTERESTS, rng.int(2, 4))),
          traits.motivation,
          json([0, 1].map((rank) => plan.parentUserId(plan.parentOfFamily(family, rank)))),
          iso(time.createdAt),
          iso(time.lastLogin),
        ];
      }
    },
  };
}

export function parentProfilesTable(plan: SeedPlan): TableSpec {
  return {
    table: 'parent_profiles',
    columns: [
      'id', 'user_id', 'profession', 'address', 'emergency_contact', 'children_ids', 'preferred_contact_method',
      'notification_preferences', 'report_frequency', 'created_at', 'updated_at',
    ],
    count: plan.parents,
    *rows() {
      const rng = new Rng();
      for (let p = 0; p < plan.parents; p += 1) {
        const info = plan.parentInfo[p];
        const time = userTimeline(plan, plan.parentUserId(p) - 1);
        rng.reseed(mix(SALT.parentProfile, p));
        // Both parents of a family live at the same address.
        const home = new Rng(mix(SALT.parentProfile, info.family, 1));
        const address = `${home.int(1, 120)} ${home.pick(HOME_ADDRESSES)}`;
        const contact = rng.weighted([[ContactMethod.EMAIL, 4], [ContactMethod.WHATSAPP, 3], [ContactMethod.PHONE, 2], [ContactMethod.SMS, 1]]);
        yield [
          p + 1,
          plan.parentUserId(p),
          rng.pick(PROFESSIONS),
          address,
          `${rng.pick(['Grand-mère', 'Grand-père', 'Oncle', 'Tante', 'Voisine'])} : +216 ${rng.pick(['2', '5', '9'])}${rng.int(0, 9)} ${rng.int(100, 999)} ${rng.int(100, 999)}`,
          json(plan.childrenOfFamily(info.family).map((s) => plan.studentUserId(s))),
          contact,
          json({
            weekly_report: true,
            booking_reminders: rng.chance(0.9),
            reminder_hours_before: rng.pick([2, 12, 24, 48]),
            grades: rng.chance(0.8),
            channels: [...new Set([ContactMethod.EMAIL, contact])],
          }),
          rng.weighted([[ReportFrequency.WEEKLY, 6], [ReportFrequency.BIWEEKLY, 3], [ReportFrequency.MONTHLY, 1]]),
          iso(time.createdAt),
          iso(time.lastLogin),
        ];
      }
    },
  };
}

export function teacherProfilesTable(plan: SeedPlan): TableSpec {
  return {
    table: 'teacher_profiles',
    columns: [
      'id', 'user_id', 'subjects', 'qualifications', 'experience_years', 'is_aefe_certified', 'is_nsi_diu', 'can_teach_online',
      'can_teach_in_person', 'preferred_formats', 'hourly_rate_online', 'hourly_rate_in_person', 'hourly_rate_group',
      'default_availability', 'max_hours_per_week', 'rating', 'total_reviews', 'total_hours_taught', 'bio',
      'specialties_description', 'hire_date', 'is_active_teacher', 'created_at', 'updated_at',
    ],
    count: plan.teachers,
    *rows() {
      const rng = new Rng();
      for (let t = 0; t < plan.teachers; t += 1) {
        const info = plan.teacherInfo[t];
        const time = userTimeline(plan, plan.teacherUserId(t) - 1);
        rng.reseed(mix(SALT.teacherProfile, t));
        const reviews = rng.int(3, 180);
        const main = info.subjects[0];
        const title = info.female ? 'Professeure' : 'Professeur';
        const certified = info.female ? 'certifiée' : 'certifié';
        yield [
          t + 1,
          plan.teacherUserId(t),
          json(info.subjects),
          json(info.qualifications),
          info.experienceYears,
          info.aefe,
          info.subjects.includes('NSI'),
          info.online,
          true,
          json(info.online ? ['in_person', 'online'] : ['in_person']),
          info.online ? dinars(info.rateOnline) : null,
          dinars(info.rateInPerson),
          dinars(info.rateGroup),
          json({
            timezone: 'Africa/Tunis',
            monday: ['17:00-21:00'],
            tuesday: ['17:00-21:00'],
            wednesday: ['14:00-21:00'],
            thursday: ['17:00-21:00'],
            friday: ['17:00-21:00'],
            saturday: ['09:00-13:00', '14:00-18:00'],
            sunday: ['10:00-12:00', '14:00-18:00'],
          }),
          rng.step(10, 30, 2),
          rng.real(3.6, 5, 1),
          reviews,
          reviews * rng.int(4, 12),
          `${title} de ${main} depuis ${info.experienceYears} ans${info.aefe ? `, ${certified} AEFE` : ''}. ` +
            `J’accompagne les élèves de la seconde à la terminale, avec une attention particulière à la méthode et à la préparation du baccalauréat.`,
          `${info.subjects.join(' et ')} : remise à niveau, approfondissement, préparation au bac${info.subjects.includes('NSI') ? ' et aux projets Python' : ''}.`,
          tunisDate(time.createdAt - rng.int(0, 60) * DAY),
          true,
          iso(time.createdAt),
          iso(time.lastLogin),
        ];
      }
    },
  };
}

export function adminProfilesTable(plan: SeedPlan): TableSpec {
  return {
    table: 'admin_profiles',
    columns: [
      'id', 'user_id', 'permissions', 'department', 'is_super_admin', 'can_manage_users', 'can_manage_content',
      'can_view_reports', 'can_manage_billing', 'created_at', 'updated_at',
    ],
    count: plan.admins,
    *rows() {
      const rng = new Rng();
      for (let a = 0; a < plan.admins; a += 1) {
        const time = userTimeline(plan, plan.adminUserId(a) - 1);
        rng.reseed(mix(SALT.adminProfile, a));
        const superAdmin = a === 0 || (a < 3 * plan.scale && rng.chance(0.3));
        const users = superAdmin || rng.chance(0.4);
        const content = superAdmin || rng.chance(0.5);
        const reports = superAdmin || rng.chance(0.95);
        const billing = superAdmin || rng.chance(0.25);
        const permissions = [
          ...(users ? ['users:read', 'users:write'] : ['users:read']),
          ...(content ? ['content:write', 'formulas:write'] : []),
          ...(reports ? ['reports:read'] : []),
          ...(billing ? ['billing:read', 'billing:write'] : []),
          ...(superAdmin ? ['settings:write'] : []),
        ];
        yield [
          a + 1,
          plan.adminUserId(a),
          json(permissions),
          a === 0 ? 'Direction' : rng.pick(ADMIN_DEPARTMENTS),
          superAdmin,
          users,
          content,
          reports,
          billing,
          iso(time.createdAt),
          iso(time.lastLogin),
        ];
      }
    },
  };
}

export function parentChildRelationsTable(plan: SeedPlan): TableSpec {
  const relationTypes: Record<string, RelationType> = {
    father: RelationType.FATHER,
    mother: RelationType.MOTHER,
    guardian: RelationType.GUARDIAN,
    other: RelationType.OTHER,
  };
  return {
    table: 'parent_child_relations',
    columns: [
      'id', 'parent_user_id', 'child_user_id', 'relation_type', 'is_primary_contact', 'can_view_grades', 'can_book_sessions',
      'can_receive_reports', 'confirmed_at', 'created_at',
    ],
    count: plan.students * PARENTS_PER_STUDENT,
    *rows() {
      const rng = new Rng();
      for (let s = 0; s < plan.students; s += 1) {
        const family = plan.familyOfStudent(s);
        const childRank = Math.floor(s / plan.families); // 0 for the eldest child of the family
        const childTime = userTimeline(plan, plan.studentUserId(s) - 1);
        for (let rank = 0; rank < PARENTS_PER_STUDENT; rank += 1) {
          const p = plan.parentOfFamily(family, rank);
          rng.reseed(mix(SALT.relation, s, rank));
          // The first parent follows the eldest child fully and leaves the second child to the
          // other parent (parent@example.com shows both cases); other links vary.
          const full = childRank === 0;
          const none = childRank === 1 && rank === 0;
          const grades = full || (!none && rng.chance(0.85));
          const reports = full || (!none && rng.chance(0.85));
          const confirmed = full || rng.chance(0.9);
          const createdAt = childTime.createdAt + rng.int(0, 3) * DAY;
          yield [
            s * PARENTS_PER_STUDENT + rank + 1,
            plan.parentUserId(p),
            plan.studentUserId(s),
            relationTypes[plan.parentInfo[p].relation],
            rank === family % 2,
            grades,
            full || (!none && rng.chance(0.85)),
            reports,
            confirmed ? iso(createdAt + rng.int(1, 72) * HOUR) : null,
            iso(createdAt),
          ];
        }
      }
    },
  };
}
