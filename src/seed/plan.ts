import { UserRole } from '../modules/accounts/account.enums';
import { GradeLevel } from '../modules/curriculum/grade-level.enum';
import {
  FEMALE_FIRST_NAMES,
  LAST_NAMES,
  MALE_FIRST_NAMES,
  QUALIFICATIONS,
  SCHOOLS,
  SUBJECTS,
  slug,
  type Subject,
} from './content';
import { Rng, mix, saltOf } from './prng';

// The shape of the demo data at scale N: how many of everything, which id each row gets, and
// who is linked to whom. Every count is N times the scale-1 count, so --scale 2 doubles every
// table exactly; every link is arithmetic on indexes (0-based here, ids are index + 1), so a
// table can find its parents without a query and the whole set never has to sit in memory.

/** Rows per unit of scale. */
export const PER_SCALE = {
  admins: 50,
  teachers: 50,
  parents: 60,
  students: 100,
  formulas: 50,
  locations: 50,
} as const;

export const BOOKING_SLOTS = 200; // booked windows per teacher: 50 teachers × 200 = 10,000 bookings
export const FREE_SLOTS = 20; // published, not yet booked, per teacher: one a week after the booked windows
export const GROUPS_PER_TEACHER = 2;
export const SESSIONS_PER_GROUP = 6;
export const GROUP_ENROLLMENTS_PER_STUDENT = 4; // one group per group window
export const ENROLLMENTS_PER_STUDENT = GROUP_ENROLLMENTS_PER_STUDENT + 2; // + an individual formula and an online pack
export const INDIVIDUAL_SESSIONS_PER_STUDENT = 4;
export const USER_SESSIONS_PER_USER = 3;
export const PARENTS_PER_STUDENT = 2;
export const LEARNING_SESSIONS_PER_STUDENT = 5;
export const ASSESSMENTS_PER_STUDENT = 4;
export const ARIA_INTERACTIONS_PER_STUDENT = 8;
export const WEEKLY_REPORTS_PER_STUDENT = 4;
export const PARENT_COMMUNICATIONS_PER_STUDENT = 3;
export const OBJECTIVES_PER_STUDENT = 3;

/** Users per block of ids: 5 admins, 5 teachers, 6 parents and 10 students. */
const USER_BLOCK = 26;

export const LEVELS = [GradeLevel.SECONDE, GradeLevel.PREMIERE, GradeLevel.TERMINALE] as const;

/** The shared password of every seeded account. */
export const DEMO_PASSWORD = 'nexus-demo';

export const DEMO_ACCOUNTS = {
  admin: 'admin@example.com',
  teacher: 'teacher@example.com',
  parent: 'parent@example.com',
  student: 'student@example.com',
} as const;

export interface Person {
  firstName: string;
  lastName: string;
  female: boolean;
  email: string;
  phone: string;
}

export interface TeacherInfo extends Person {
  subjects: Subject[];
  /** false: in-person lessons only (every teacher teaches in person). */
  online: boolean;
  aefe: boolean;
  experienceYears: number;
  qualifications: string[];
  /** Hourly rates in millimes. */
  rateOnline: number;
  rateInPerson: number;
  rateGroup: number;
}

export interface StudentInfo extends Person {
  levelIndex: number;
  level: GradeLevel;
  school: string;
  subjects: Subject[];
}

export interface ParentInfo extends Person {
  family: number;
  /** 0: the first parent of the family, 1: the second. */
  rank: number;
  relation: 'father' | 'mother' | 'guardian' | 'other';
}

function phoneNumber(rng: Rng): string {
  return `+216 ${rng.pick(['2', '5', '9', '4'])}${rng.int(0, 9)} ${rng.int(100, 999)} ${rng.int(100, 999)}`;
}

export class SeedPlan {
  readonly admins: number;
  readonly teachers: number;
  readonly parents: number;
  readonly students: number;
  readonly families: number;
  readonly formulas: number;
  readonly locations: number;
  readonly groups: number;
  readonly users: number;

  readonly adminInfo: Person[] = [];
  readonly teacherInfo: TeacherInfo[] = [];
  readonly parentInfo: ParentInfo[] = [];
  readonly studentInfo: StudentInfo[] = [];

  constructor(readonly scale: number) {
    if (!Number.isInteger(scale) || scale < 1) throw new RangeError(`scale must be a positive whole number (got ${scale})`);
    this.admins = PER_SCALE.admins * scale;
    this.teachers = PER_SCALE.teachers * scale;
    this.parents = PER_SCALE.parents * scale;
    this.students = PER_SCALE.students * scale;
    this.families = this.parents / 2;
    this.formulas = PER_SCALE.formulas * scale;
    this.locations = PER_SCALE.locations * scale;
    this.groups = this.teachers * GROUPS_PER_TEACHER;
    this.users = this.admins + this.teachers + this.parents + this.students;
    this.buildPeople();
  }

  // ---- ids ---------------------------------------------------------------------------------

  // Users are interleaved in blocks of 26 ids, "ATPSS" five times then "P" (A admin, T teacher,
  // P parent, S student: 5 + 5 + 6 + 10 per block, the scale-1 proportions), so that any page of
  // users mixes the four roles. Ids 1-4 are the demo admin, teacher, parent and student.

  adminUserId(a: number): number {
    return 1 + USER_BLOCK * Math.floor(a / 5) + 5 * (a % 5);
  }

  teacherUserId(t: number): number {
    return 2 + USER_BLOCK * Math.floor(t / 5) + 5 * (t % 5);
  }

  parentUserId(p: number): number {
    const rank = p % 6;
    return 1 + USER_BLOCK * Math.floor(p / 6) + (rank === 5 ? USER_BLOCK - 1 : 5 * rank + 2);
  }

  studentUserId(s: number): number {
    const rank = s % 10;
    return 1 + USER_BLOCK * Math.floor(s / 10) + 5 * Math.floor(rank / 2) + 3 + (rank % 2);
  }

  /** Role and index (among the users of that role) of user id u + 1. */
  userAt(u: number): { role: UserRole; index: number; person: Person } {
    const block = Math.floor(u / USER_BLOCK);
    const position = u % USER_BLOCK;
    if (position === USER_BLOCK - 1) return this.user(UserRole.PARENT, 6 * block + 5);
    const rank = Math.floor(position / 5);
    switch (position % 5) {
      case 0:
        return this.user(UserRole.ADMIN, 5 * block + rank);
      case 1:
        return this.user(UserRole.TEACHER, 5 * block + rank);
      case 2:
        return this.user(UserRole.PARENT, 6 * block + rank);
      default:
        return this.user(UserRole.STUDENT, 10 * block + 2 * rank + (position % 5) - 3);
    }
  }

  private user(role: UserRole, index: number): { role: UserRole; index: number; person: Person } {
    const people = { [UserRole.ADMIN]: this.adminInfo, [UserRole.TEACHER]: this.teacherInfo, [UserRole.PARENT]: this.parentInfo, [UserRole.STUDENT]: this.studentInfo };
    return { role, index, person: people[role][index] };
  }

  /** Bookings are numbered teacher by teacher, in time order. */
  bookingId(t: number, k: number): number {
    return t * BOOKING_SLOTS + k + 1;
  }

  /** Availabilities are numbered window by window (ids of bookings made outside a slot are skipped). */
  availabilityId(k: number, t: number): number {
    return k * this.teachers + t + 1;
  }

  // ---- families ----------------------------------------------------------------------------

  familyOfStudent(s: number): number {
    return s % this.families;
  }

  /** Students of a family: s = c, c + families, c + 2·families... (3 or 4 children, all families). */
  childrenOfFamily(c: number): number[] {
    const children: number[] = [];
    for (let s = c; s < this.students; s += this.families) children.push(s);
    return children;
  }

  /** The parents of a family are parents 2c and 2c + 1. */
  parentOfFamily(c: number, rank: number): number {
    return 2 * c + rank;
  }

  // ---- levels and groups -------------------------------------------------------------------

  studentLevelIndex(s: number): number {
    return (s + 2) % 3; // student 0 (the demo student) is in terminale
  }

  groupLevelIndex(g: number): number {
    return Math.floor(g / 4) % 3;
  }

  /** The weekly window (0-3) a group meets in: a teacher's two groups never share one. */
  groupWindow(g: number): number {
    return g % 4;
  }

  groupTeacher(g: number): number {
    return Math.floor(g / GROUPS_PER_TEACHER);
  }

  /** Default room: the groups meeting in one window all have different rooms; each room has two groups. */
  groupLocation(g: number): number {
    return Math.floor(g / 4) + (this.locations / 2) * (g % 2);
  }

  /**
   * The group a student joins in window w: one of the groups of the student's level meeting in
   * that window, in turn, so every group gets the same number of students (± 1): 3 to 5.
   * rank: how many students of the group were placed before this one.
   */
  groupPlacement(s: number, w: number): { group: number; rank: number } {
    const residue = 4 * this.studentLevelIndex(s) + w;
    const candidates = Math.floor((this.groups - 1 - residue) / 12) + 1;
    const index = Math.floor(s / 3); // rank among the students of the same level
    return { group: 12 * ((index + 5 * w) % candidates) + residue, rank: Math.floor(index / candidates) };
  }

  groupOfStudent(s: number, w: number): number {
    return this.groupPlacement(s, w).group;
  }

  /**
   * The second student placed in each window-3 group left it before the sessions (an inactive
   * enrollment): every group keeps at least two active students, and there are exactly as many
   * inactive enrollments as window-3 groups.
   */
  groupEnrollmentActive(s: number, w: number): boolean {
    return !(w === 3 && this.groupPlacement(s, w).rank === 1);
  }

  /** Teacher of the individual formula (which = 0) and of the online pack (which = 1). */
  individualTeacher(s: number, which: number): number {
    return (s + (which === 0 ? 0 : 17)) % this.teachers;
  }

  // ---- formulas ----------------------------------------------------------------------------

  /** Formula f: type f mod 4 (individual, group, online pack, intensive), level ⌊f/4⌋ mod 3. */
  formulaOf(typeIndex: number, levelIndex: number, n: number): number {
    const residue = typeIndex + 4 * levelIndex;
    const candidates = Math.floor((this.formulas - 1 - residue) / 12) + 1;
    return 12 * (n % candidates) + residue;
  }

  // ---- bookings ----------------------------------------------------------------------------

  /**
   * The student of teacher t in booking window k. In each window the teachers meet T different
   * students (a contiguous arc of the 2T students); windows 2m and 2m + 1 cover complementary
   * arcs, shifted by 7m so that students meet many teachers. No student has two lessons in one
   * window, and every student has exactly BOOKING_SLOTS / 2 lessons.
   */
  bookingStudent(k: number, t: number): number {
    return (k * this.teachers + t + 7 * Math.floor(k / 2)) % this.students;
  }

  /**
   * Booking window of teacher t's j-th free availability: one a week, through the winter (weeks
   * 17 to 36 of the timetable, late October 2026 to March 2027), at a time that depends on the teacher.
   */
  freeSlotWindow(t: number, j: number): number {
    return BOOKING_SLOTS + 12 * j + (t % 12);
  }

  /** Whether booking (k, t) was made on a published availability (9 in 10). */
  bookedOnAvailability(k: number, t: number): boolean {
    return (k + t) % 10 !== 9;
  }

  // ---- people ------------------------------------------------------------------------------

  private buildPeople(): void {
    const rng = new Rng();
    const emails = new Set<string>(Object.values(DEMO_ACCOUNTS));
    const email = (first: string, last: string, domain: string): string => {
      const base = `${slug(first)}.${slug(last)}`;
      let candidate = `${base}@${domain}`;
      for (let n = 2; emails.has(candidate); n += 1) candidate = `${base}${n}@${domain}`;
      emails.add(candidate);
      return candidate;
    };
    const person = (salt: string, index: number, domain: string, female?: boolean, lastName?: string): Person => {
      rng.reseed(mix(saltOf(salt), index));
      const isFemale = female ?? rng.chance(0.5);
      const firstName = rng.pick(isFemale ? FEMALE_FIRST_NAMES : MALE_FIRST_NAMES);
      const last = lastName ?? rng.pick(LAST_NAMES);
      return { firstName, lastName: last, female: isFemale, email: email(firstName, last, domain), phone: phoneNumber(rng) };
    };
    const demo = (info: Person, first: string, last: string, female: boolean, address: string): void => {
      Object.assign(info, { firstName: first, lastName: last, female, email: address });
    };

    for (let a = 0; a < this.admins; a += 1) this.adminInfo.push(person('admin', a, 'nexus-reussite.example'));
    demo(this.adminInfo[0], 'Sonia', 'Mejri', true, DEMO_ACCOUNTS.admin);

    for (let t = 0; t < this.teachers; t += 1) {
      const base = person('teacher', t, 'nexus-reussite.example');
      rng.reseed(mix(saltOf('teacher-profile'), t));
      const main = SUBJECTS[t % SUBJECTS.length];
      const subjects: Subject[] = [main];
      if (rng.chance(0.4)) {
        const second = rng.pick(SUBJECTS.filter((subject) => subject !== main));
        subjects.push(second);
      }
      const experienceYears = rng.int(2, 28);
      const rateOnline = rng.step(35, 55, 5) * 1000;
      this.teacherInfo.push({
        ...base,
        subjects,
        online: t % 10 !== 7,
        aefe: rng.chance(0.45),
        experienceYears,
        qualifications: rng.sample(QUALIFICATIONS[main], rng.int(1, 2)),
        rateOnline,
        rateInPerson: rateOnline + rng.step(5, 15, 5) * 1000,
        rateGroup: rng.step(18, 30, 2) * 1000 + rng.pick([0, 500]),
      });
    }
    demo(this.teacherInfo[0], 'Karim', 'Haddad', false, DEMO_ACCOUNTS.teacher);
    this.teacherInfo[0].subjects = ['Mathématiques', 'NSI'];
    this.teacherInfo[0].online = true;

    const familyNames: string[] = [];
    for (let c = 0; c < this.families; c += 1) {
      rng.reseed(mix(saltOf('family'), c));
      familyNames.push(c === 0 ? 'Gharbi' : rng.pick(LAST_NAMES));
    }
    for (let p = 0; p < this.parents; p += 1) {
      const family = Math.floor(p / 2);
      const rank = p % 2;
      rng.reseed(mix(saltOf('parent-kind'), p));
      const relation = rank === 0 ? 'father' : family % 12 === 11 ? 'guardian' : family % 20 === 19 ? 'other' : 'mother';
      const female = relation === 'father' ? false : relation === 'mother' ? true : rng.chance(0.6);
      const keepsFamilyName = relation === 'father' || (relation === 'mother' && rng.chance(0.5));
      const base = person('parent', p, 'example.net', female, keepsFamilyName ? familyNames[family] : undefined);
      this.parentInfo.push({ ...base, family, rank, relation });
    }
    demo(this.parentInfo[0], 'Mehdi', 'Gharbi', false, DEMO_ACCOUNTS.parent);

    for (let s = 0; s < this.students; s += 1) {
      const base = person('student', s, 'example.net', undefined, familyNames[this.familyOfStudent(s)]);
      rng.reseed(mix(saltOf('student-info'), s));
      const levelIndex = this.studentLevelIndex(s);
      const subjects = rng.sample(SUBJECTS, rng.int(2, 3));
      this.studentInfo.push({ ...base, levelIndex, level: LEVELS[levelIndex], school: rng.pick(SCHOOLS), subjects });
    }
    demo(this.studentInfo[0], 'Yasmine', 'Gharbi', true, DEMO_ACCOUNTS.student);
    this.studentInfo[0].school = SCHOOLS[0];
    this.studentInfo[0].subjects = ['Mathématiques', 'NSI', 'Physique-Chimie'];
  }
}
