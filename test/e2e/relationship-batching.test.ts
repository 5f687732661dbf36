import { MODELS } from '../../src/graphql/models';
import type { Relationship } from '../../src/graphql/model-registry';
import { lowerFirstWord, pluralize } from '../../src/graphql/naming';
import { startTestApp, type TestApp } from '../support/test-app';

// The audit's N+1 problem, proved absent for every relationship field: a request costs the same
// number of SQL statements for 1 parent as for 50, one per relationship field per level, plus one
// per root field and one per totalCount, plus the one lookup of the signed-in viewer (here the
// super admin, who may read every row).

const VIEWER = 1;

const RELATIONSHIPS: Relationship[] = MODELS.flatMap((model) => model.relationships);

function listField(relationship: Relationship): string {
  return pluralize(lowerFirstWord(relationship.parent.typeName));
}

function query(relationship: Relationship): string {
  const selection =
    relationship.cardinality === 'one'
      ? `${relationship.name} { id }`
      : `${relationship.name}(first: 3) { totalCount nodes { id } }`;
  return `query ($first: Int!) { ${listField(relationship)}(first: $first) { nodes { id ${selection} } } }`;
}

type Parent = Record<string, unknown> & { id: string };

describe('every relationship field is batched', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp();
  });
  afterAll(async () => {
    await app.close();
  });

  it('covers the 66 relationship fields of the contract, the 4 account links and the 2 message correspondents', () => {
    expect(RELATIONSHIPS).toHaveLength(72);
  });

  it.each(RELATIONSHIPS.map((relationship) => [`${relationship.parent.typeName}.${relationship.name}`, relationship] as const))(
    '%s costs the same statements for 1 and for 50 parents',
    async (_name, relationship) => {
      const expected = VIEWER + (relationship.cardinality === 'one' ? 2 : 3); // root page + relationship (+ totalCount)
      const one = await app.graphql(query(relationship), { first: 1 });
      const many = await app.graphql(query(relationship), { first: 50 });
      expect(one.errors).toBeUndefined();
      expect(many.errors).toBeUndefined();
      expect(one.extensions?.sqlStatements).toBe(expected);
      expect(many.extensions?.sqlStatements).toBe(expected);

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

  it('a three-level nested query costs one statement per relationship field per level', async () => {
    const nested = `query ($first: Int!) {
      teachers(first: $first) {
        nodes {
          id
          bookings(first: 5) { totalCount nodes { id student { id user { id } } location { id } } }
          groups(first: 2) { nodes { id enrollments(first: 3) { nodes { formula { id } } } } }
        }
      }
    }`;
    const one = await app.graphql(nested, { first: 1 });
    const many = await app.graphql(nested, { first: 50 });
    expect(one.errors).toBeUndefined();
    expect(many.errors).toBeUndefined();
    // teachers, bookings, bookings.totalCount, student, user, location, groups, enrollments, formula
    expect(one.extensions?.sqlStatements).toBe(VIEWER + 9);
    expect(many.extensions?.sqlStatements).toBe(VIEWER + 9);
  });

  it('5 bookings for each of 100 teachers is one statement for the pages and one for the counts', async () => {
    const response = await app.graphql(`{ teachers(first: 100) { nodes { bookings(first: 5) { totalCount nodes { id } } } } }`);
    expect(response.errors).toBeUndefined();
    expect(response.extensions?.sqlStatements).toBe(VIEWER + 3);
    const teachers = (response.data as { teachers: { nodes: Array<{ bookings: { nodes: unknown[] } }> } }).teachers.nodes;
    expect(teachers.every((teacher) => teacher.bookings.nodes.length <= 5)).toBe(true);
  });
});
