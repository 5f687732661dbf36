import { getMetadataStorage } from 'type-graphql';
import { MASK_RULES, type MaskRule } from '../authorization/field-masks';
import type { Viewer } from '../authorization/viewer';
import { equalsAnyInteger, quoteIdentifier, type SqlParameters } from '../filters/sql-parameters';
import type { ModelDefinition, ScalarField } from '../model-registry';

// The field masks of field-masks.ts as SQL: the condition under which a row's masked field is
// visible to the viewer. Aggregates read a masked field as `CASE WHEN visible THEN column END`, so
// they see exactly what the viewer sees (a masked field is null, and SQL aggregates skip nulls):
// a parent without can_view_grades gets null for the average of scores, a count of 0 distinct
// scores, and a `having` on them matches as on nulls. The condition is derived from the mask's own
// rule (field-masks.ts MaskRule); a masked field whose mask has no rule stops the schema build
// (an aggregate must never bypass a mask).

/** null: visible on every row; 'FALSE': on none; else an SQL condition on the row aliased `alias`. */
type VisibleCondition = (viewer: Viewer | null, alias: string, params: SqlParameters) => string | null;

function column(alias: string, name: string): string {
  return `${alias}.${quoteIdentifier(name)}`;
}

/** A mask's rule (field-masks.ts) as SQL: the rows it shows, by their key column. */
function conditionOf(rule: MaskRule): VisibleCondition {
  return (viewer, alias, params) => {
    const rows = rule.visibleRows(viewer);
    if (rows === 'all') return null;
    const ids = rows === 'none' ? [] : rows.filter((id): id is number => id !== null);
    return ids.length === 0 ? 'FALSE' : equalsAnyInteger(column(alias, rule.column), ids, params);
  };
}

const conditions = new Map<string, VisibleCondition>();

/** The visibility condition of a masked field; throws (at schema build) when its mask has no SQL form. */
export function visibleConditionOf(model: ModelDefinition, field: ScalarField): VisibleCondition {
  const key = `${model.typeName}.${field.name}`;
  let condition = conditions.get(key);
  if (!condition) {
    const masks = getMetadataStorage()
      .middlewares.filter((middleware) => middleware.target === model.entity && middleware.fieldName === field.name)
      .flatMap((middleware) => middleware.middlewares);
    const rules = masks.map((mask) => MASK_RULES.get(mask as Function));
    if (rules.length !== 1 || !rules[0]) throw new Error(`${key} is masked but its mask has no rule (field-masks.ts maskBy): it cannot be aggregated`);
    condition = conditionOf(rules[0]);
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
