import { Client } from 'pg';
import { UserRole, UserStatus } from '../../src/modules/accounts/account.enums';
import { scopeFor } from '../../src/graphql/authorization/row-policies';
import type { Viewer } from '../../src/graphql/authorization/viewer';
import { rootPageStatement } from '../../src/graphql/connections/page-query';
import { resolvePageRequest, type ConnectionArguments } from '../../src/graphql/connections/page-request';
import { explain, tableSizes } from '../bench/explain';
import { startTestApp, type TestApp } from '../support/test-app';
import { model } from './support/read-api';

// The plans of relation filters at test scale (10,000 bookings): the EXISTS subqueries read the
// related table through its foreign-key (or primary-key) index, never a Seq Scan of a large
// table, for the super admin and for a parent (whose row policy adds its own conditions). The
// same check as the bench's (i), on the statements the read API builds.

const LARGE_TABLE_ROWS = 2_000;

const ADMIN: Viewer = {
  userId: 1,
  sessionId: 1,
  role: UserRole.ADMIN,
  studentId: null,
  teacherId: null,
  status: UserStatus.ACTIVE,
  admin: { isSuperAdmin: true, canManageUsers: true, canManageContent: true, canViewReports: true, canManageBilling: true },
  children: [],
  pendingChildren: [],
};

const CASES: Array<[string, string, ConnectionArguments]> = [
  ['to-one: bookings of students named …', 'Booking', { first: 20, filter: { student: { fullName: { contains: 'ben' } } } }],
  ['to-many some: teachers with a cancelled booking', 'Teacher', { first: 20, filter: { bookings: { some: { status: { eq: 'cancelled' } } } } }],
  ['to-many every: teachers whose every booking is confirmed', 'Teacher', { first: 20, filter: { bookings: { every: { status: { eq: 'confirmed' } } } } }],
  ['to-many none, nested: students with no booking of a teacher named …', 'Student', { first: 20, filter: { bookings: { none: { teacher: { lastName: { startsWith: 'B' } } } } } }],
  ['existence: students without any assessment', 'Student', { first: 20, filter: { assessmentsExist: false } }],
];

describe('relation filter plans', () => {
  let app: TestApp;
  let client: Client;
  let sizes: Map<string, number>;
  let parent: Viewer;

  beforeAll(async () => {
    app = await startTestApp();
    client = new Client({ connectionString: app.database.url });
    await client.connect();
    await client.query('ANALYZE');
    sizes = await tableSizes(client);
    const children = (await app.dataSource.query(
      `SELECT s.id AS "studentId", s.user_id AS "userId" FROM students s
        JOIN parent_child_relations r ON r.child_user_id = s.user_id JOIN users u ON u.id = r.parent_user_id
        WHERE u.email = 'parent@example.com' AND r.confirmed_at IS NOT NULL`,
    )) as Array<{ studentId: number; userId: number }>;
    parent = {
      ...ADMIN,
      role: UserRole.PARENT,
      admin: null,
      children: children.map((child) => ({ ...child, canViewGrades: true, canReceiveReports: true, canBookSessions: true })),
    };
  });
  afterAll(async () => {
    await client.end();
    await app.close();
  });

  it('the test database has large tables to scan', () => {
    expect(sizes.get('bookings')).toBeGreaterThanOrEqual(LARGE_TABLE_ROWS);
  });

  it.each(CASES)('%s: no Seq Scan of a large table, the related table read by an index', async (_name, typeName, args) => {
    const definition = model(typeName);
    for (const viewer of [ADMIN, parent]) {
      const statement = rootPageStatement(definition, resolvePageRequest(definition, args), scopeFor(viewer));
      expect(statement.text).toContain('EXISTS (SELECT 1 FROM');
      const plan = await explain(client, statement, sizes, LARGE_TABLE_ROWS);
      expect(plan.largeSeqScans).toEqual([]);
      const related = plan.nodes.filter((node) => node.index !== null && node.relation !== definition.table);
      expect(related.length).toBeGreaterThan(0);
    }
  });
});
