import { ArgsType, Field, Int, registerEnumType } from 'type-graphql';
import { defineFilterArgument } from '../filters/filter-argument';
import { defineInputType, defineObjectType } from '../define-type';
import type { ModelDefinition } from '../model-registry';
import { upperSnake } from '../naming';
import { searchArgumentDescription } from '../search/search-definition';
import { SEARCH_ARGUMENT } from '../search/search-sql';
import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE } from './page-request';

// Per model: XConnection, XEdge, XOrderField, XOrderBy and the connection arguments. Shared:
// PageInfo and OrderDirection.

export enum OrderDirectionValue {
  ASC = 'ASC',
  DESC = 'DESC',
}
registerEnumType(OrderDirectionValue, { name: 'OrderDirection', description: 'Direction of a sort.' });

export enum NullsOrderValue {
  FIRST = 'FIRST',
  LAST = 'LAST',
}
registerEnumType(NullsOrderValue, {
  name: 'NullsOrder',
  description: 'Where rows whose sort field is null go (PostgreSQL NULLS FIRST / NULLS LAST).',
  valuesConfig: { FIRST: { description: 'Before every value.' }, LAST: { description: 'After every value.' } },
});

export const PageInfoType = defineObjectType('PageInfo', 'Where a page stands in its list (Relay cursor connections).', [
  { name: 'hasNextPage', type: () => Boolean, nullable: false, description: 'More rows follow the last one of this page.' },
  { name: 'hasPreviousPage', type: () => Boolean, nullable: false, description: 'Rows precede the first one of this page.' },
  { name: 'startCursor', type: () => String, description: 'Cursor of the first row of the page.' },
  { name: 'endCursor', type: () => String, description: 'Cursor of the last row of the page.' },
]);

export interface ConnectionTypes {
  connection: Function;
  args: Function;
}

function defineOrderBy(model: ModelDefinition): Function {
  const values: Record<string, string> = {};
  for (const field of model.fields) if (field.kind !== 'json' && !field.masked) values[upperSnake(field.name)] = field.name;
  registerEnumType(values, { name: `${model.typeName}OrderField`, description: `Fields ${model.typeName} lists can be sorted by.` });
  return defineInputType(`${model.typeName}OrderBy`, `One sort key of a ${model.typeName} list; ties are broken by id.`, [
    { name: 'field', type: () => values, nullable: false, description: 'Field to sort by.' },
    { name: 'direction', type: () => OrderDirectionValue, nullable: false, defaultValue: OrderDirectionValue.ASC, description: 'Sort direction.' },
    {
      name: 'nulls',
      type: () => NullsOrderValue,
      description: 'Where rows whose field is null sort; by default last when ascending and first when descending (PostgreSQL). No effect on a field that is never null.',
    },
  ]);
}

function defineArgs(model: ModelDefinition): Function {
  const filter = defineFilterArgument(model);
  const orderBy = defineOrderBy(model);
  const args = { [`${model.typeName}ConnectionArgs`]: class {} }[`${model.typeName}ConnectionArgs`];
  const prototype = args.prototype;
  Field(() => Int, { nullable: true, description: `Rows from the start (after \`after\`): ${DEFAULT_PAGE_SIZE} by default, at most ${MAX_PAGE_SIZE}.` })(prototype, 'first');
  Field(() => String, { nullable: true, description: 'Cursor of the row to start after.' })(prototype, 'after');
  Field(() => Int, { nullable: true, description: `Rows from the end (before \`before\`), at most ${MAX_PAGE_SIZE}.` })(prototype, 'last');
  Field(() => String, { nullable: true, description: 'Cursor of the row to end before.' })(prototype, 'before');
  Field(() => filter, { nullable: true, description: 'Only rows matching these conditions.' })(prototype, 'filter');
  Field(() => [orderBy], { nullable: true, description: 'Sort keys, most significant first; id ascending by default.' })(prototype, 'orderBy');
  if (model.search) Field(() => String, { nullable: true, description: searchArgumentDescription(model.search) })(prototype, SEARCH_ARGUMENT);
  ArgsType()(args);
  return args;
}

function defineConnectionTypes(model: ModelDefinition): ConnectionTypes {
  const edge = defineObjectType(`${model.typeName}Edge`, `A ${model.typeName} in a page, with its cursor.`, [
    { name: 'cursor', type: () => String, nullable: false, description: 'Opaque cursor of this row, for after / before.' },
    { name: 'node', type: () => model.entity, nullable: false, description: `The ${model.typeName}.` },
  ]);
  const connection = defineObjectType(`${model.typeName}Connection`, `A page of ${model.typeName} rows.`, [
    { name: 'edges', type: () => [edge], nullable: false, description: 'The rows of the page with their cursors.' },
    { name: 'nodes', type: () => [model.entity], nullable: false, description: 'The rows of the page.' },
    { name: 'pageInfo', type: () => PageInfoType, nullable: false, description: 'Where the page stands in the list.' },
    { name: 'totalCount', type: () => Int, nullable: false, description: 'Number of rows matching the filter, over all pages.' },
  ]);
  return { connection, args: defineArgs(model) };
}

const connectionTypes = new Map<ModelDefinition, ConnectionTypes>();
const connectionTypeNames = new Set<string>();
const edgeTypeNames = new Set<string>();

/**
 * The role of a GraphQL object type in the connections the registry defines: `connection` (a page
 * of rows: its size is the page size), `edge` (one row with its cursor) or `other`. The admission
 * step reads it to cost every list the same way, whatever the model.
 */
export function connectionRole(typeName: string): 'connection' | 'edge' | 'other' {
  if (connectionTypeNames.has(typeName)) return 'connection';
  return edgeTypeNames.has(typeName) ? 'edge' : 'other';
}

/** The connection types of a model, defined on first use and shared by its root list and relationships. */
export function connectionTypesOf(model: ModelDefinition): ConnectionTypes {
  let types = connectionTypes.get(model);
  if (!types) {
    types = defineConnectionTypes(model);
    connectionTypes.set(model, types);
    connectionTypeNames.add(`${model.typeName}Connection`);
    edgeTypeNames.add(`${model.typeName}Edge`);
  }
  return types;
}
