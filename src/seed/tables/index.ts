import type { SeedPlan } from '../plan';
import type { TableSpec } from '../table';
import {
  adminProfilesTable,
  parentChildRelationsTable,
  parentProfilesTable,
  studentProfilesTable,
  teacherProfilesTable,
  userSessionsTable,
  usersTable,
} from './accounts';
import { formulasTable, locationsTable, studentsTable, teachersTable } from './catalog';
import { enrollmentsTable, groupSessionsTable, groupsTable, sessionAttendancesTable } from './groups';
import {
  ariaInteractionsTable,
  assessmentsTable,
  learningSessionsTable,
  parentCommunicationsTable,
  studentObjectivesTable,
  weeklyReportsTable,
} from './learning';
import { availabilitiesTable, bookingsTable, individualSessionsTable, sessionReportsTable } from './scheduling';

/** The 25 tables, parents before children (the order they are loaded in). */
export function seedTables(plan: SeedPlan, passwordHash: string): TableSpec[] {
  return [
    usersTable(plan, passwordHash),
    studentProfilesTable(plan),
    parentProfilesTable(plan),
    teacherProfilesTable(plan),
    adminProfilesTable(plan),
    userSessionsTable(plan),
    parentChildRelationsTable(plan),
    studentsTable(plan),
    teachersTable(plan),
    formulasTable(plan),
    locationsTable(plan),
    learningSessionsTable(plan),
    assessmentsTable(plan),
    ariaInteractionsTable(plan),
    weeklyReportsTable(plan),
    parentCommunicationsTable(plan),
    studentObjectivesTable(plan),
    availabilitiesTable(plan),
    bookingsTable(plan),
    sessionReportsTable(plan),
    groupsTable(plan),
    enrollmentsTable(plan),
    individualSessionsTable(plan),
    groupSessionsTable(plan),
    sessionAttendancesTable(plan),
  ];
}
