import { defineInputType, type FieldSpec } from '../define-type';
import type { ModelDefinition, Relationship } from '../model-registry';

// The relation entries of every XFilter, derived from the registry's relationships (none written
// per model), named as PostGraphile's connection-filter names them (postgraphile-plugin-connection-
// filter, PgConnectionArgFilterForwardRelationsPlugin / BackwardRelationsPlugin):
// - to-one `student: StudentFilter`, and `studentExists: Boolean` when no related row may exist;
// - to-many `bookings: TeacherToManyBookingFilter { some every none }` and `bookingsExist: Boolean`.
// The nested XFilter is the target's own (read lazily: the types refer to each other), so a field
// masked for some viewers is no more filterable through a relation than directly.

export type RelationEntryKind = 'filter' | 'exists';

export interface RelationEntry {
  relationship: Relationship;
  kind: RelationEntryKind;
}

/** The GraphQL name of the existence entry of a relationship (`studentExists`, `bookingsExist`). */
export function existsEntryName(relationship: Relationship): string | null {
  if (relationship.cardinality === 'many') return `${relationship.name}Exist`;
  return relationship.nullable ? `${relationship.name}Exists` : null;
}

/** Relation entries per XFilter type name, then per entry name (the compiler and the input limits read it). */
const entriesByFilter = new Map<string, Map<string, RelationEntry>>();

function entriesOf(model: ModelDefinition): Map<string, RelationEntry> {
  let entries = entriesByFilter.get(`${model.typeName}Filter`);
  if (!entries) {
    entries = new Map();
    for (const relationship of model.relationships) {
      entries.set(relationship.name, { relationship, kind: 'filter' });
      const exists = existsEntryName(relationship);
      if (exists) entries.set(exists, { relationship, kind: 'exists' });
    }
    for (const name of entries.keys()) {
      if (model.fieldsByName.has(name) || ['and', 'or', 'not'].includes(name)) {
        throw new Error(`${model.typeName}Filter.${name}: a relation filter entry clashes with a field`);
      }
    }
    entriesByFilter.set(`${model.typeName}Filter`, entries);
  }
  return entries;
}

/** The relation entry `name` of a model's filter, if it is one. */
export function relationEntryOf(model: ModelDefinition, name: string): RelationEntry | undefined {
  return entriesOf(model).get(name);
}

/** For the input limits: whether `fieldName` of the input type `typeName` is a relation entry of an XFilter. */
export function relationEntryKind(typeName: string, fieldName: string): RelationEntryKind | undefined {
  return entriesByFilter.get(typeName)?.get(fieldName)?.kind;
}

/** Per (parent, target) pair, as PostGraphile: two relationships to one table (User.parentLinks, User.childLinks) share the type. */
const toManyFilters = new Map<string, Function>();

function toManyFilterOf(relationship: Relationship, filterOf: (model: ModelDefinition) => Function): Function {
  const { parent, target } = relationship;
  const name = `${parent.typeName}ToMany${target.typeName}Filter`;
  let type = toManyFilters.get(name);
  if (!type) {
    const targetFilter = () => filterOf(target);
    type = defineInputType(name, `Conditions on the ${target.typeName} rows of one ${parent.typeName}, over the rows you may read; all given entries must hold.`, [
      { name: 'some', type: targetFilter, description: `At least one ${target.typeName} you may read matches.` },
      {
        name: 'every',
        type: targetFilter,
        description: `Every ${target.typeName} you may read matches (true when there is none); a row for which the filter is unknown (null fields) does not match.`,
      },
      { name: 'none', type: targetFilter, description: `No ${target.typeName} you may read matches (true when there is none).` },
    ]);
    toManyFilters.set(name, type);
  }
  return type;
}

/**
 * The relation entries of a model's XFilter. `filterOf` gives a model's XFilter; it is called when
 * the schema is built (lazily), by which time every model's filter exists.
 */
export function relationFilterFields(model: ModelDefinition, filterOf: (model: ModelDefinition) => Function): FieldSpec[] {
  const fields: FieldSpec[] = [];
  for (const [name, entry] of entriesOf(model)) {
    const { relationship } = entry;
    const target = relationship.target.typeName;
    if (entry.kind === 'exists') {
      const what = relationship.cardinality === 'many' ? `at least one ${target} row` : `its ${target}`;
      fields.push({ name, type: () => Boolean, description: `true: ${relationship.name} has ${what} that you may read; false: it has none that you may read.` });
    } else if (relationship.cardinality === 'one') {
      fields.push({
        name,
        type: () => filterOf(relationship.target),
        description: `Conditions on ${relationship.name} (${target}): it must exist, you must be allowed to read it, and it must match them.`,
      });
    } else {
      const toMany = toManyFilterOf(relationship, filterOf); // defined now: type-graphql reads metadata once
      fields.push({ name, type: () => toMany, description: `Conditions on the ${target} rows of ${relationship.name} (some / every / none).` });
    }
  }
  return fields;
}

/**
 * The models a filter on `model` reads through its relation entries (nested ones, and those inside
 * and / or / not, included): a loader of rows filtered this way is stale once any of them changes.
 */
export function modelsReadByFilter(model: ModelDefinition, filter: unknown, into = new Set<ModelDefinition>()): Set<ModelDefinition> {
  if (filter === null || typeof filter !== 'object') return into;
  for (const [key, value] of Object.entries(filter as Record<string, unknown>)) {
    if (key === 'and' || key === 'or') for (const item of Array.isArray(value) ? value : []) modelsReadByFilter(model, item, into);
    else if (key === 'not') modelsReadByFilter(model, value, into);
    const entry = relationEntryOf(model, key);
    if (!entry) continue;
    const target = entry.relationship.target;
    into.add(target);
    if (entry.kind === 'exists') continue;
    if (entry.relationship.cardinality === 'one') modelsReadByFilter(target, value, into);
    else if (value !== null && typeof value === 'object') for (const quantified of Object.values(value)) modelsReadByFilter(target, quantified, into);
  }
  return into;
}
