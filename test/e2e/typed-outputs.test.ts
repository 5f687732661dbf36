import { MODELS, modelOf } from '../../src/graphql/models';
import { lowerFirstWord, pluralize } from '../../src/graphql/naming';
import { ParentCommunication } from '../../src/modules/follow-up/parent-communication.entity';
import { startTestApp, type TestApp } from '../support/test-app';

// Issue 11: the JSON fields that hold a list of strings (or of ids) come out typed, [String!] or
// [ID!], with the values stored in their jsonb columns; filters on them still use JSON
// containment; ParentCommunication.sender / .recipient resolve the users behind the ids.

const TYPED_LISTS: Array<[typeName: string, field: string, ids: boolean]> = [
  ['AdminProfile', 'permissions', false],
  ['Formula', 'features', false],
  ['GroupSession', 'topicsCovered', false],
  ['IndividualSession', 'topicsCovered', false],
  ['LearningSession', 'ariaRecommendations', false],
  ['ParentProfile', 'childrenIds', true],
  ['SessionReport', 'topicsCovered', false],
  ['Student', 'preferredSubjects', false],
  ['StudentProfile', 'goals', false],
  ['StudentProfile', 'interests', false],
  ['StudentProfile', 'parentIds', true],
  ['StudentProfile', 'specialties', false],
  ['Teacher', 'qualifications', false],
  ['Teacher', 'subjects', false],
  ['TeacherProfile', 'preferredFormats', false],
  ['TeacherProfile', 'qualifications', false],
  ['TeacherProfile', 'subjects', false],
  ['WeeklyReport', 'nextWeekObjectives', false],
];

describe('typed outputs of JSON columns', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp(); // the super admin reads every row
  });
  afterAll(async () => {
    await app.close();
  });

  it.each(TYPED_LISTS)('%s.%s is a typed list holding the stored values', async (typeName, field, ids) => {
    const model = MODELS.find((candidate) => candidate.typeName === typeName)!;
    const column = model.fieldsByName.get(field)!.column;
    const listField = pluralize(lowerFirstWord(typeName));
    const response = await app.graphql<Record<string, { nodes: Array<Record<string, unknown>> }>>(`{ ${listField}(first: 50) { nodes { id ${field} } } }`);
    expect(response.errors).toBeUndefined();
    const nodes = response.data![listField].nodes;
    const rows = (await app.dataSource.query(`SELECT id, ${column} AS value FROM ${model.table} WHERE id = ANY($1::int[])`, [nodes.map((node) => Number(node.id))])) as Array<{
      id: number;
      value: unknown[] | null;
    }>;
    const stored = new Map(rows.map((row) => [String(row.id), row.value === null ? null : row.value.map((item) => (ids ? String(item) : item))]));
    expect(nodes.filter((node) => Array.isArray(node[field]) && (node[field] as unknown[]).length > 0).length).toBeGreaterThan(0);
    for (const node of nodes) expect([node.id, node[field]]).toEqual([node.id, stored.get(node.id as string)]);
  });

  it('the introspected types are [String!] / [ID!], non-null where the column is NOT NULL', async () => {
    const response = await app.graphql<{ __type: { fields: Array<{ name: string; type: { kind: string; ofType: { kind: string; ofType: { name: string } | null } } }> } }>(
      `{ __type(name: "TeacherProfile") { fields { name type { kind ofType { kind ofType { name } } } } } }`,
    );
    const subjects = response.data!.__type.fields.find((candidate) => candidate.name === 'subjects')!;
    expect(subjects.type).toEqual({ kind: 'NON_NULL', ofType: { kind: 'LIST', ofType: { name: null } } });
  });

  it('filters on a typed list still use JSON containment', async () => {
    const response = await app.graphql<{ teachers: { totalCount: number } }>(`{ teachers(filter: { subjects: { contains: ["NSI"] } }) { totalCount } }`);
    expect(response.errors).toBeUndefined();
    const [row] = (await app.dataSource.query(`SELECT count(*)::int AS count FROM teachers WHERE subjects @> '["NSI"]'`)) as Array<{ count: number }>;
    expect(row.count).toBeGreaterThan(0);
    expect(response.data!.teachers.totalCount).toBe(row.count);
  });

  it('ParentCommunication.sender and .recipient are the users behind senderId and recipientId', async () => {
    expect(modelOf(ParentCommunication).relationships.map((relationship) => relationship.name)).toEqual(['recipient', 'sender', 'student']);
    const response = await app.graphql<{ parentCommunications: { nodes: Array<{ senderId: string; recipientId: string; sender: { id: string; role: string }; recipient: { id: string } }> } }>(
      `{ parentCommunications(first: 30) { nodes { senderId senderType recipientId sender { id role } recipient { id } } } }`,
    );
    expect(response.errors).toBeUndefined();
    const nodes = response.data!.parentCommunications.nodes;
    expect(nodes.length).toBeGreaterThan(1);
    for (const node of nodes) {
      expect(node.sender.id).toBe(node.senderId);
      expect(node.recipient.id).toBe(node.recipientId);
    }
  });
});
