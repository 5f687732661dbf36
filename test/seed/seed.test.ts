import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { Client } from 'pg';
import type { DataSource } from 'typeorm';
import { createDataSource } from '../../src/db/data-source';
import { verifyPassword } from '../../src/modules/accounts/password-hasher';
import { assertSeedAllowed, formatSummary, parseSeedArguments, progressReporter } from '../../src/seed/cli-support';
import { REFERENCE } from '../../src/seed/calendar';
import { DEMO_ACCOUNTS, DEMO_PASSWORD, SeedPlan } from '../../src/seed/plan';
import { CANONICAL_REFERENCE_DATE } from '../../src/seed/reference-week';
import { seedDatabase, type SeedResult } from '../../src/seed/seed-database';
import { seedTables } from '../../src/seed/tables';
import { withAdminClient } from '../support/template-database';
import { createTestDatabase, type TestDatabase } from '../support/test-database';

// The template every test database is cloned from is seeded at scale 1 (test/support/
// template-database.ts): these tests check that data, then seed fresh databases to compare.

const SPECS = seedTables(new SeedPlan(1), 'unused');
const TABLES = SPECS.map((spec) => spec.table);

/** To-many relationships that must give every parent several children: [name, parent, child, foreign key, parent filter]. */
const RELATIONSHIPS: Array<[string, string, string, string, string?]> = [
  ['Student.sessions', 'students', 'learning_sessions', 'student_id'],
  ['Student.assessments', 'students', 'assessments', 'student_id'],
  ['Student.ariaInteractions', 'students', 'aria_interactions', 'student_id'],
  ['Student.bookings', 'students', 'bookings', 'student_id'],
  ['Student.enrollments', 'students', 'enrollments', 'student_id'],
  ['Student.individualSessions', 'students', 'individual_sessions', 'student_id'],
  ['Student.sessionAttendances', 'students', 'session_attendances', 'student_id'],
  ['Student.weeklyReports', 'students', 'weekly_reports', 'student_id'],
  ['Student.parentCommunications', 'students', 'parent_communications', 'student_id'],
  ['Student.studentObjectives', 'students', 'student_objectives', 'student_id'],
  ['Teacher.groups', 'teachers', 'groups', 'teacher_id'],
  ['Teacher.individualSessions', 'teachers', 'individual_sessions', 'teacher_id'],
  ['Teacher.availabilities', 'teachers', 'availabilities', 'teacher_id'],
  ['Teacher.bookings', 'teachers', 'bookings', 'teacher_id'],
  ['Teacher.sessionReports', 'teachers', 'session_reports', 'teacher_id'],
  ['Teacher.enrollments', 'teachers', 'enrollments', 'teacher_id'],
  ['Location.bookings', 'locations', 'bookings', 'location_id'],
  ['Location.groups', 'locations', 'groups', 'default_location_id'],
  ['Location.individualSessions', 'locations', 'individual_sessions', 'location_id'],
  ['Location.groupSessions', 'locations', 'group_sessions', 'location_id'],
  ['Group.enrollments', 'groups', 'enrollments', 'group_id'],
  ['Group.sessions', 'groups', 'group_sessions', 'group_id'],
  ['Formula.enrollments', 'formulas', 'enrollments', 'formula_id'],
  ['GroupSession.attendances', 'group_sessions', 'session_attendances', 'session_id'],
  ['User.userSessions', 'users', 'user_sessions', 'user_id'],
  ['User.childRelations (parents)', 'users', 'parent_child_relations', 'parent_user_id', "p.role = 'parent'"],
  ['User.parentRelations (students)', 'users', 'parent_child_relations', 'child_user_id', "p.role = 'student'"],
];

/** Invariants of the data, each a query counting the rows that break it (0 expected). */
function invariants(reference: number): Array<[string, string]> {
  const REFERENCE_SQL = `'${new Date(reference).toISOString()}'::timestamptz`;
  return [
  [
    'no two bookings of a teacher overlap',
    `SELECT count(*) FROM bookings a JOIN bookings b ON a.teacher_id = b.teacher_id AND a.id < b.id
      AND tstzrange(a.start_time, a.end_time) && tstzrange(b.start_time, b.end_time)`,
  ],
  [
    'no two bookings of a student overlap',
    `SELECT count(*) FROM bookings a JOIN bookings b ON a.student_id = b.student_id AND a.id < b.id
      AND tstzrange(a.start_time, a.end_time) && tstzrange(b.start_time, b.end_time)`,
  ],
  [
    'a booking made on an availability has its teacher and times',
    `SELECT count(*) FROM bookings b JOIN availabilities a ON a.id = b.availability_id
      WHERE a.teacher_id <> b.teacher_id OR a.start_time <> b.start_time OR a.end_time <> b.end_time
         OR a.is_for_in_person <> (b.format = 'in_person')`,
  ],
  [
    'the availability of a booking that stands is booked',
    `SELECT count(*) FROM bookings b JOIN availabilities a ON a.id = b.availability_id WHERE b.status <> 'cancelled' AND NOT a.is_booked`,
  ],
  [
    'a booked availability has its booking',
    `SELECT count(*) FROM availabilities a WHERE a.is_booked
      AND NOT EXISTS (SELECT 1 FROM bookings b WHERE b.availability_id = a.id AND b.status <> 'cancelled')`,
  ],
  [
    'an in-person booking has a room, an online one a meeting URL',
    `SELECT count(*) FROM bookings WHERE (format = 'in_person' AND (location_id IS NULL OR meeting_url IS NOT NULL))
      OR (format = 'online' AND (meeting_url IS NULL OR location_id IS NOT NULL))`,
  ],
  [
    'every completed booking has one report, by its teacher, and only those',
    `SELECT (SELECT count(*) FROM bookings b WHERE b.status = 'completed' AND NOT EXISTS (SELECT 1 FROM session_reports r WHERE r.booking_id = b.id))
          + (SELECT count(*) FROM session_reports r JOIN bookings b ON b.id = r.booking_id WHERE b.status <> 'completed' OR r.teacher_id <> b.teacher_id)`,
  ],
  [
    'groups.current_students counts the active enrollments, within max_students',
    `SELECT count(*) FROM groups g WHERE g.current_students > g.max_students
      OR g.current_students <> (SELECT count(*) FROM enrollments e WHERE e.group_id = g.id AND e.is_active)`,
  ],
  ['an enrollment in a group has the group’s teacher', 'SELECT count(*) FROM enrollments e JOIN groups g ON g.id = e.group_id WHERE e.teacher_id IS DISTINCT FROM g.teacher_id'],
  [
    'an enrollment in a group is a group formula of the level of the student and of the group',
    `SELECT count(*) FROM enrollments e JOIN groups g ON g.id = e.group_id JOIN formulas f ON f.id = e.formula_id JOIN students s ON s.id = e.student_id
      WHERE f.type <> 'group' OR f.level <> s.grade_level OR g.level <> s.grade_level`,
  ],
  [
    'an enrollment’s preferred format is one its formula offers',
    `SELECT count(*) FROM enrollments e JOIN formulas f ON f.id = e.formula_id
      WHERE (e.preferred_format = 'online' AND NOT f.supports_online) OR (e.preferred_format = 'in_person' AND NOT f.supports_in_person)`,
  ],
  ['a group fits in its room', 'SELECT count(*) FROM groups g JOIN locations l ON l.id = g.default_location_id WHERE g.max_students > l.capacity'],
  [
    'a room never holds two lessons at once',
    `WITH lessons AS (
       SELECT location_id, tstzrange(start_time, end_time) AS span FROM bookings WHERE location_id IS NOT NULL
       UNION ALL SELECT location_id, tstzrange(scheduled_at, scheduled_at + make_interval(mins => duration_minutes)) FROM individual_sessions WHERE location_id IS NOT NULL
       UNION ALL SELECT location_id, tstzrange(scheduled_at, scheduled_at + make_interval(mins => duration_minutes)) FROM group_sessions WHERE location_id IS NOT NULL)
     SELECT count(*) - (SELECT count(*) FROM lessons) FROM lessons a JOIN lessons b ON a.location_id = b.location_id AND a.span && b.span`,
  ],
  [
    'attendance is taken at completed sessions only',
    `SELECT count(*) FROM session_attendances a JOIN group_sessions s ON s.id = a.session_id WHERE (a.is_present IS NOT NULL) <> (s.status = 'completed')`,
  ],
  [
    'attendance is taken for students enrolled in the group',
    `SELECT count(*) FROM session_attendances a JOIN group_sessions s ON s.id = a.session_id
      WHERE NOT EXISTS (SELECT 1 FROM enrollments e WHERE e.group_id = s.group_id AND e.student_id = a.student_id AND e.is_active)`,
  ],
  [
    'an in-person session has a room',
    `SELECT (SELECT count(*) FROM group_sessions WHERE format = 'in_person' AND location_id IS NULL)
          + (SELECT count(*) FROM individual_sessions WHERE format = 'in_person' AND location_id IS NULL)`,
  ],
  [
    'every student and teacher record is linked to an account of its role',
    `SELECT (SELECT count(*) FROM students s LEFT JOIN users u ON u.id = s.user_id WHERE u.role IS DISTINCT FROM 'student' OR u.email <> s.email)
          + (SELECT count(*) FROM teachers t LEFT JOIN users u ON u.id = t.user_id WHERE u.role IS DISTINCT FROM 'teacher' OR u.email <> t.email)`,
  ],
  [
    'every account has the profile of its role',
    `SELECT count(*) FROM users u WHERE NOT CASE u.role
      WHEN 'student' THEN EXISTS (SELECT 1 FROM student_profiles p WHERE p.user_id = u.id) AND EXISTS (SELECT 1 FROM students s WHERE s.user_id = u.id)
      WHEN 'parent' THEN EXISTS (SELECT 1 FROM parent_profiles p WHERE p.user_id = u.id)
      WHEN 'teacher' THEN EXISTS (SELECT 1 FROM teacher_profiles p WHERE p.user_id = u.id) AND EXISTS (SELECT 1 FROM teachers t WHERE t.user_id = u.id)
      WHEN 'admin' THEN EXISTS (SELECT 1 FROM admin_profiles p WHERE p.user_id = u.id) END`,
  ],
  ['parent-child relations link a parent account to a student account', `SELECT count(*) FROM parent_child_relations r JOIN users p ON p.id = r.parent_user_id JOIN users c ON c.id = r.child_user_id WHERE p.role <> 'parent' OR c.role <> 'student'`],
  ['e-mails are stored in lower case', 'SELECT count(*) FROM users WHERE email <> lower(email)'],
  ['every account has the demo password hash (hashed once)', 'SELECT count(DISTINCT password_hash) - 1 FROM users'],
  [
    'session and refresh tokens are SHA-256 digests, never clear tokens',
    `SELECT count(*) FROM user_sessions WHERE session_token !~ '^[0-9a-f]{64}$' OR (refresh_token IS NOT NULL AND refresh_token !~ '^[0-9a-f]{64}$')`,
  ],
  [
    'past bookings are settled, future ones are not',
    `SELECT count(*) FROM bookings WHERE (end_time <= ${REFERENCE_SQL}) <> (status IN ('completed', 'no_show') OR (status = 'cancelled' AND end_time <= ${REFERENCE_SQL}))`,
  ],
  [
    'things are created before they happen, and reported after',
    `SELECT (SELECT count(*) FROM bookings WHERE created_at > start_time OR updated_at < created_at)
          + (SELECT count(*) FROM availabilities WHERE created_at > start_time)
          + (SELECT count(*) FROM session_reports r JOIN bookings b ON b.id = r.booking_id WHERE r.created_at < b.end_time)
          + (SELECT count(*) FROM individual_sessions WHERE created_at > scheduled_at)
          + (SELECT count(*) FROM group_sessions s JOIN groups g ON g.id = s.group_id WHERE s.created_at > s.scheduled_at OR s.created_at < g.created_at)
          + (SELECT count(*) FROM learning_sessions WHERE completed_at < started_at)
          + (SELECT count(*) FROM assessments WHERE completed_at < created_at)
          + (SELECT count(*) FROM users WHERE last_login < created_at)`,
  ],
  [
    'nothing was created or changed after the reference date',
    SPECS.flatMap((spec) =>
      ['created_at', 'updated_at'].filter((column) => spec.columns.includes(column)).map((column) => `(SELECT count(*) FROM "${spec.table}" WHERE ${column} > ${REFERENCE_SQL})`),
    ).join(' + '),
  ],
  [
    'enrollments and weekly reports end after they start',
    `SELECT (SELECT count(*) FROM enrollments WHERE end_date < start_date) + (SELECT count(*) FROM weekly_reports WHERE week_end_date < week_start_date)`,
  ],
  ];
}

async function connect(url: string): Promise<Client> {
  const client = new Client({ connectionString: url });
  await client.connect();
  return client;
}

async function scalar(client: Client, sql: string): Promise<number> {
  const { rows } = await client.query<{ value: string | number | null }>(`SELECT (${sql}) AS value`);
  return Number(rows[0].value);
}

async function counts(client: Client): Promise<Record<string, number>> {
  const { rows } = await client.query<Record<string, string>>(`SELECT ${TABLES.map((table) => `(SELECT count(*) FROM "${table}") AS "${table}"`).join(', ')}`);
  return Object.fromEntries(Object.entries(rows[0]).map(([table, count]) => [table, Number(count)]));
}

/** An md5 of every row of every table, in id order: equal fingerprints, identical data. */
async function fingerprints(client: Client): Promise<Record<string, string>> {
  const { rows } = await client.query<Record<string, string>>(
    `SELECT ${TABLES.map((table) => `(SELECT md5(string_agg(t::text, E'\\n' ORDER BY t.id)) FROM "${table}" t) AS "${table}"`).join(', ')}`,
  );
  return rows[0];
}

async function smallestFamilies(client: Client): Promise<Record<string, number>> {
  const minimums: Record<string, number> = {};
  for (const [name, parent, child, key, where] of RELATIONSHIPS) {
    minimums[name] = await scalar(
      client,
      `SELECT min(n) FROM (SELECT p.id, count(c.id) AS n FROM "${parent}" p LEFT JOIN "${child}" c ON c."${key}" = p.id
        ${where ? `WHERE ${where}` : ''} GROUP BY p.id) families`,
    );
  }
  return minimums;
}

/** The invariants the data breaks, for data whose "now" is reference (the canonical REFERENCE unless moved). */
async function brokenInvariants(client: Client, reference: number = REFERENCE): Promise<Record<string, number>> {
  const broken: Record<string, number> = {};
  for (const [name, sql] of invariants(reference)) {
    const count = await scalar(client, sql);
    if (count !== 0) broken[name] = count;
  }
  return broken;
}

/** Every index and constraint of the public schema, by name (the seed drops and recreates some of them). */
async function schemaObjects(client: Client): Promise<string[]> {
  const { rows } = await client.query<{ item: string }>(
    `SELECT 'index ' || c.relname || ': ' || pg_get_indexdef(i.indexrelid) || coalesce(' -- ' || obj_description(i.indexrelid, 'pg_class'), '') AS item
       FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE n.nspname = 'public'
     UNION ALL
     SELECT 'constraint ' || conrelid::regclass::text || '.' || conname || ': ' || pg_get_constraintdef(oid) || ' valid=' || convalidated
            || coalesce(' -- ' || obj_description(oid, 'pg_constraint'), '')
       FROM pg_constraint WHERE connamespace = 'public'::regnamespace
     ORDER BY 1`,
  );
  return rows.map((row) => row.item);
}

async function migratedEmptyDatabase(): Promise<{ database: TestDatabase; dataSource: DataSource }> {
  const database = await createTestDatabase({ empty: true });
  const dataSource = createDataSource({ url: database.url, poolSize: 2 });
  await dataSource.initialize();
  await dataSource.runMigrations({ transaction: 'each' });
  return { database, dataSource };
}

describe('npm run seed', () => {
  let seeded: TestDatabase;
  let client: Client;
  let scaleOne: Record<string, number>;
  let scaleOnePrints: Record<string, string>;

  beforeAll(async () => {
    seeded = await createTestDatabase(); // a clone of the template, seeded at scale 1
    client = await connect(seeded.url);
    scaleOne = await counts(client);
    scaleOnePrints = await fingerprints(client);
  });

  afterAll(async () => {
    await client?.end();
    await seeded?.drop();
  });

  it('seeds exactly the 25 tables of the entities', async () => {
    const dataSource = createDataSource({ url: seeded.url, poolSize: 1 });
    await dataSource.initialize();
    try {
      expect([...TABLES].sort()).toEqual(dataSource.entityMetadatas.map((metadata) => metadata.tableName).sort());
    } finally {
      await dataSource.destroy();
    }
    expect(TABLES).toHaveLength(25);
  });

  it('gives every table at least 50 rows at scale 1, and 10,000 bookings', () => {
    const small = Object.entries(scaleOne).filter(([, count]) => count < 50);
    expect(small).toEqual([]);
    expect(scaleOne.bookings).toBe(10_000);
  });

  it('gives every parent several children through each to-many relationship', async () => {
    const minimums = await smallestFamilies(client);
    const thin = Object.entries(minimums).filter(([, min]) => !(min >= 2));
    expect(thin).toEqual([]);
  });

  it('keeps the data consistent (overlaps, availabilities, reports, groups, accounts)', async () => {
    expect(await brokenInvariants(client)).toEqual({});
  });

  it('moves every identity sequence past the seeded ids', async () => {
    for (const table of TABLES) {
      const next = await scalar(client, `SELECT nextval(pg_get_serial_sequence('"${table}"', 'id'))`);
      expect({ table, next }).toEqual({ table, next: (await scalar(client, `SELECT max(id) FROM "${table}"`)) + 1 });
    }
  });

  it('creates the four demo accounts with the password nexus-demo', async () => {
    const { rows } = await client.query<{ email: string; role: string; status: string; password_hash: string }>(
      'SELECT email, role, status, password_hash FROM users WHERE email = ANY($1) ORDER BY email',
      [Object.values(DEMO_ACCOUNTS)],
    );
    expect(rows.map(({ email, role, status }) => ({ email, role, status }))).toEqual([
      { email: 'admin@example.com', role: 'admin', status: 'active' },
      { email: 'parent@example.com', role: 'parent', status: 'active' },
      { email: 'student@example.com', role: 'student', status: 'active' },
      { email: 'teacher@example.com', role: 'teacher', status: 'active' },
    ]);
    // One hash for every account (see the invariants): checking it once checks all four.
    expect(new Set(rows.map((row) => row.password_hash)).size).toBe(1);
    await expect(verifyPassword(DEMO_PASSWORD, rows[0].password_hash)).resolves.toBe(true);
    await expect(verifyPassword('nexus-demo!', rows[0].password_hash)).resolves.toBe(false);
  });

  it('gives the demo admin every privilege', async () => {
    const { rows } = await client.query(
      `SELECT p.is_super_admin, p.can_manage_users, p.can_manage_content, p.can_view_reports, p.can_manage_billing
         FROM admin_profiles p JOIN users u ON u.id = p.user_id WHERE u.email = 'admin@example.com'`,
    );
    expect(rows).toEqual([{ is_super_admin: true, can_manage_users: true, can_manage_content: true, can_view_reports: true, can_manage_billing: true }]);
  });

  it('links the demo teacher to a teacher record with availabilities, bookings and groups', async () => {
    const { rows } = await client.query(
      `SELECT (SELECT count(*) FROM availabilities a WHERE a.teacher_id = t.id)::int AS availabilities,
              (SELECT count(*) FROM availabilities a WHERE a.teacher_id = t.id AND NOT a.is_booked)::int AS free,
              (SELECT count(*) FROM bookings b WHERE b.teacher_id = t.id)::int AS bookings,
              (SELECT count(*) FROM groups g WHERE g.teacher_id = t.id)::int AS groups
         FROM teachers t JOIN users u ON u.id = t.user_id WHERE u.email = 'teacher@example.com'`,
    );
    expect(rows).toHaveLength(1);
    expect(rows[0].availabilities).toBeGreaterThanOrEqual(2);
    expect(rows[0].free).toBeGreaterThanOrEqual(2);
    expect(rows[0].bookings).toBeGreaterThanOrEqual(2);
    expect(rows[0].groups).toBeGreaterThanOrEqual(2);
  });

  it('makes the demo parent the parent of the demo student and a sibling, with and without permissions', async () => {
    const { rows } = await client.query<{ email: string; can_view_grades: boolean; can_receive_reports: boolean }>(
      `SELECT c.email, r.can_view_grades, r.can_receive_reports FROM parent_child_relations r
         JOIN users p ON p.id = r.parent_user_id JOIN users c ON c.id = r.child_user_id
        WHERE p.email = 'parent@example.com' ORDER BY r.id`,
    );
    expect(rows.length).toBeGreaterThanOrEqual(2);
    expect(rows[0]).toEqual({ email: 'student@example.com', can_view_grades: true, can_receive_reports: true });
    expect(rows).toContainEqual(expect.objectContaining({ can_view_grades: false, can_receive_reports: false }));
  });

  it('links the demo student to a student record with bookings, enrollments and assessments', async () => {
    const { rows } = await client.query(
      `SELECT s.grade_level,
              (SELECT count(*) FROM bookings b WHERE b.student_id = s.id)::int AS bookings,
              (SELECT count(*) FROM enrollments e WHERE e.student_id = s.id)::int AS enrollments,
              (SELECT count(*) FROM assessments a WHERE a.student_id = s.id)::int AS assessments,
              (SELECT count(*) FROM aria_interactions a WHERE a.student_id = s.id)::int AS aria
         FROM students s JOIN users u ON u.id = s.user_id WHERE u.email = 'student@example.com'`,
    );
    expect(rows).toHaveLength(1);
    expect(rows[0].grade_level).toBe('terminale');
    for (const key of ['bookings', 'enrollments', 'assessments', 'aria']) expect(rows[0][key]).toBeGreaterThanOrEqual(2);
  });

  it('produces identical data on every run at the same scale, and leaves the schema as the migrations made it', async () => {
    const { database, dataSource } = await migratedEmptyDatabase();
    try {
      const other = await connect(database.url);
      try {
        const migrated = await schemaObjects(other);
        expect(migrated.filter((item) => item.startsWith('constraint bookings.excl_'))).toHaveLength(2);
        // Comments on the indexes and constraints the seed recreates survive too.
        await other.query("COMMENT ON INDEX idx_bookings_start_time IS 'the admin''s agenda'");
        await other.query("COMMENT ON CONSTRAINT excl_bookings_teacher_time ON bookings IS 'no double booking'");
        const commented = await schemaObjects(other);
        const result = await seedDatabase(dataSource, { scale: 1, referenceDate: CANONICAL_REFERENCE_DATE });
        expect(result.reset).toBe(false);
        expect(result.indexesRebuilt).toBe(true);
        expect(await fingerprints(other)).toEqual(scaleOnePrints);
        expect(await schemaObjects(other)).toEqual(commented);
        expect(commented).toContain("index idx_bookings_start_time: CREATE INDEX idx_bookings_start_time ON public.bookings USING btree (start_time, id) -- the admin's agenda");
        expect(await schemaObjects(client)).toEqual(migrated);
      } finally {
        await other.end();
      }
    } finally {
      await dataSource.destroy();
      await database.drop();
    }
  });

  it('resets a seeded database when run again: same counts, same rows', async () => {
    const dataSource = createDataSource({ url: seeded.url, poolSize: 2 });
    await dataSource.initialize();
    let result: SeedResult;
    try {
      await client.query("INSERT INTO locations (name, capacity) VALUES ('Salle ajoutée à la main', 12)");
      result = await seedDatabase(dataSource, { scale: 1, referenceDate: CANONICAL_REFERENCE_DATE });
    } finally {
      await dataSource.destroy();
    }
    expect(result.reset).toBe(true);
    expect(Object.fromEntries(result.tables.map(({ table, rows }) => [table, rows]))).toEqual(scaleOne);
    expect(await counts(client)).toEqual(scaleOne);
    expect(await fingerprints(client)).toEqual(scaleOnePrints);
  });

  it('places the demo on the reference date\'s week: whole weeks later, past and upcoming lessons, free slots, last week\'s reports', async () => {
    // 2027-01-13 is a Wednesday, 19 weeks after the canonical week (Monday 2026-08-31).
    const { database, dataSource } = await migratedEmptyDatabase();
    const other = await connect(database.url);
    try {
      await seedDatabase(dataSource, { scale: 1, referenceDate: '2027-01-13' });
      const week = (sql: string) => `(${sql}) AS value`;
      const one = async (sql: string): Promise<unknown> => (await other.query<{ value: unknown }>(`SELECT ${week(sql)}`)).rows[0].value;
      const canonical = async (sql: string): Promise<unknown> => (await client.query<{ value: unknown }>(`SELECT ${week(sql)}`)).rows[0].value;
      const first = 'SELECT min(start_time) FROM bookings';
      expect(((await one(first)) as Date).getTime() - ((await canonical(first)) as Date).getTime()).toBe(19 * 7 * 86_400_000);
      const monday = `'2027-01-11T00:00:00+01:00'::timestamptz`;
      const teacher = `teacher_id = (SELECT t.id FROM teachers t JOIN users u ON u.id = t.user_id WHERE u.email = 'teacher@example.com')`;
      expect(Number(await one(`SELECT count(*) FROM bookings WHERE ${teacher} AND start_time >= ${monday} AND status IN ('pending', 'confirmed')`))).toBeGreaterThan(0);
      expect(Number(await one(`SELECT count(*) FROM bookings WHERE ${teacher} AND start_time < ${monday} AND status = 'completed'`))).toBeGreaterThan(0);
      expect(Number(await one(`SELECT count(*) FROM availabilities WHERE ${teacher} AND start_time >= ${monday} AND NOT is_booked`))).toBeGreaterThan(0);
      expect(await one(`SELECT max(week_start_date)::text FROM weekly_reports`)).toBe('2027-01-04');
      expect(await brokenInvariants(other, REFERENCE + 19 * 7 * 86_400_000)).toEqual({});
    } finally {
      await other.end();
      await dataSource.destroy();
      await database.drop();
    }
  });

  it('doubles every count at --scale 2, with the same guarantees (seeding through a plain pg client)', async () => {
    const { database, dataSource } = await migratedEmptyDatabase();
    await dataSource.destroy();
    const other = await connect(database.url);
    try {
      const progress: number[] = [];
      const result = await seedDatabase(other, { scale: 2, referenceDate: CANONICAL_REFERENCE_DATE, onProgress: ({ rows }) => progress.push(rows) });
      const doubled = Object.fromEntries(Object.entries(scaleOne).map(([table, count]) => [table, 2 * count]));
      expect(Object.fromEntries(result.tables.map(({ table, rows }) => [table, rows]))).toEqual(doubled);
      expect(result.totalRows).toBe(2 * Object.values(scaleOne).reduce((sum, count) => sum + count, 0));
      expect(progress.at(-1)).toBe(result.totalRows);
      expect(await counts(other)).toEqual(doubled);
      expect(Object.entries(await smallestFamilies(other)).filter(([, min]) => !(min >= 2))).toEqual([]);
      expect(await brokenInvariants(other)).toEqual({});
    } finally {
      await other.end();
      await database.drop();
    }
  });
});

describe('npm run seed by a role that does not own the tables', () => {
  it('still loads the same data, maintaining the indexes row by row', async () => {
    const { database, dataSource } = await migratedEmptyDatabase();
    await dataSource.destroy();
    const role = `seed_writer_${randomBytes(4).toString('hex')}`;
    const owner = await connect(database.url);
    try {
      const migrated = await schemaObjects(owner);
      await owner.query(`CREATE ROLE ${role} LOGIN PASSWORD 'writer'`);
      await owner.query(`GRANT USAGE ON SCHEMA public TO ${role}`);
      await owner.query(`GRANT SELECT, INSERT, UPDATE, DELETE, TRUNCATE ON ALL TABLES IN SCHEMA public TO ${role}`);
      await owner.query(`GRANT USAGE, SELECT, UPDATE ON ALL SEQUENCES IN SCHEMA public TO ${role}`);
      const url = new URL(database.url);
      url.username = role;
      url.password = 'writer';
      const writer = await connect(url.toString());
      try {
        const result = await seedDatabase(writer, { scale: 1, referenceDate: CANONICAL_REFERENCE_DATE });
        expect(result.indexesRebuilt).toBe(false);
        const reference = await createTestDatabase(); // the template, seeded by its owner
        const seeded = await connect(reference.url);
        try {
          expect(await fingerprints(writer)).toEqual(await fingerprints(seeded));
        } finally {
          await seeded.end();
          await reference.drop();
        }
      } finally {
        await writer.end();
      }
      expect(await schemaObjects(owner)).toEqual(migrated);
    } finally {
      await owner.end();
      await database.drop();
      await withAdminClient(process.env.TEST_DATABASE_SERVER_URL as string, (admin) => admin.query(`DROP ROLE IF EXISTS ${role}`));
    }
  });
});

describe('npm run seed arguments', () => {
  it('reads --scale N and --scale=N, scale 1 by default', () => {
    expect(parseSeedArguments([])).toEqual({ scale: 1, referenceDate: null, force: false });
    expect(parseSeedArguments(['--scale', '10'])).toEqual({ scale: 10, referenceDate: null, force: false });
    expect(parseSeedArguments(['--scale=3'])).toEqual({ scale: 3, referenceDate: null, force: false });
  });

  it('reads --reference-date YYYY-MM-DD and --force', () => {
    expect(parseSeedArguments(['--reference-date', '2027-02-14', '--force'])).toEqual({ scale: 1, referenceDate: '2027-02-14', force: true });
    expect(parseSeedArguments(['--reference-date=2026-09-01'])).toEqual({ scale: 1, referenceDate: '2026-09-01', force: false });
  });

  it.each([['2027-02-30'], ['14/02/2027'], ['tomorrow']])('rejects --reference-date %s naming it', (value) => {
    expect(() => parseSeedArguments(['--reference-date', value])).toThrow(`--reference-date must be a date as YYYY-MM-DD (got "${value}")`);
  });

  it('refuses to empty DATABASE_URL, or any database in production, without --force', () => {
    const where = 'db.example.com:5432/nexus';
    expect(() => assertSeedAllowed({ force: false, embedded: false, nodeEnv: 'development', where })).toThrow(
      `npm run seed would empty the 25 tables of DATABASE_URL (${where}); add --force`,
    );
    expect(() => assertSeedAllowed({ force: false, embedded: true, nodeEnv: 'production', where })).toThrow('NODE_ENV is production');
    expect(() => assertSeedAllowed({ force: true, embedded: false, nodeEnv: 'production', where })).not.toThrow();
    expect(() => assertSeedAllowed({ force: false, embedded: true, nodeEnv: 'development', where })).not.toThrow();
  });

  it('exits with 1 and one error line for DATABASE_URL without --force, before touching it', () => {
    const root = path.resolve(__dirname, '../..');
    const run = spawnSync(process.execPath, ['-r', 'ts-node/register/transpile-only', 'src/cli/seed.ts'], {
      cwd: root,
      encoding: 'utf8',
      env: { ...process.env, DATABASE_URL: 'postgres://nobody:secret@127.0.0.1:1/none' },
      timeout: 90_000, // ts-node compiling the CLI on a loaded 2-core machine
    });
    expect(run.status).toBe(1);
    expect(run.stderr.trim().split('\n')).toEqual([
      'error: npm run seed would empty the 25 tables of DATABASE_URL (127.0.0.1:1/none); add --force if that is what you want, or unset DATABASE_URL to seed the embedded database',
    ]);
  });

  it.each([['abc'], ['0'], ['-2'], ['1.5'], ['1e3'], ['100000']])('rejects --scale %s naming --scale', (value) => {
    expect(() => parseSeedArguments(['--scale', value])).toThrow(/^--scale must be a whole number from 1 to \d+ \(got/);
  });

  it('rejects a missing value and unknown arguments', () => {
    expect(() => parseSeedArguments(['--scale'])).toThrow('--scale needs a value');
    expect(() => parseSeedArguments(['--sclae', '2'])).toThrow('unknown argument "--sclae"');
  });

  it('exits with 1 and one error line for a bad --scale, before touching any database', () => {
    const root = path.resolve(__dirname, '../..');
    const run = spawnSync(process.execPath, ['-r', 'ts-node/register', 'src/cli/seed.ts', '--scale', 'lots'], {
      cwd: root,
      encoding: 'utf8',
      env: { ...process.env, DATABASE_URL: 'postgres://nobody:secret@127.0.0.1:1/none' },
      timeout: 90_000, // ts-node compiling the CLI on a loaded 2-core machine
    });
    expect(run.status).toBe(1);
    expect(run.stdout).toBe('');
    expect(run.stderr.trim().split('\n')).toEqual(['error: --scale must be a whole number from 1 to 1000 (got "lots")']);
  });
});

describe('npm run seed output', () => {
  const steps = [
    { table: 'users', tableRows: 0, tableTotal: 260, rows: 0, totalRows: 1260, elapsedMs: 10 },
    { table: 'users', tableRows: 260, tableTotal: 260, rows: 260, totalRows: 1260, elapsedMs: 20 },
    { table: 'bookings', tableRows: 0, tableTotal: 1000, rows: 260, totalRows: 1260, elapsedMs: 30 },
    { table: 'bookings', tableRows: 1000, tableTotal: 1000, rows: 1260, totalRows: 1260, elapsedMs: 500 },
    { table: null, tableRows: 0, tableTotal: 0, rows: 1260, totalRows: 1260, elapsedMs: 600 },
  ];

  it('prints one plain line per table when stderr is not a terminal', () => {
    const written: string[] = [];
    const reporter = progressReporter({ isTTY: false, write: (text) => written.push(text) });
    for (const step of steps) reporter.onProgress(step);
    reporter.done();
    expect(written).toHaveLength(3);
    expect(written[0]).toMatch(/^seed: users +260 rows +260\/1,260 rows, 0\.0 s, [\d,]+ rows\/s\n$/);
    expect(written[1]).toMatch(/^seed: bookings +1,000 rows +1,260\/1,260 rows, 0\.5 s, 2,520 rows\/s\n$/);
    expect(written.join('')).not.toContain('\r');
  });

  it('redraws one bar in place on a terminal, and clears it at the end', () => {
    const written: string[] = [];
    const reporter = progressReporter({ isTTY: true, columns: 200, write: (text) => written.push(text) });
    for (const step of steps) reporter.onProgress(step);
    reporter.done();
    expect(written.every((text) => text.startsWith('\r'))).toBe(true);
    expect(written.some((text) => /100% +1,260\/1,260 rows +2,\d{3} rows\/s/.test(text))).toBe(true);
    expect(written.at(-1)).toBe('\r\x1b[K');
  });

  it('sums up rows per table, time, rate and the demo accounts', () => {
    const summary = formatSummary(
      {
        scale: 1,
        reset: true,
        tables: [
          { table: 'users', rows: 260, ms: 12 },
          { table: 'bookings', rows: 10_000, ms: 300 },
        ],
        totalRows: 10_260,
        ms: 2_000,
        rowsPerSecond: 5_130,
        phases: { hashMs: 400, copyMs: 1_000, indexMs: 500, analyzeMs: 100 },
        indexesRebuilt: true,
      },
      '127.0.0.1:5432/nexus',
    );
    expect(summary).toContain('127.0.0.1:5432/nexus held data: it was reset');
    expect(summary).toMatch(/bookings +10,000 +0\.3 s/);
    expect(summary).toMatch(/total +10,260 +2\.0 s/);
    expect(summary).toContain('10,260 rows in 2.0 s (5,130 rows/s)');
    for (const email of Object.values(DEMO_ACCOUNTS)) expect(summary).toContain(email);
    expect(summary).toContain(`password: ${DEMO_PASSWORD}`);
  });
});
