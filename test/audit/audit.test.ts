import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { DataSource } from 'typeorm';
import { parseAuditArguments, UsageError } from '../../src/audit/arguments';
import {
  checkCommonFieldIndexes,
  checkForeignKeyIndexes,
  checkRelationBatching,
  checkRelationLoading,
  checkUnmappedForeignKeys,
  modelNamesOf,
} from '../../src/audit/checks';
import { dbmlType, renderDbml } from '../../src/audit/dbml';
import { describeEntities, describeRegistry, type EntityModel } from '../../src/audit/entity-model';
import { auditExitCode, type Finding } from '../../src/audit/findings';
import { indexLedBy, type LiveIndex, type LiveSchema, type LiveTable } from '../../src/audit/live-schema';
import { renderReport } from '../../src/audit/report';
import { runAudit, type AuditResult } from '../../src/audit/run-audit';
import { createDataSource } from '../../src/db/data-source';
import { MODELS } from '../../src/graphql/models';
import { createTestDatabase, type TestDatabase } from '../support/test-database';

// The seed's audit (shared/seeds/000_527f4fd25f895199.txt) as `npm run audit`: zero problems on
// the migrated schema, and each kind of damage found with the SQL that repairs it.

const ROOT = path.resolve(__dirname, '../..');

const SEED_MODELS = [
  ['Student', 'students'],
  ['LearningSession', 'learning_sessions'],
  ['Assessment', 'assessments'],
  ['ARIAInteraction', 'aria_interactions'],
  ['User', 'users'],
  ['StudentProfile', 'student_profiles'],
  ['ParentProfile', 'parent_profiles'],
  ['TeacherProfile', 'teacher_profiles'],
  ['AdminProfile', 'admin_profiles'],
  ['UserSession', 'user_sessions'],
  ['ParentChildRelation', 'parent_child_relations'],
  ['Formula', 'formulas'],
  ['Location', 'locations'],
  ['Availability', 'availabilities'],
  ['Booking', 'bookings'],
  ['SessionReport', 'session_reports'],
  ['Group', 'groups'],
  ['Teacher', 'teachers'],
  ['Enrollment', 'enrollments'],
  ['IndividualSession', 'individual_sessions'],
  ['GroupSession', 'group_sessions'],
  ['SessionAttendance', 'session_attendances'],
  ['WeeklyReport', 'weekly_reports'],
  ['ParentCommunication', 'parent_communications'],
  ['StudentObjective', 'student_objectives'],
];

interface Opened {
  database: TestDatabase;
  dataSource: DataSource;
  close(): Promise<void>;
}

/** A database of the test's own (a clone of the migrated template), with `damage` applied. */
async function openDatabase(damage: string[] = []): Promise<Opened> {
  const database = await createTestDatabase();
  const dataSource = createDataSource({ url: database.url, poolSize: 2 });
  await dataSource.initialize();
  for (const statement of damage) await dataSource.query(statement);
  return {
    database,
    dataSource,
    close: async () => {
      await dataSource.destroy();
      await database.drop();
    },
  };
}

async function auditAfter(damage: string[]): Promise<AuditResult> {
  const opened = await openDatabase(damage);
  try {
    return await runAudit(opened.dataSource);
  } finally {
    await opened.close();
  }
}

const brief = (finding: Finding) => ({ severity: finding.severity, type: finding.type, model: finding.model, column: finding.column });

describe('npm run audit on the migrated schema', () => {
  let opened: Opened;
  let result: AuditResult;

  beforeAll(async () => {
    opened = await openDatabase();
    result = await runAudit(opened.dataSource, { generatedAt: new Date('2026-01-02T03:04:05.678Z') });
  });
  afterAll(() => opened.close());

  it('discovers the 25 models of the seed, named by their GraphQL type, in the seed’s order', () => {
    expect(result.models.map((model) => [model.name, model.table])).toEqual(SEED_MODELS);
    const booking = result.models.find((model) => model.name === 'Booking');
    expect(booking).toEqual({ name: 'Booking', table: 'bookings', columns: 20, relationships: 5 });
    expect(result.models.find((model) => model.name === 'Student')).toMatchObject({ columns: 14, relationships: 11 });
  });

  it('finds no problem at all, and exits with 0', () => {
    expect(result.findings).toEqual([]);
    expect(result.exitCode).toBe(0);
  });

  it('prints the seed’s report format with the right counts', () => {
    const report = result.report;
    expect(report.startsWith('# Database & ORM Audit Report\n**Generated:** 2026-01-02T03:04:05.678Z\n\n## Executive Summary\n')).toBe(true);
    expect(report).toContain(
      '- **Total Models:** 25\n- **Total Issues:** 0\n- **High Severity:** 0\n- **Medium Severity:** 0\n- **Low Severity:** 0\n',
    );
    expect(report).toContain('## Models Discovered\n\n### Student\n- **Table:** `students`\n- **Columns:** 14\n- **Relationships:** 11\n');
    expect(report).toContain('### ARIAInteraction\n- **Table:** `aria_interactions`\n');
    const headings = report.split('\n').filter((line) => line.startsWith('## '));
    expect(headings).toEqual([
      '## Executive Summary',
      '## Models Discovered',
      '## 🔴 High Severity Issues',
      '## 🟡 Medium Severity Issues',
      '## 🟢 Low Severity Issues',
      '## Database Schema (DBML)',
    ]);
    expect(report).toContain('```dbml\n// Nexus Réussite Database Schema\n// Generated on 2026-01-02 03:04:05\n\nTable students {');
    expect(report.trimEnd().endsWith('```')).toBe(true);
  });

  it('renders the DBML of the live database: 25 tables, 37 refs with the corrected targets', () => {
    const lines = result.dbml.split('\n');
    expect(lines.filter((line) => line.startsWith('Table ')).map((line) => line.split(' ')[1])).toEqual(SEED_MODELS.map(([, table]) => table));
    const refs = lines.filter((line) => line.startsWith('Ref: '));
    // 33 of the audit, 2 account links, 2 message correspondents (sender_id, recipient_id → users).
    expect(refs).toHaveLength(37);
    expect(refs).toEqual(
      expect.arrayContaining([
        'Ref: parent_child_relations.parent_user_id > users.id [delete: cascade]',
        'Ref: parent_child_relations.child_user_id > users.id [delete: cascade]',
        'Ref: bookings.availability_id > availabilities.id [delete: set null]',
        'Ref: groups.default_location_id > locations.id [delete: set null]',
        'Ref: session_attendances.session_id > group_sessions.id [delete: cascade]',
        'Ref: students.user_id > users.id [delete: set null]',
        'Ref: teachers.user_id > users.id [delete: set null]',
        'Ref: bookings.teacher_id > teachers.id [delete: restrict]',
      ]),
    );
    expect(result.dbml).not.toMatch(/parent_users|child_users|availabilitys|default_locations|> sessions\.id/);
    expect(result.dbml).not.toContain('Table migrations');
    // [pk], [not null], [unique] as in the seed, with PostgreSQL's own types.
    expect(result.dbml).toContain('Table users {\n  id integer [pk]\n  email varchar [not null, unique]\n  password_hash varchar [not null]\n');
    expect(result.dbml).toContain('  user_id integer [not null, unique]\n  grade_level varchar [not null]\n');
    expect(result.dbml).toContain('  price_dt numeric(12,3) [not null]\n');
    expect(result.dbml).toContain('  created_at timestamptz(3)\n');
    expect(result.dbml).toContain('  rating "double precision"\n');
    // Indexes with their column order.
    expect(result.dbml).toContain("    (teacher_id, start_time, id) [name: 'idx_bookings_teacher_id']\n");
    expect(result.dbml).not.toContain('Generated on');
    // Every other index of the database is listed by name (pk and single-column unique are column settings).
    const listed = result.liveSchema.tables
      .filter((table) => table.name !== 'migrations')
      .flatMap((table) => table.indexes)
      .filter((index) => !(index.columns.length === 1 && (index.primary || (index.unique && !index.partial))));
    expect(listed.length).toBeGreaterThan(70);
    for (const index of listed) expect(result.dbml).toContain(`name: '${index.name}'`);
  });

  it('keeps docs/schema.dbml in step with the migrated schema (npm run audit rewrites it)', () => {
    expect(readFileSync(path.join(ROOT, 'docs', 'schema.dbml'), 'utf8')).toBe(result.dbml);
  });

  it('counts a unique constraint’s index as the index of a foreign key', () => {
    const reports = result.liveSchema.tables.find((table) => table.name === 'session_reports') as LiveTable;
    const index = indexLedBy(reports, ['booking_id']);
    expect(index).toMatchObject({ name: 'uq_session_reports_booking_id', unique: true });
  });

  it('reports a relation made lazy or eager in the metadata as an N+1 risk', async () => {
    const relation = opened.dataSource.getMetadata('Booking').findRelationWithPropertyPath('teacher');
    if (!relation) throw new Error('Booking.teacher is missing');
    relation.isLazy = true;
    try {
      const lazy = await runAudit(opened.dataSource);
      expect(lazy.findings.map(brief)).toEqual([{ severity: 'high', type: 'n_plus_one_risk', model: 'Booking', column: 'teacher_id' }]);
      expect(lazy.findings[0].issue).toBe('Relationship Booking.teacher loads one row at a time (lazy: a query per entity on first access)');
      expect(lazy.findings[0].recommendation).toContain("request's DataLoader");
      expect(lazy.exitCode).toBe(1);
    } finally {
      relation.isLazy = false;
    }
    const user = opened.dataSource.getMetadata('User').findRelationWithPropertyPath('studentProfile');
    if (!user) throw new Error('User.studentProfile is missing');
    user.isEager = true;
    try {
      const eager = await runAudit(opened.dataSource);
      expect(eager.findings.map((finding) => finding.issue)).toEqual([
        'Relationship User.studentProfile loads one row at a time (eager: loaded with every User, bypassing the batched loaders)',
      ]);
    } finally {
      user.isEager = false;
    }
  });

  it('reports a relation the relationship registry does not batch', async () => {
    const registry = MODELS.map((model) =>
      model.typeName === 'Teacher' ? { ...model, relationships: model.relationships.filter((relationship) => relationship.name !== 'bookings') } : model,
    );
    const audited = await runAudit(opened.dataSource, { registry });
    expect(audited.findings.map(brief)).toEqual([{ severity: 'high', type: 'n_plus_one_risk', model: 'Teacher', column: undefined }]);
    expect(audited.findings[0].issue).toBe(
      'Relationship Teacher.bookings loads one row at a time (no batched loader: not in the relationship registry)',
    );
  });

  it('reports a foreign key of the database that no TypeORM relation maps', () => {
    const entities = describeEntities(opened.dataSource).map((entity) =>
      entity.name === 'Booking' ? { ...entity, relations: entity.relations.filter((relation) => relation.property !== 'location') } : entity,
    );
    const findings = checkUnmappedForeignKeys(entities, result.liveSchema);
    expect(findings.map(brief)).toEqual([{ severity: 'high', type: 'n_plus_one_risk', model: 'Booking', column: 'location_id' }]);
    expect(findings[0].issue).toBe(
      'Relationship Booking.location loads one row at a time (foreign key bookings.location_id → locations.id has no TypeORM relation)',
    );
    // And the registry knows every relation of the entities.
    expect(checkRelationBatching(describeEntities(opened.dataSource), describeRegistry(MODELS))).toEqual([]);
  });
});

describe('npm run audit on a damaged database', () => {
  it('finds a dropped foreign-key index, a dropped status index and a dropped foreign key, and its SQL repairs them', async () => {
    const opened = await openDatabase([
      // Both indexes led by bookings.teacher_id: (teacher_id, start_time, id) and (teacher_id, id).
      'DROP INDEX idx_bookings_teacher_id',
      'DROP INDEX idx_bookings_teacher_id_id',
      'DROP INDEX idx_users_status',
      'ALTER TABLE enrollments DROP CONSTRAINT fk_enrollments_formula_id',
    ]);
    try {
      const damaged = await runAudit(opened.dataSource);
      expect(damaged.findings.map((finding) => ({ ...brief(finding), issue: finding.issue, sql: finding.sql }))).toEqual([
        {
          severity: 'high',
          type: 'missing_foreign_key',
          model: 'Enrollment',
          column: 'formula_id',
          issue: 'Foreign key enrollments.formula_id → formulas.id declared by model Enrollment is missing in the database',
          sql: 'ALTER TABLE enrollments ADD CONSTRAINT fk_enrollments_formula_id FOREIGN KEY (formula_id) REFERENCES formulas(id) ON DELETE RESTRICT;',
        },
        {
          severity: 'high',
          type: 'missing_index',
          model: 'Booking',
          column: 'teacher_id',
          issue: 'Foreign key without index',
          sql: 'CREATE INDEX idx_bookings_teacher_id ON bookings(teacher_id);',
        },
        {
          severity: 'medium',
          type: 'missing_index',
          model: 'User',
          column: 'status',
          issue: 'Common query field "status" without index',
          sql: 'CREATE INDEX idx_users_status ON users(status);',
        },
      ]);
      expect(damaged.exitCode).toBe(1);
      expect(damaged.report).toContain('- **Total Issues:** 3\n- **High Severity:** 2\n- **Medium Severity:** 1\n- **Low Severity:** 0\n');
      expect(damaged.report).toContain(
        '## 🔴 High Severity Issues\n\n### Enrollment\n- **Type:** missing_foreign_key\n',
      );
      expect(damaged.report).toContain(
        '### Booking\n- **Type:** missing_index\n- **Issue:** Foreign key without index\n- **Recommendation:** Add an index led by bookings(teacher_id)',
      );
      expect(damaged.report).toContain('- **SQL:** `CREATE INDEX idx_bookings_teacher_id ON bookings(teacher_id);`\n');
      expect(damaged.report).toContain('## 🟡 Medium Severity Issues\n\n### User\n- **Type:** missing_index\n- **Issue:** Common query field "status" without index\n');
      expect(damaged.dbml.split('\n').filter((line) => line.startsWith('Ref: '))).toHaveLength(36);

      for (const finding of damaged.findings) await opened.dataSource.query(finding.sql as string);
      const repaired = await runAudit(opened.dataSource);
      expect(repaired.findings).toEqual([]);
      expect(repaired.exitCode).toBe(0);
    } finally {
      await opened.close();
    }
  });

  it('finds a foreign key with another ON DELETE rule, or another target', async () => {
    const audited = await auditAfter([
      'ALTER TABLE bookings DROP CONSTRAINT fk_bookings_student_id',
      'ALTER TABLE bookings ADD CONSTRAINT fk_bookings_student_id FOREIGN KEY (student_id) REFERENCES students(id) ON DELETE CASCADE',
      'ALTER TABLE groups DROP CONSTRAINT fk_groups_default_location_id',
      // NOT VALID: the seeded rows need not satisfy the wrong target.
      'ALTER TABLE groups ADD CONSTRAINT fk_groups_default_location_id FOREIGN KEY (default_location_id) REFERENCES teachers(id) NOT VALID',
    ]);
    expect(audited.findings.map((finding) => [finding.severity, finding.type, finding.model, finding.issue])).toEqual([
      [
        'high',
        'foreign_key_drift',
        'Group',
        'Foreign key groups.default_location_id → teachers.id should reference locations.id (model Group)',
      ],
      [
        'medium',
        'foreign_key_drift',
        'Booking',
        'Foreign key bookings.student_id → students.id is ON DELETE CASCADE ON UPDATE NO ACTION in the database, ON DELETE RESTRICT ON UPDATE NO ACTION in model Booking',
      ],
    ]);
    expect(audited.findings[1].sql).toBe(
      'ALTER TABLE bookings DROP CONSTRAINT fk_bookings_student_id, ADD CONSTRAINT fk_bookings_student_id FOREIGN KEY (student_id) REFERENCES students(id) ON DELETE RESTRICT;',
    );
    expect(audited.dbml).toContain('Ref: groups.default_location_id > teachers.id [delete: no action]');
  });

  it('finds a missing table, a missing column and a nullability drift', async () => {
    const audited = await auditAfter([
      'DROP TABLE student_objectives',
      'ALTER TABLE weekly_reports DROP COLUMN aria_insights',
      'ALTER TABLE formulas ALTER COLUMN name DROP NOT NULL',
    ]);
    expect(audited.findings.map(brief)).toEqual([
      { severity: 'high', type: 'missing_table', model: 'StudentObjective', column: undefined },
      { severity: 'high', type: 'missing_column', model: 'WeeklyReport', column: 'aria_insights' },
      { severity: 'medium', type: 'column_drift', model: 'Formula', column: 'name' },
    ]);
    expect(audited.findings[2].sql).toBe('ALTER TABLE formulas ALTER COLUMN name SET NOT NULL;');
    expect(audited.dbml.split('\n').filter((line) => line.startsWith('Table '))).toHaveLength(24);
  });

  it('reports low severity findings (unmapped table, unmapped column, redundant index) without failing', async () => {
    const audited = await auditAfter([
      'CREATE TABLE legacy_notes (id integer PRIMARY KEY, student_id integer REFERENCES students(id), body text)',
      'ALTER TABLE locations ADD COLUMN floor integer',
      'CREATE INDEX idx_bookings_teacher_only ON bookings(teacher_id)',
    ]);
    expect(audited.findings.map(brief)).toEqual([
      // legacy_notes.student_id has no index either: a foreign key of any table must be indexed.
      { severity: 'high', type: 'missing_index', model: 'legacy_notes', column: 'student_id' },
      { severity: 'low', type: 'column_drift', model: 'Location', column: 'floor' },
      { severity: 'low', type: 'unmapped_table', model: 'legacy_notes', column: undefined },
      { severity: 'low', type: 'redundant_index', model: 'Booking', column: 'teacher_id' },
    ]);
    expect(audited.findings[3].sql).toBe('DROP INDEX idx_bookings_teacher_only;');
    expect(auditExitCode(audited.findings.filter((finding) => finding.severity === 'low'))).toBe(0);
  });
});

describe('audit checks on crafted inputs', () => {
  const index = (name: string, columns: Array<string | null>, extra: Partial<LiveIndex> = {}): LiveIndex => ({
    name,
    columns,
    definitions: columns.map((column) => column ?? 'lower(email)'),
    unique: false,
    primary: false,
    partial: false,
    valid: true,
    method: 'btree',
    predicate: null,
    exclusion: null,
    ...extra,
  });
  const table = (indexes: LiveIndex[]): LiveTable => ({
    name: 'bookings',
    columns: [
      { name: 'id', type: 'integer', nullable: false },
      { name: 'teacher_id', type: 'integer', nullable: false },
      { name: 'slot_id', type: 'integer', nullable: true },
      { name: 'status', type: 'character varying', nullable: true },
    ],
    indexes: [index('pk_bookings', ['id'], { primary: true, unique: true }), ...indexes],
    foreignKeys: [
      { name: 'fk_teacher', columns: ['teacher_id'], targetTable: 'teachers', targetColumns: ['id'], onDelete: 'RESTRICT', onUpdate: 'NO ACTION' },
      { name: 'fk_slot', columns: ['teacher_id', 'slot_id'], targetTable: 'slots', targetColumns: ['teacher_id', 'id'], onDelete: 'CASCADE', onUpdate: 'NO ACTION' },
    ],
  });
  const schemaOf = (live: LiveTable): LiveSchema => ({ schema: 'public', tables: [live] });
  const models = new Map([['bookings', 'Booking']]);

  it('wants a foreign key to lead a valid, complete index: a second column, a partial or an invalid index does not count', () => {
    const unindexed = checkForeignKeyIndexes(schemaOf(table([index('idx_status_teacher', ['status', 'teacher_id'])])), models);
    expect(unindexed.map((finding) => finding.sql)).toEqual([
      'CREATE INDEX idx_bookings_teacher_id ON bookings(teacher_id);',
      'CREATE INDEX idx_bookings_teacher_id_slot_id ON bookings(teacher_id, slot_id);',
    ]);
    const partial = table([index('idx_teacher', ['teacher_id'], { partial: true }), index('idx_slot', ['slot_id', 'teacher_id'], { valid: false })]);
    expect(checkForeignKeyIndexes(schemaOf(partial), models)).toHaveLength(2);
    // (slot_id, teacher_id, id) leads with both columns of the composite key, in another order: it serves it.
    const composite = table([index('idx_teacher', ['teacher_id', 'status']), index('idx_slot', ['slot_id', 'teacher_id', 'id'])]);
    expect(checkForeignKeyIndexes(schemaOf(composite), models)).toEqual([]);
  });

  it('wants created_at, updated_at, status and type to lead an index (an expression index does not count)', () => {
    const findings = checkCommonFieldIndexes(schemaOf(table([index('idx_expr', [null, 'status'])])), models);
    expect(findings.map((finding) => [finding.severity, finding.issue, finding.sql])).toEqual([
      ['medium', 'Common query field "status" without index', 'CREATE INDEX idx_bookings_status ON bookings(status);'],
    ]);
    expect(checkCommonFieldIndexes(schemaOf(table([index('idx_status', ['status', 'id'])])), models)).toEqual([]);
  });

  it('flags lazy and eager relations, and quotes reserved words in the SQL', () => {
    const entity: EntityModel = {
      name: 'Booking',
      table: 'bookings',
      columns: [],
      foreignKeys: [],
      relations: [
        { property: 'teacher', kind: 'many-to-one', isLazy: false, isEager: true, joinColumns: ['teacher_id'], targetModel: 'Teacher', targetTable: 'teachers' },
        { property: 'report', kind: 'one-to-one', isLazy: true, isEager: false, joinColumns: [], targetModel: 'SessionReport', targetTable: 'session_reports' },
        { property: 'student', kind: 'many-to-one', isLazy: false, isEager: false, joinColumns: ['student_id'], targetModel: 'Student', targetTable: 'students' },
      ],
    };
    expect(checkRelationLoading([entity]).map((finding) => finding.issue)).toEqual([
      'Relationship Booking.teacher loads one row at a time (eager: loaded with every Booking, bypassing the batched loaders)',
      'Relationship Booking.report loads one row at a time (lazy: a query per entity on first access)',
    ]);
    const reserved: LiveTable = { ...table([]), name: 'user', foreignKeys: [] };
    expect(checkCommonFieldIndexes(schemaOf(reserved), modelNamesOf([]))[0].sql).toBe('CREATE INDEX idx_user_status ON "user"(status);');
  });

  it('exits non-zero on any high or medium finding only', () => {
    const finding = (severity: Finding['severity']): Finding => ({ severity, type: 'missing_index', model: 'M', table: 't', issue: 'i', recommendation: '' });
    expect(auditExitCode([])).toBe(0);
    expect(auditExitCode([finding('low')])).toBe(0);
    expect(auditExitCode([finding('low'), finding('medium')])).toBe(1);
    expect(auditExitCode([finding('high')])).toBe(1);
  });

  it('renders a finding as the seed does: N/A without a recommendation, the SQL line only with SQL', () => {
    const report = renderReport({
      generatedAt: new Date('2026-01-01T00:00:00.000Z'),
      models: [{ name: 'Booking', table: 'bookings', columns: 4, relationships: 1 }],
      findings: [
        { severity: 'high', type: 'n_plus_one_risk', model: 'Booking', table: 'bookings', issue: 'Relationship Booking.teacher loads one row at a time', recommendation: 'Batch it' },
        { severity: 'medium', type: 'missing_index', model: 'Booking', table: 'bookings', issue: 'Common query field "status" without index', recommendation: '', sql: 'CREATE INDEX idx_bookings_status ON bookings(status);' },
      ],
      dbml: renderDbml(schemaOf(table([]))),
    });
    expect(report).toContain('- **Total Models:** 1\n- **Total Issues:** 2\n- **High Severity:** 1\n- **Medium Severity:** 1\n- **Low Severity:** 0\n');
    expect(report).toContain(
      '## 🔴 High Severity Issues\n\n### Booking\n- **Type:** n_plus_one_risk\n- **Issue:** Relationship Booking.teacher loads one row at a time\n- **Recommendation:** Batch it\n\n## 🟡',
    );
    expect(report).toContain(
      '### Booking\n- **Type:** missing_index\n- **Issue:** Common query field "status" without index\n- **Recommendation:** N/A\n- **SQL:** `CREATE INDEX idx_bookings_status ON bookings(status);`\n',
    );
    expect(report).toContain('## 🟢 Low Severity Issues\n\nNone.\n');
    expect(report).toContain('Ref: bookings.(teacher_id, slot_id) > slots.(teacher_id, id) [delete: cascade]');
  });

  it('spells PostgreSQL types the short way and quotes those with spaces', () => {
    expect(
      ['character varying', 'character varying(80)', 'timestamp(3) with time zone', 'timestamp without time zone', 'numeric(12,3)', 'double precision', 'integer[]', 'character(2)'].map(dbmlType),
    ).toEqual(['varchar', 'varchar(80)', 'timestamptz(3)', 'timestamp', 'numeric(12,3)', '"double precision"', 'integer[]', 'char(2)']);
  });
});

describe('npm run audit arguments', () => {
  it('reads --output and --dbml relative to where the command was typed; docs/schema.dbml by default', () => {
    expect(parseAuditArguments([], { cwd: '/somewhere', root: '/project' })).toEqual({
      help: false,
      output: null,
      dbml: '/project/docs/schema.dbml',
    });
    expect(parseAuditArguments(['--output', 'audit.md', '--dbml', '/tmp/x.dbml'], { cwd: '/somewhere', root: '/project' })).toEqual({
      help: false,
      output: '/somewhere/audit.md',
      dbml: '/tmp/x.dbml',
    });
    expect(() => parseAuditArguments(['--outptu', 'x'])).toThrow(UsageError);
  });
});
