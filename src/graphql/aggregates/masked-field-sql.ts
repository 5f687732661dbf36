import { getMetadataStorage } from 'type-graphql';
import { UserRole } from '../../modules/accounts/account.enums';
import { Grades, ProfileGrades, StudentGrades, TeacherPrivate, TeacherProfilePrivate } from '../authorization/field-masks';
import { adminCan, type Viewer } from '../authorization/viewer';
import { quoteIdentifier, type SqlParameters } from '../filters/sql-parameters';
import type { ModelDefinition, ScalarField } from '../model-registry';

// The field masks of field-masks.ts as SQL: the condition under which a row's masked field is
// visible to the viewer. Aggregates read a masked field as `CASE WHEN visible THEN column END`, so
// they see exactly what the viewer sees (a masked field is null, and SQL aggregates skip nulls):
// a parent without can_view_grades gets null for the average of scores, a count of 0 distinct
// scores, and a `having` on them matches as on nulls. Each mask has its SQL twin here; a masked
// field whose mask has none stops the schema build (an aggregate must never bypass a mask).

/** null: visible on every row; 'FALSE': on none; else an SQL condition on the row aliased `alias`. */
type VisibleCondition = (viewer: Viewer | null, alias: string, params: SqlParameters) => string | null;

const NONE = 'FALSE';

function column(alias: string, name: string): string {
  return `${alias}.${quoteIdentifier(name)}`;
}

function anyOf(alias: string, name: string, ids: Array<number | null>, params: SqlParameters): string {
  const present = ids.filter((id): id is number => id !== null);
  return present.length === 0 ? NONE : `${column(alias, name)} = ANY(${params.add(present)}::int[])`;
}

/** field-masks.ts gradesVisible: admins with can_view_reports, parents per child with can_view_grades, others all. */
function grades(childColumn: string, childKey: 'studentId' | 'userId'): VisibleCondition {
  return (viewer, alias, params) => {
    if (viewer?.role === UserRole.ADMIN) return adminCan(viewer, 'canViewReports') ? null : NONE;
    if (viewer?.role !== UserRole.PARENT) return null;
    const children = viewer.children.filter((child) => child.canViewGrades).map((child) => child[childKey]);
    return anyOf(alias, childColumn, children, params);
  };
}

const VISIBLE_CONDITIONS = new Map<Function, VisibleCondition>([
  [TeacherPrivate, (viewer, alias, params) => (viewer?.role === UserRole.ADMIN ? null : anyOf(alias, 'id', [viewer?.teacherId ?? null], params))],
  [TeacherProfilePrivate, (viewer, alias, params) => (viewer?.role === UserRole.ADMIN ? null : anyOf(alias, 'user_id', [viewer?.userId ?? null], params))],
  [Grades, grades('student_id', 'studentId')],
  [StudentGrades, grades('id', 'studentId')],
  [ProfileGrades, grades('user_id', 'userId')],
]);

const conditions = new Map<string, VisibleCondition>();

/** The visibility condition of a masked field; throws (at schema build) when its mask has no SQL form. */
export function visibleConditionOf(model: ModelDefinition, field: ScalarField): VisibleCondition {
  const key = `${model.typeName}.${field.name}`;
  let condition = conditions.get(key);
  if (!condition) {
    const masks = getMetadataStorage()
      .middlewares.filter((middleware) => middleware.target === model.entity && middleware.fieldName === field.name)
      .flatMap((middleware) => middleware.middlewares);
    const found = masks.map((mask) => VISIBLE_CONDITIONS.get(mask as Function));
    if (found.length !== 1 || !found[0]) throw new Error(`${key} is masked but its mask has no SQL form in masked-field-sql.ts: it cannot be aggregated`);
    condition = found[0];
    conditions.set(key, condition);
  }
  return condition;
}

/** The SQL value of a field as the viewer sees it: the column, or null where the field is masked. */
export function visibleValue(model: ModelDefinition, field: ScalarField, alias: string, viewer: Viewer | null, params: SqlParameters): string {
  const value = column(alias, field.column);
  if (!field.masked) return value;
  const visible = visibleConditionOf(model, field)(viewer, alias, params);
  return visible === null ? value : `CASE WHEN ${visible} THEN ${value} END`;
}
