import type { Relationship } from '../model-registry';
import { compileNested, emptyObject, nullEntry, type FilterCompilation } from './filter-sql';
import type { RelationEntry } from './relation-filter-types';
import { quoteIdentifier } from './sql-parameters';

// Relation entries of an XFilter → correlated EXISTS subqueries over the related table, each with
// the related table's row policy for the viewer (row-policies.ts): a related row the viewer may
// not read takes part in no filter, so a filter never tells anything about it.
//
//   to-one  student: F     EXISTS (SELECT 1 FROM students rf1 WHERE rf1.id = c.student_id AND policy(rf1) AND F(rf1))
//   to-many some: F        EXISTS (... rf1.teacher_id = c.id AND policy(rf1) AND F(rf1))
//           none: F        NOT EXISTS (... AND F(rf1))
//           every: F       NOT EXISTS (... AND (F(rf1)) IS NOT TRUE)
//   studentExists / bookingsExist: true → EXISTS (...), false → NOT EXISTS (...)
//
// `every` is over the rows the viewer may read (a hidden row neither satisfies nor breaks it), is
// true when there is none (as PostGraphile's and Prisma's), and a row for which F is unknown (NULL:
// `score: { gt: 10 }` on a NULL score) breaks it, as `not` treats unknown as "does not hold". The
// link is the foreign key (`rf1.fk = c.id`, `rf1.id = c.fk`), so each subquery reads through the
// foreign-key or primary-key index; derived relationships use their own rule (`rf1.id IN (...)`).
// Own code, as the rest of filter-sql.ts: the condition must carry our per-viewer row policies
// into each subquery, which no query builder's relation filter (TypeORM has none) knows about.

type Quantifier = 'some' | 'every' | 'none';
const QUANTIFIERS: Quantifier[] = ['some', 'every', 'none'];

function parentKeyColumn(relationship: Relationship): string {
  const field = relationship.parent.fieldsByName.get(relationship.parentKey);
  if (!field) throw new Error(`${relationship.parent.typeName}.${relationship.parentKey}: no such field`);
  return field.column;
}

/** `EXISTS (SELECT 1 FROM target AS inner WHERE link AND policy AND condition)`. */
function existsRelated(relationship: Relationship, outer: string, inner: string, compilation: FilterCompilation, condition: string | null): string {
  const { target } = relationship;
  const parentKey = `${outer}.${quoteIdentifier(parentKeyColumn(relationship))}`;
  const link = relationship.through
    ? `${inner}.id IN ${relationship.through(parentKey)}`
    : `${inner}.${quoteIdentifier(relationship.targetColumn)} = ${parentKey}`;
  const conditions = [link, compilation.scope.condition(target, inner, compilation.params), condition].filter((part): part is string => part !== null);
  return `EXISTS (SELECT 1 FROM ${quoteIdentifier(target.table)} AS ${inner} WHERE ${conditions.join(' AND ')})`;
}

/** The condition of one relation entry of a filter on rows aliased `alias` (values already checked non-null by the caller). */
export function compileRelationEntry(entry: RelationEntry, value: unknown, alias: string, compilation: FilterCompilation, path: string): string {
  const { relationship } = entry;
  const nested: FilterCompilation = { ...compilation, depth: compilation.depth + 1 };
  const inner = `rf${nested.depth}`;
  if (entry.kind === 'exists') {
    const exists = existsRelated(relationship, alias, inner, nested, null);
    return value === true ? exists : `NOT ${exists}`;
  }
  if (relationship.cardinality === 'one') {
    return existsRelated(relationship, alias, inner, nested, compileNested(relationship.target, value, inner, nested, path));
  }
  const conditions: string[] = [];
  for (const quantifier of QUANTIFIERS) {
    const filter = (value as Record<string, unknown>)[quantifier];
    if (filter === undefined) continue;
    const argument = `${path}.${quantifier}`;
    if (filter === null) throw nullEntry(argument);
    const condition = compileNested(relationship.target, filter, inner, nested, argument);
    if (quantifier === 'some') conditions.push(existsRelated(relationship, alias, inner, nested, condition));
    else if (quantifier === 'none') conditions.push(`NOT ${existsRelated(relationship, alias, inner, nested, condition)}`);
    else conditions.push(`NOT ${existsRelated(relationship, alias, inner, nested, `(${condition}) IS NOT TRUE`)}`);
  }
  if (conditions.length === 0) throw emptyObject(path, 'give some, every or none');
  return conditions.length === 1 ? conditions[0] : `(${conditions.join(' AND ')})`;
}
