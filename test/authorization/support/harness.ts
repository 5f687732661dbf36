import type { ModelDefinition } from '../../../src/graphql/model-registry';
import { MODELS } from '../../../src/graphql/models';
import { lowerFirstWord, pluralize } from '../../../src/graphql/naming';
import type { GraphQLResponse, TestApp } from '../../support/test-app';
import { MATRIX, type TypeName } from './matrix';
import type { Role, Viewers } from './viewers';

// Reading the matrix: the expected ids of a (role, type) with SQL on the test's database, and the
// ids the API returns for it, page after page.

export function modelOf(typeName: string): ModelDefinition {
  const found = MODELS.find((candidate) => candidate.typeName === typeName);
  if (!found) throw new Error(`no model ${typeName}`);
  return found;
}

/** `bookings`, `ariaInteractions`, ... */
export function listFieldOf(typeName: string): string {
  return pluralize(lowerFirstWord(typeName));
}

/** `booking`, `ariaInteraction`, ... */
export function singleFieldOf(typeName: string): string {
  return lowerFirstWord(typeName);
}

export async function sql<Row>(app: TestApp, text: string, values: unknown[] = []): Promise<Row[]> {
  return (await app.dataSource.query(text, values)) as Row[];
}

/** Ids of every row of the type's table, ascending. */
export async function allIds(app: TestApp, typeName: TypeName): Promise<number[]> {
  return (await sql<{ id: number }>(app, `SELECT id FROM ${modelOf(typeName).table} ORDER BY id`)).map((row) => row.id);
}

/** The matrix's answer for (role, type): ids ascending, from the rule's own SQL. Cached per app. */
export class Expectations {
  private readonly cache = new Map<string, Promise<number[]>>();

  constructor(
    private readonly app: TestApp,
    private readonly viewers: Viewers,
  ) {}

  ids(role: Role, typeName: TypeName): Promise<number[]> {
    const key = `${role}/${typeName}`;
    let ids = this.cache.get(key);
    if (!ids) {
      ids = this.compute(role, typeName);
      this.cache.set(key, ids);
    }
    return ids;
  }

  async set(role: Role, typeName: TypeName): Promise<Set<number>> {
    return new Set(await this.ids(role, typeName));
  }

  private async compute(role: Role, typeName: TypeName): Promise<number[]> {
    const rule = MATRIX[role][typeName];
    if (rule === 'none') return [];
    const where = rule === 'all' ? 'TRUE' : `(${rule})`;
    const values = where.includes('$1') ? [this.viewers.userId(role)] : [];
    const rows = await sql<{ id: number }>(this.app, `SELECT id FROM ${modelOf(typeName).table} WHERE ${where} ORDER BY id`, values);
    return rows.map((row) => row.id);
  }
}

/** Fails with the errors in view when a response has any; returns its data. */
export function dataOf<Data>(response: GraphQLResponse<Data>): Data {
  expect(response.errors).toBeUndefined();
  expect(response.status).toBe(200);
  return response.data as Data;
}

interface RawPage {
  totalCount?: number;
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
  nodes: Array<{ id: string }>;
}

/** Every id a root list returns to this viewer, walking the pages (100 rows each), and its totalCount. */
export async function readRootList(app: TestApp, headers: Record<string, string>, typeName: TypeName): Promise<{ ids: number[]; totalCount: number }> {
  const field = listFieldOf(typeName);
  const query = `query ($after: String, $count: Boolean!) {
    page: ${field}(first: 100, after: $after) { totalCount @include(if: $count) pageInfo { hasNextPage endCursor } nodes { id } }
  }`;
  const ids: number[] = [];
  let totalCount = -1;
  let after: string | null = null;
  for (;;) {
    const { page }: { page: RawPage } = dataOf(await app.graphql<{ page: RawPage }>(query, { after, count: after === null }, headers));
    if (after === null) totalCount = page.totalCount!;
    ids.push(...page.nodes.map((node) => Number(node.id)));
    if (!page.pageInfo.hasNextPage) return { ids, totalCount };
    after = page.pageInfo.endCursor;
  }
}

/** The difference of two id lists, short enough to read in a failure message. */
export function difference(actual: number[], expected: number[]): { missing: number[]; unexpected: number[] } {
  const got = new Set(actual);
  const wanted = new Set(expected);
  return {
    missing: expected.filter((id) => !got.has(id)).slice(0, 20),
    unexpected: actual.filter((id) => !wanted.has(id)).slice(0, 20),
  };
}

/** Up to n ids spread over a list (first, last, and between). */
export function spread(ids: number[], n: number): number[] {
  if (ids.length <= n) return ids;
  const picked = new Set<number>();
  for (let k = 0; k < n; k += 1) picked.add(ids[Math.round((k * (ids.length - 1)) / (n - 1))]);
  return [...picked];
}

/** Ids to ask for by id as (role, type): up to 3 the matrix allows, up to 3 it refuses, and one that does not exist. */
export async function idsToAsk(
  app: TestApp,
  expectations: Expectations,
  role: Role,
  typeName: TypeName,
): Promise<{ allowed: Set<number>; inside: number[]; outside: number[]; unknown: number }> {
  const allowed = await expectations.set(role, typeName);
  const every = await allIds(app, typeName);
  const inside = spread([...allowed], 3);
  const outside = spread(
    every.filter((id) => !allowed.has(id)),
    3,
  );
  return { allowed, inside, outside, unknown: every[every.length - 1] + 1000 };
}
