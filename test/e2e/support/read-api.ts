import type { ModelDefinition, ScalarField } from '../../../src/graphql/model-registry';
import { MODELS } from '../../../src/graphql/models';
import { lowerFirstWord, pluralize, upperSnake } from '../../../src/graphql/naming';
import type { GraphQLResponse, TestApp } from '../../support/test-app';

// Helpers shared by the read-API e2e tests: names of the root fields, page walking over HTTP, and
// expectations computed with SQL on the test's own database (never hard-coded seeded values).

export type Direction = 'ASC' | 'DESC';

export interface OrderBy {
  /** GraphQL field name (camelCase), e.g. 'startTime'. */
  field: string;
  direction: Direction;
}

export interface PageInfo {
  hasNextPage: boolean;
  hasPreviousPage: boolean;
  startCursor: string | null;
  endCursor: string | null;
}

export interface Page {
  ids: string[];
  cursors: string[];
  pageInfo: PageInfo;
  totalCount: number;
}

export interface PageArguments {
  first?: number;
  after?: string | null;
  last?: number;
  before?: string | null;
  filter?: Record<string, unknown>;
  orderBy?: OrderBy[];
}

export function model(typeName: string): ModelDefinition {
  const found = MODELS.find((candidate) => candidate.typeName === typeName);
  if (!found) throw new Error(`no model ${typeName}`);
  return found;
}

export function field(typeName: string, name: string): ScalarField {
  const found = model(typeName).fieldsByName.get(name);
  if (!found) throw new Error(`no field ${typeName}.${name}`);
  return found;
}

/** Root field returning one row by id: `booking`, `ariaInteraction`, ... */
export function singleField(definition: ModelDefinition): string {
  return lowerFirstWord(definition.typeName);
}

/** Root field returning a connection: `bookings`, `ariaInteractions`, `availabilities`, ... */
export function listField(definition: ModelDefinition): string {
  return pluralize(lowerFirstWord(definition.typeName));
}

/** The orderBy argument as GraphQL wants it: `{ field: START_TIME, direction: DESC }`. */
export function orderByArgument(orderBy: OrderBy[]): Array<{ field: string; direction: Direction }> {
  return orderBy.map((key) => ({ field: upperSnake(key.field), direction: key.direction }));
}

/** Fails the test with the errors in view when a response has any; returns its data. */
export function dataOf<Data>(response: GraphQLResponse<Data>): Data {
  expect(response.errors).toBeUndefined();
  expect(response.status).toBe(200);
  return response.data as Data;
}

const PAGE_SELECTION = 'totalCount pageInfo { hasNextPage hasPreviousPage startCursor endCursor } edges { cursor node { id } }';

/** A connection as the API returns it (edges with cursors), before it becomes a Page. */
export interface RawConnection {
  totalCount: number;
  pageInfo: PageInfo;
  edges: Array<{ cursor: string; node: { id: string } }>;
}

export function toPage(connection: RawConnection): Page {
  return {
    ids: connection.edges.map((edge) => edge.node.id),
    cursors: connection.edges.map((edge) => edge.cursor),
    pageInfo: connection.pageInfo,
    totalCount: connection.totalCount,
  };
}

const CONNECTION_VARIABLES = '$first: Int, $after: String, $last: Int, $before: String';
const CONNECTION_ARGUMENTS = 'first: $first, after: $after, last: $last, before: $before, filter: $filter, orderBy: $orderBy';

function pageVariables(args: PageArguments): Record<string, unknown> {
  return {
    first: args.first,
    after: args.after ?? null,
    last: args.last,
    before: args.before ?? null,
    filter: args.filter,
    orderBy: args.orderBy ? orderByArgument(args.orderBy) : undefined,
  };
}

/** One page of a root list. */
export async function fetchPage(app: TestApp, definition: ModelDefinition, args: PageArguments): Promise<Page> {
  const type = definition.typeName;
  const list = listField(definition);
  const query = `query (${CONNECTION_VARIABLES}, $filter: ${type}Filter, $orderBy: [${type}OrderBy!]) {
    ${list}(${CONNECTION_ARGUMENTS}) { ${PAGE_SELECTION} }
  }`;
  const data = dataOf(await app.graphql<Record<string, RawConnection>>(query, pageVariables(args)));
  return toPage(data[list]);
}

/** One page of a to-many relationship field of one parent, e.g. teacher(id) { bookings(...) }. */
export async function fetchNestedPage(
  app: TestApp,
  parent: ModelDefinition,
  parentId: string,
  relationship: string,
  args: PageArguments,
): Promise<Page> {
  const target = parent.relationships.find((candidate) => candidate.name === relationship)?.target;
  if (!target) throw new Error(`no relationship ${parent.typeName}.${relationship}`);
  const single = singleField(parent);
  const query = `query ($id: ID!, ${CONNECTION_VARIABLES}, $filter: ${target.typeName}Filter, $orderBy: [${target.typeName}OrderBy!]) {
    ${single}(id: $id) { ${relationship}(${CONNECTION_ARGUMENTS}) { ${PAGE_SELECTION} } }
  }`;
  const data = dataOf(await app.graphql<Record<string, Record<string, RawConnection>>>(query, { id: parentId, ...pageVariables(args) }));
  return toPage(data[single][relationship]);
}

export type PageFetcher = (args: PageArguments) => Promise<Page>;

export function rootPages(app: TestApp, definition: ModelDefinition, base: PageArguments = {}): PageFetcher {
  return (args) => fetchPage(app, definition, { ...base, ...args });
}

export function nestedPages(app: TestApp, parent: ModelDefinition, parentId: string, relationship: string, base: PageArguments = {}): PageFetcher {
  return (args) => fetchNestedPage(app, parent, parentId, relationship, { ...base, ...args });
}

const MAX_PAGES = 10_000;

/** Every page from the start with first / after, in order. */
export async function walkForward(fetch: PageFetcher, pageSize: number): Promise<Page[]> {
  const pages: Page[] = [];
  let after: string | null = null;
  for (let guard = 0; guard < MAX_PAGES; guard += 1) {
    const page = await fetch({ first: pageSize, after });
    pages.push(page);
    if (!page.pageInfo.hasNextPage) return pages;
    after = page.pageInfo.endCursor;
  }
  throw new Error('walkForward: no last page');
}

/** Every page from the end with last / before; returned in list order (first page first). */
export async function walkBackward(fetch: PageFetcher, pageSize: number): Promise<Page[]> {
  const pages: Page[] = [];
  let before: string | null = null;
  for (let guard = 0; guard < MAX_PAGES; guard += 1) {
    const page = await fetch({ last: pageSize, before });
    pages.unshift(page);
    if (!page.pageInfo.hasPreviousPage) return pages;
    before = page.pageInfo.startCursor;
  }
  throw new Error('walkBackward: no first page');
}

/** All ids of a root list (pages of 100), in the list's order. */
export async function allIds(app: TestApp, definition: ModelDefinition, args: Pick<PageArguments, 'filter' | 'orderBy'> = {}): Promise<string[]> {
  const pages = await walkForward(rootPages(app, definition, args), 100);
  return pages.flatMap((page) => page.ids);
}

// ---- SQL side ----------------------------------------------------------------------------------

export function quote(identifier: string): string {
  return `"${identifier.replace(/"/g, '""')}"`;
}

/** Ids (as GraphQL strings) returned by a SQL statement selecting `id`. */
export async function sqlIds(app: TestApp, sql: string, params: unknown[] = []): Promise<string[]> {
  const rows = (await app.dataSource.query(sql, params)) as Array<{ id: number }>;
  return rows.map((row) => String(row.id));
}

export async function sqlCount(app: TestApp, sql: string, params: unknown[] = []): Promise<number> {
  const [row] = (await app.dataSource.query(sql, params)) as Array<{ count: number | string }>;
  return Number(row.count);
}

/**
 * ORDER BY as the contract defines it, written independently of the implementation: ASC puts
 * NULLs last, DESC puts them first, and id breaks ties in the direction of the last key.
 */
export function sqlOrderBy(definition: ModelDefinition, orderBy: OrderBy[], alias = ''): string {
  const prefix = alias ? `${alias}.` : '';
  const keys = orderBy.map((key) => {
    const column = definition.fieldsByName.get(key.field)?.column;
    if (!column) throw new Error(`no field ${definition.typeName}.${key.field}`);
    return `${prefix}${quote(column)} ${key.direction === 'ASC' ? 'ASC NULLS LAST' : 'DESC NULLS FIRST'}`;
  });
  if (!orderBy.some((key) => key.field === 'id')) {
    const last = orderBy[orderBy.length - 1]?.direction ?? 'ASC';
    keys.push(`${prefix}"id" ${last}`);
  }
  return `ORDER BY ${keys.join(', ')}`;
}

/** The GraphQL name of a stored enum value ('cancelled' → 'CANCELLED'). */
export function enumName(scalar: ScalarField, stored: unknown): string {
  const entry = Object.entries(scalar.enumType as Record<string, unknown>).find(([, value]) => value === stored);
  if (!entry) throw new Error(`${scalar.name}: ${String(stored)} is no value of ${scalar.enumName}`);
  return entry[0];
}

/** A value read with SQL, as it is written in GraphQL (an argument, or a field of the response). */
export function graphqlValue(scalar: ScalarField, stored: unknown): unknown {
  if (stored === null || stored === undefined) return null;
  switch (scalar.kind) {
    case 'id':
      return String(stored);
    case 'datetime':
      return (stored instanceof Date ? stored : new Date(String(stored))).toISOString();
    case 'enum':
      return enumName(scalar, stored);
    default:
      // A jsonb list typed [ID!] in GraphQL (ParentProfile.childrenIds): ids are strings there.
      return scalar.idList && Array.isArray(stored) ? stored.map(String) : stored;
  }
}
