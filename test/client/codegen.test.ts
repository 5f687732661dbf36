import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { typeCheckFiles } from './type-check';

// A real client: GraphQL Code Generator (typescript + typescript-operations) on the committed
// schema.graphql and the operations kept beside this test, then the TypeScript compiler on the result.
// The generator runs in a child Node process: some of its dependencies are ES modules that jest's
// module system cannot require on Node 20.

const root = path.resolve(__dirname, '../..');

interface GeneratedClient {
  schemaTypes: string;
  operations: string;
}

function generate(): GeneratedClient {
  const output = execFileSync(process.execPath, ['-r', 'ts-node/register/transpile-only', path.join(__dirname, 'generate-client-types.ts')], {
    cwd: root,
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  return JSON.parse(output) as GeneratedClient;
}

/** Type-checks the generated modules with a client file using them; returns the diagnostics. */
function typeCheck(generated: GeneratedClient, client: string): string[] {
  return typeCheckFiles({ 'schema-types.ts': generated.schemaTypes, 'operations.ts': generated.operations, 'usage.ts': client });
}

describe('GraphQL Code Generator on schema.graphql', () => {
  let generated: GeneratedClient;
  beforeAll(() => {
    generated = generate();
  }, 60_000);

  it('generates the operation types', () => {
    expect(generated.operations).toContain('export type TeacherWeekQuery');
    expect(generated.operations).toContain('export type BookingListQuery');
    expect(generated.operations).toContain('export type FormulasQuery');
    expect(generated.operations).toContain('export type RelationFiltersQuery');
    expect(generated.schemaTypes).toContain('export type TeacherToManyBookingFilter = {');
    expect(generated.schemaTypes).toMatch(/export type BookingFormat =[^;]*\| 'IN_PERSON'[^;]*\| 'ONLINE';/);
    expect(generated.schemaTypes).toContain('export type Booking = Node & {');
  });

  it('type-checks, and a client using it type-checks', () => {
    const client = `
      import type { BookingListQuery, FormulasQuery, RelationFiltersQueryVariables, TeacherWeekQueryVariables } from './operations';
      export const variables: TeacherWeekQueryVariables = { teacherId: '1', from: '2026-09-01T00:00:00Z', to: '2026-09-08T00:00:00Z' };
      export const relationVariables: RelationFiltersQueryVariables = {
        name: 'Gharbi',
        nulls: 'FIRST',
        teachers: { bookings: { some: { student: { fullName: { contains: 'Gharbi' } } }, every: { status: { ne: 'CANCELLED' } } }, groupsExist: true },
      };
      export function prices(data: FormulasQuery): string[] {
        return data.formulas.nodes.map((formula) => formula.priceDt);
      }
      export function cursors(data: BookingListQuery): Array<string | null | undefined> {
        return [data.bookings.pageInfo.endCursor, ...data.bookings.edges.map((edge) => edge.cursor)];
      }
    `;
    expect(typeCheck(generated, client)).toEqual([]);
  });

  it('types aggregates: counts as numbers, Decimal averages as strings, group keys as nullable strings', () => {
    expect(generated.operations).toContain('export type BookingsByMonthQuery');
    const client = `
      import type { BookingsByMonthQuery } from './operations';
      export function rows(data: BookingsByMonthQuery): Array<[Array<string | null>, number, number | null | undefined]> {
        return data.bookings.groupedAggregates.map((group) => [group.keys, group.count, group.sum.durationMinutes]);
      }
      export const averagePrice = (data: BookingsByMonthQuery): string | null | undefined => data.formulas.aggregates.avg.priceDt;
      export const total = (data: BookingsByMonthQuery): number => data.bookings.aggregates.count;
    `;
    expect(typeCheck(generated, client)).toEqual([]);
    const wrong = `
      import type { BookingsByMonthQuery } from './operations';
      export const averagePrice = (data: BookingsByMonthQuery): number => data.formulas.aggregates.avg.priceDt;
    `;
    expect(typeCheck(generated, wrong).length).toBeGreaterThan(0);
  });

  it('the type-check is real: a client misusing the types is rejected', () => {
    const wrong = `
      import type { FormulasQuery } from './operations';
      import type { Formula } from './schema-types';
      export const formulaPrice: Formula['priceDt'] = 45.5;
      export function total(data: FormulasQuery): number {
        return data.formulas.nodes.reduce((sum, formula) => sum + formula.priceDt, 0);
      }
    `;
    expect(typeCheck(generated, wrong).length).toBeGreaterThan(0);
  });

  it('types a search and a Relay node refetch (the Node interface as a union of its 25 types)', () => {
    const client = `
      import type { NodeRefetchQuery, TeacherSearchQuery, TeacherSearchQueryVariables } from './operations';
      export const variables: TeacherSearchQueryVariables = { search: 'physique bac', first: 5 };
      export function nodeIds(data: TeacherSearchQuery): string[] {
        return data.teachers.nodes.map((teacher) => teacher.nodeId);
      }
      export function label(data: NodeRefetchQuery): string {
        const node = data.node;
        if (node?.__typename === 'Teacher') return node.firstName + ' ' + node.lastName;
        if (node?.__typename === 'Booking') return node.startTime;
        return node?.nodeId ?? 'not found';
      }
    `;
    expect(typeCheck(generated, client)).toEqual([]);
    // A field of another type is not there without its fragment.
    const wrong = `
      import type { NodeRefetchQuery } from './operations';
      export function name(data: NodeRefetchQuery): string {
        return data.node?.__typename === 'Booking' ? data.node.firstName : '';
      }
    `;
    expect(typeCheck(generated, wrong).length).toBeGreaterThan(0);
  });
});
