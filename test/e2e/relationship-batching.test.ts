import { MODELS } from '../../src/graphql/models';
import type { Relationship } from '../../src/graphql/model-registry';
import { lowerFirstWord, pluralize } from '../../src/graphql/naming';
import { startTestApp, type TestApp } from '../support/test-app';

// The audit's N+1 problem, proved absent for every relationship field: a request costs the same
// number of SQL statements for 1 parent as for 50, plus the one lookup of the signed-in viewer
// (here the super admin, who may read every row). Both ways of reading a relationship are proved:
// through the DataLoaders (one statement per relationship field per level, plus one per root field
// and one per totalCount) and prefetched with the parents' rows (src/graphql/prefetch: the whole
// tree in the root field's statement, plus one per totalCount), and they return the same data,
// every scalar column of the related rows included.

const VIEWER = 1;

const RELATIONSHIPS: Relationship[] = MODELS.flatMap((model) => model.relationships);

function listField(relationship: Relationship): string {
  return pluralize(lowerFirstWord(relationship.parent.typeName));
}

function query(relationship: Relationship): string {
  const columns = relationship.target.fields.map((field) => field.name).join(' ');
  const selection =
    relationship.cardinality === 'one'
      ? `${relationship.name} { ${columns} }`
      : `${relationship.name}(first: 3) { totalCount nodes { ${columns} } pageInfo { hasNextPage endCursor } }`;
  return `query ($first: Int!) { ${listField(relationship)}(first: $first) { nodes { id ${selection} } } }`;
}

type Parent = Record<string, unknown> & { id: string };

const MODES = [
  // Per level: root page, relationship (one statement each), totalCount.
  { mode: 'through the DataLoaders', prefetch: false, toOne: 2, toMany: 3, nested: 9, counted: 3 },
  // The relationship rides in the root page's statement; totalCount is its own statement.
  { mode: 'prefetched with the parents', prefetch: true, toOne: 1, toMany: 2, nested: 2, counted: 2 },
];

describe.each(MODES)('every relationship field, $mode', ({ prefetch, toOne, toMany, nested, counted }) => {
  let app: TestApp;
  let other: TestApp;
  beforeAll(async () => {
    [app, other] = await Promise.all([startTestApp({ prefetch }), startTestApp({ prefetch: !prefetch })]);
  });
  afterAll(async () => {
    await Promise.all([app.close(), other.close()]);
  });

  it('covers the 66 relationship fields of the contract, the 4 account links the 2 message correspondents and Teacher.students', () => {
    expect(RELATIONSHIPS).toHaveLength(73);
  });

  it.each(RELATIONSHIPS.map((relationship) => [`${relationship.parent.typeName}.${relationship.name}`, relationship] as const))(
    '%s costs the same statements for 1 and for 50 parents, and reads what the other way reads',
    async (_name, relationship) => {
      const expected = VIEWER + (relationship.cardinality === 'one' ? toOne : toMany);
      const one = await app.graphql(query(relationship), { first: 1 });
      const many = await app.graphql(query(relationship), { first: 50 });
      expect(one.errors).toBeUndefined();
      expect(many.errors).toBeUndefined();
      expect(one.extensions?.sqlStatements).toBe(expected);
      expect(many.extensions?.sqlStatements).toBe(expected);
      expect(many.data).toEqual((await other.graphql(query(relationship), { first: 50 })).data);

      // The seed gives several children per parent: the batch really loaded related rows.
      const parents = (many.data as Record<string, { nodes: Parent[] }>)[listField(relationship)].nodes;
      expect(parents.length).toBeGreaterThan(1);
      const related = parents.map((parent) => parent[relationship.name] as { totalCount?: number; nodes?: unknown[] } | null);
      if (relationship.cardinality === 'one') {
        expect(related.filter((row) => row !== null).length).toBeGreaterThan(1);
      } else {
        expect(related.filter((page) => (page?.nodes?.length ?? 0) > 0).length).toBeGreaterThan(1);
        for (const page of related) expect(page!.totalCount).toBeGreaterThanOrEqual(page!.nodes!.length);
      }
    },
  );

  it('a three-level nested query costs the same statements for 1 and for 50 parents', async () => {
    const nestedQuery = `query ($first: Int!) {
      teachers(first: $first) {
        nodes {
          id
          bookings(first: 5) { totalCount nodes { id student { id user { id } } location { id } } }
          groups(first: 2) { nodes { id enrollments(first: 3) { nodes { formula { id } } } } }
        }
      }
    }`;
    const one = await app.graphql(nestedQuery, { first: 1 });
    const many = await app.graphql(nestedQuery, { first: 50 });
    expect(one.errors).toBeUndefined();
    expect(many.errors).toBeUndefined();
    // Loaders: teachers, bookings, bookings.totalCount, student, user, location, groups, enrollments, formula.
    // Prefetched: teachers with everything below, bookings.totalCount.
    expect(one.extensions?.sqlStatements).toBe(VIEWER + nested);
    expect(many.extensions?.sqlStatements).toBe(VIEWER + nested);
    expect(many.data).toEqual((await other.graphql(nestedQuery, { first: 50 })).data);
  });

  it('5 bookings for each of 100 teachers is one statement for the pages and one for the counts', async () => {
    const response = await app.graphql(`{ teachers(first: 100) { nodes { bookings(first: 5) { totalCount nodes { id } } } } }`);
    expect(response.errors).toBeUndefined();
    expect(response.extensions?.sqlStatements).toBe(VIEWER + counted);
    const teachers = (response.data as { teachers: { nodes: Array<{ bookings: { nodes: unknown[] } }> } }).teachers.nodes;
    expect(teachers.every((teacher) => teacher.bookings.nodes.length <= 5)).toBe(true);
  });
});
