import {
  getArgumentValues,
  getNamedType,
  isObjectType,
  visit,
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLObjectType,
  type GraphQLResolveInfo,
  type OperationDefinitionNode,
} from 'graphql';
import { collectSubfields } from 'graphql/execution/collectFields';
import { MASK_RULES } from '../authorization/field-masks';
import { FieldMemo } from '../field-memo';
import { resolvePageRequest, pageKey, type ConnectionArguments, type PageRequest } from '../connections/page-request';
import { modelsReadByFilter } from '../filters/relation-filter-types';
import type { ModelDefinition, Relationship, ScalarField } from '../model-registry';
import { NODE_ID_FIELD } from '../node/node-id';
import { toNfc } from '../normalize-text';

// Row plans: what the rows of one field need, derived from the operation as graphql-js will
// execute it (its own collectSubfields: fragments, @skip / @include, type conditions). A plan has
// the columns its selection reads and, for each relationship field selected on those rows, a
// child plan: the relationship is prefetched, in the same statement, as JSON PostgreSQL builds
// (row-plan-sql.ts). So `teachers { bookings { student } }` costs one statement instead of one per
// level, and each row carries only the columns asked for. The DataLoaders still serve the first
// level under a field computed elsewhere (`me { teacher { ... } }`), totalCount and aggregates.

export interface RowPlan {
  model: ModelDefinition;
  /** The columns read: the selected fields, id, the parent keys of prefetched relationships, the row keys of selected field masks, and `extra` (cursor keys); every exposed column when a field computed in Node is selected. */
  columns: ScalarField[];
  children: ChildPlan[];
  /** Every model its statement reads (targets, and what their relation filters read): a mutation of one clears the loaders holding it. */
  reads: Set<ModelDefinition>;
  /** Equal for equal plans: part of the loader keys (stable-key rules: distinct plans never share a key). */
  key: string;
}

export interface ChildPlan {
  /** Property of each parent row that holds the prefetched value (prefetchProperty). */
  property: string;
  relationship: Relationship;
  /** To-many: the page of every parent, as the field's arguments give it; null for to-one. */
  page: PageRequest | null;
  plan: RowPlan;
}

/**
 * The property a prefetched relationship value is stored under on its parent row: one per field
 * node of the document (graphql-js hands a resolver the merged field nodes of its response key;
 * the first one names it), `__p<definition>_<field>` by position: the operation is definition 0,
 * its fragments 1, 2… in document order, fields numbered in the order they are written. So the
 * same document always gives the same names, and the same SQL text (prepared statements are named
 * by their text), whatever its whitespace or comments; no two field nodes of one document share a
 * name. `__` names are reserved in GraphQL, so no field of a row is shadowed.
 */
const PROPERTIES = new WeakMap<FieldNode, string>();
const NAMED = new WeakSet<object>();

function nameFieldsOf(definition: OperationDefinitionNode | FragmentDefinitionNode, index: number): void {
  if (NAMED.has(definition)) return;
  let count = 0;
  visit(definition, {
    Field(node) {
      if (!PROPERTIES.has(node)) PROPERTIES.set(node, `__p${index}_${count}`);
      count += 1;
    },
  });
  NAMED.add(definition);
}

/** Names the field nodes of the operation and its fragments (once per document). */
function nameFields(execution: Execution): void {
  nameFieldsOf(execution.operation, 0);
  Object.values(execution.fragments).forEach((fragment, index) => nameFieldsOf(fragment, index + 1));
}

/** The property of this field node's prefetched values, or undefined if no plan of its document named it (then nothing was prefetched for it). */
export function prefetchProperty(fieldNode: FieldNode): string | undefined {
  return PROPERTIES.get(fieldNode);
}

type Execution = Pick<GraphQLResolveInfo, 'schema' | 'fragments' | 'variableValues' | 'operation'>;

/**
 * At most this many relationships prefetched in one statement: each is a subquery with its own
 * parameters (row policies, filters), and a document repeating a fragment at many places could
 * otherwise make one statement of megabytes, or past PostgreSQL's 65,535 parameters. The
 * relationships beyond it are read by their resolvers through the loaders, with plans of their own.
 */
export const MAX_PREFETCHED_PER_STATEMENT = 100;

interface Budget {
  remaining: number;
}

/** Row properties the field masks read (field-masks.ts MaskRule.rowKey; its rules are all stated when it loads). */
const MASK_ROW_KEYS = new Set([...MASK_RULES.values()].map((rule) => rule.rowKey));

function maskRowKeysOf(model: ModelDefinition): ScalarField[] {
  return model.fields.filter((field) => MASK_ROW_KEYS.has(field.name));
}

function objectType(execution: Execution, model: ModelDefinition): GraphQLObjectType {
  const type = execution.schema.getType(model.typeName);
  if (!isObjectType(type)) throw new Error(`${model.typeName} is not an object type of the schema`);
  return type;
}

/** The field nodes of the rows of a connection: each `nodes` and each `edges { node }` of the selection. */
function nodeGroups(execution: Execution, connection: GraphQLObjectType, fieldNodes: readonly FieldNode[]): FieldNode[][] {
  const groups: FieldNode[][] = [];
  for (const nodes of collectSubfields(execution.schema, execution.fragments, execution.variableValues, connection, fieldNodes).values()) {
    const name = nodes[0].name.value;
    if (name === 'nodes') groups.push([...nodes]);
    if (name !== 'edges') continue;
    const edge = getNamedType(connection.getFields().edges.type) as GraphQLObjectType;
    for (const edgeFields of collectSubfields(execution.schema, execution.fragments, execution.variableValues, edge, nodes).values()) {
      if (edgeFields[0].name.value === 'node') groups.push([...edgeFields]);
    }
  }
  return groups;
}

/** The page of a to-many field, or null when its arguments are wrong (its resolver then reports them at its own path). */
function pageOf(execution: Execution, parent: GraphQLObjectType, relationship: Relationship, fieldNode: FieldNode): PageRequest | null {
  try {
    const args = getArgumentValues(parent.getFields()[relationship.name], fieldNode, execution.variableValues) as ConnectionArguments;
    return resolvePageRequest(relationship.target, toNfc(args));
  } catch {
    return null;
  }
}

function planRows(execution: Execution, model: ModelDefinition, groups: readonly FieldNode[][], budget: Budget, extra: readonly ScalarField[] = []): RowPlan {
  const type = objectType(execution, model);
  const columns = new Set<ScalarField>([model.fieldsByName.get('id') as ScalarField, ...extra]);
  const relationships = new Map(model.relationships.map((relationship) => [relationship.name, relationship]));
  const childNodes = new Map<string, { relationship: Relationship; nodes: FieldNode[] }>();
  let allColumns = false;
  let masked = false;
  for (const group of groups) {
    for (const nodes of collectSubfields(execution.schema, execution.fragments, execution.variableValues, type, group).values()) {
      const name = nodes[0].name.value;
      if (name === '__typename' || name === NODE_ID_FIELD) continue;
      const field = model.fieldsByName.get(name);
      if (field) {
        columns.add(field);
        masked ||= field.masked;
        continue;
      }
      const relationship = relationships.get(name);
      if (!relationship) {
        allColumns = true; // a field computed in Node: it may read any column
        continue;
      }
      const property = prefetchProperty(nodes[0]) as string;
      const entry = childNodes.get(property);
      if (entry) entry.nodes.push(...nodes);
      else childNodes.set(property, { relationship, nodes: [...nodes] });
    }
  }
  if (masked) for (const field of maskRowKeysOf(model)) columns.add(field);

  const children: ChildPlan[] = [];
  for (const [property, { relationship, nodes }] of childNodes) {
    // The parent key also when the child is not prefetched: its resolver then loads it by that key.
    columns.add(model.fieldsByName.get(relationship.parentKey) as ScalarField);
    if (budget.remaining === 0) continue;
    budget.remaining -= 1;
    const child = planChild(execution, type, relationship, nodes, budget);
    if (!child) continue;
    children.push({ property, ...child });
  }
  const selected = allColumns ? model.fields : model.fields.filter((field) => columns.has(field));
  const reads = new Set<ModelDefinition>([model]);
  for (const child of children) {
    for (const read of child.plan.reads) reads.add(read);
    if (child.page) modelsReadByFilter(child.relationship.target, child.page.filter, reads);
  }
  const childKeys = children.map((child) => `${child.property}=${child.relationship.name}${child.page ? `(${pageKey(child.page)})` : ''}{${child.plan.key}}`);
  return { model, columns: selected, children, reads, key: `${selected.map((field) => field.name).join(',')}${childKeys.length ? `;${childKeys.join(';')}` : ''}` };
}

function planChild(execution: Execution, parent: GraphQLObjectType, relationship: Relationship, nodes: FieldNode[], budget: Budget): Omit<ChildPlan, 'property'> | null {
  if (relationship.cardinality === 'one') return { relationship, page: null, plan: planRows(execution, relationship.target, [nodes], budget) };
  const page = pageOf(execution, parent, relationship, nodes[0]);
  if (page === null) return null;
  const connection = getNamedType(parent.getFields()[relationship.name].type) as GraphQLObjectType;
  return { relationship, page, plan: planConnectionRows(execution, relationship.target, connection, nodes, page, budget) };
}

/** The sort columns of a page: its cursors are made of them (the search rank is read apart). */
function cursorColumns(model: ModelDefinition, page: PageRequest): ScalarField[] {
  return page.keys.map((key) => key.field).filter((field) => model.fieldsByName.get(field.name) === field);
}

/**
 * The rows of a page: what its `nodes` and `edges { node }` select, and its sort columns. A page
 * of `first: 0` (or `last: 0`) returns no row: nothing below it is read (admission costs it 1).
 */
function planConnectionRows(
  execution: Execution,
  model: ModelDefinition,
  connection: GraphQLObjectType,
  fieldNodes: readonly FieldNode[],
  page: PageRequest,
  budget: Budget,
): RowPlan {
  const groups = page.limit === 0 ? [] : nodeGroups(execution, connection, fieldNodes);
  return planRows(execution, model, groups, budget, cursorColumns(model, page));
}

/**
 * Each field's plan, once per execution and set of merged field nodes: the parents of one field
 * share it, and two parents whose selections merged differently (one fragment under two parents,
 * each adding its own fields) get their own.
 */
const PLANS = new FieldMemo<RowPlan>('field nodes');

/** The plan of the row (or rows) an object field returns: a to-one relationship, a root field by id. */
export function objectRowPlan(info: GraphQLResolveInfo, model: ModelDefinition): RowPlan {
  return PLANS.get(info, () => {
    nameFields(info);
    return planRows(info, model, [[...info.fieldNodes]], { remaining: MAX_PREFETCHED_PER_STATEMENT });
  });
}

/** The plan of the rows of a connection field (root list, to-many relationship), for its page. */
export function connectionRowPlan(info: GraphQLResolveInfo, model: ModelDefinition, page: PageRequest): RowPlan {
  return PLANS.get(info, () => {
    nameFields(info);
    const connection = getNamedType(info.returnType) as GraphQLObjectType;
    return planConnectionRows(info, model, connection, info.fieldNodes, page, { remaining: MAX_PREFETCHED_PER_STATEMENT });
  });
}
