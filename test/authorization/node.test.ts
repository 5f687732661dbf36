import type { TestApp } from '../support/test-app';
import { useMatrixApp } from './support/matrix-app';
import { allIds, Expectations, idsToAsk, listFieldOf } from './support/harness';
import { TYPE_NAMES, type TypeName } from './support/matrix';
import { ROLES, type Role, type Viewers } from './support/viewers';

// Relay global object identification (README "Global object identification"): every type
// implements Node; node / nodes read a row exactly as its by-id field does (by-id.test.ts): a row
// the matrix allows comes back, a row outside it is FORBIDDEN, an unknown id is null.

/** The format the contract documents: base64 of "Type:id" (graphql-relay-js's toGlobalId). */
function nodeIdOf(typeName: string, id: number | string): string {
  return Buffer.from(`${typeName}:${id}`).toString('base64');
}

interface NodesResponse {
  data?: { nodes: Array<{ __typename: string; id: string; nodeId: string } | null> | null } & Record<string, unknown>;
  errors?: Array<{ path?: Array<string | number>; extensions?: Record<string, unknown> }>;
  extensions?: { sqlStatements?: number };
}

function nodesQuery(typeName: string): string {
  return `query ($ids: [ID!]!) { nodes(nodeIds: $ids) { __typename nodeId ... on ${typeName} { id } } }`;
}

describe('Relay global object identification', () => {
  let app: TestApp;
  let viewers: Viewers;
  let expectations: Expectations;
  useMatrixApp((matrix) => ({ app, viewers, expectations } = matrix));

  it('gives all 25 types the Node interface', async () => {
    const response = await app.graphql<{ __type: { possibleTypes: Array<{ name: string }> } }>('{ __type(name: "Node") { possibleTypes { name } } }');
    expect(response.data!.__type.possibleTypes.map((type) => type.name).sort()).toEqual([...TYPE_NAMES].sort());
  });

  it.each(TYPE_NAMES)('round-trips %s: nodeId from a list, then node and nodes give the same rows', async (typeName) => {
    const list = listFieldOf(typeName);
    const admin = viewers.headers('admin');
    const listed = (await app.graphql<Record<string, { nodes: Array<{ id: string; nodeId: string }> }>>(`{ ${list}(first: 3) { nodes { id nodeId } } }`, {}, admin))
      .data![list].nodes;
    expect(listed.length).toBeGreaterThan(0);
    for (const row of listed) expect(row.nodeId).toBe(nodeIdOf(typeName, row.id));
    const response = (await app.graphql(nodesQuery(typeName), { ids: listed.map((row) => row.nodeId) }, admin)) as NodesResponse;
    expect(response.errors).toBeUndefined();
    expect(response.data!.nodes).toEqual(listed.map((row) => ({ __typename: typeName, id: row.id, nodeId: row.nodeId })));
    const single = await app.graphql<{ node: { __typename: string; id: string } }>(
      `query ($id: ID!) { node(nodeId: $id) { __typename ... on ${typeName} { id } } }`,
      { id: listed[0].nodeId },
      admin,
    );
    expect(single.data!.node).toEqual({ __typename: typeName, id: listed[0].id });
  });

  it.each(ROLES.flatMap((role) => TYPE_NAMES.map((typeName) => [role, typeName] as [Role, TypeName])))(
    '%s asks for %s rows by nodeId: as by id, rows outside the matrix FORBIDDEN, unknown ids null',
    async (role, typeName) => {
      const { allowed, inside, outside, unknown } = await idsToAsk(app, expectations, role, typeName);
      const asked = [...inside, ...outside, unknown];
      const response = (await app.graphql(nodesQuery(typeName), { ids: asked.map((id) => nodeIdOf(typeName, id)) }, viewers.headers(role))) as NodesResponse;
      expect(response.data!.nodes).toEqual(asked.map((id) => (allowed.has(id) ? { __typename: typeName, id: String(id), nodeId: nodeIdOf(typeName, id) } : null)));
      const errors = (response.errors ?? []).map((error) => [error.path, error.extensions?.code]);
      const byIndex = (a: unknown[], b: unknown[]) => ((a[0] as number[])[1] ?? 0) - ((b[0] as number[])[1] ?? 0);
      expect(errors.sort(byIndex)).toEqual(outside.map((_id, k) => [['nodes', inside.length + k], 'FORBIDDEN']));

      // node: the same answer one at a time.
      const probe = [inside[0], outside[0], unknown].filter((id) => id !== undefined);
      const single = await app.graphql<Record<string, unknown>>(
        `{ ${probe.map((id, k) => `n${k}: node(nodeId: "${nodeIdOf(typeName, id)}") { nodeId }`).join(' ')} }`,
        {},
        viewers.headers(role),
      );
      probe.forEach((id, k) => expect(single.data![`n${k}`]).toEqual(allowed.has(id) ? { nodeId: nodeIdOf(typeName, id) } : null));
      expect((single.errors ?? []).map((error) => error.extensions?.code)).toEqual(outside.length > 0 ? ['FORBIDDEN'] : []);
    },
  );

  it('loads nodes of one type with the same statements for 1 and for 50 ids (the by-id loader)', async () => {
    const ids = (await allIds(app, 'Booking')).slice(0, 50);
    expect(ids).toHaveLength(50);
    const admin = viewers.headers('admin');
    const one = (await app.graphql(nodesQuery('Booking'), { ids: [nodeIdOf('Booking', ids[0])] }, admin)) as NodesResponse;
    const fifty = (await app.graphql(nodesQuery('Booking'), { ids: ids.map((id) => nodeIdOf('Booking', id)) }, admin)) as NodesResponse;
    expect(fifty.errors).toBeUndefined();
    expect(fifty.data!.nodes!.map((row) => row?.id)).toEqual(ids.map(String));
    expect(one.extensions?.sqlStatements).toBe(2); // the viewer, the bookings
    expect(fifty.extensions?.sqlStatements).toBe(2);
    // Two types: one statement each.
    const mixed = (await app.graphql(nodesQuery('Booking'), { ids: [...ids.slice(0, 25), 1, 2].map((id, k) => nodeIdOf(k < 25 ? 'Booking' : 'Teacher', id)) }, admin)) as NodesResponse;
    expect(mixed.extensions?.sqlStatements).toBe(3);
  });

  let allowedBookings: Set<number>;
  beforeAll(async () => {
    allowedBookings = await expectations.set('student', 'Booking');
  });

  it('tells FORBIDDEN from unknown for 1 and for many ids with the same statements (one existence check per type)', async () => {
    const refused = (await allIds(app, 'Booking')).filter((id) => !allowedBookings.has(id)).slice(0, 20);
    const unknown = [1_000_000, 1_000_001];
    const student = viewers.headers('student');
    const one = (await app.graphql(nodesQuery('Booking'), { ids: [nodeIdOf('Booking', refused[0])] }, student)) as NodesResponse;
    const many = (await app.graphql(nodesQuery('Booking'), { ids: [...refused, ...unknown].map((id) => nodeIdOf('Booking', id)) }, student)) as NodesResponse;
    expect(one.errors?.map((error) => error.extensions?.code)).toEqual(['FORBIDDEN']);
    expect(many.errors?.map((error) => error.extensions?.code)).toEqual(refused.map(() => 'FORBIDDEN'));
    expect(many.data!.nodes).toEqual([...refused, ...unknown].map(() => null));
    expect(one.extensions?.sqlStatements).toBe(3); // the viewer, the bookings it may read, which ids exist
    expect(many.extensions?.sqlStatements).toBe(3);
  });

  it.each([
    ['an empty string', ''],
    ['plain text', 'Teacher:1'],
    ['base64 of an unknown type', nodeIdOf('Teachers', 1)],
    ['base64 of a type name in the wrong case', nodeIdOf('teacher', 1)],
    ['base64 without an id', Buffer.from('Teacher:').toString('base64')],
    ['base64 of a zero id', nodeIdOf('Teacher', 0)],
    ['base64 of an id over 2^31 - 1', nodeIdOf('Teacher', 2_147_483_648)],
    ['base64 of a non-numeric id', nodeIdOf('Teacher', 'abc')],
    ['base64 with characters outside the alphabet', `${nodeIdOf('Teacher', 1)}!`],
    ['base64 without its padding', nodeIdOf('Teacher', 10).replace(/=+$/, '')],
    ['a row id instead of a nodeId', '1'],
    ['base64 of an id with a leading zero (names Teacher 1, but is not its nodeId)', nodeIdOf('Teacher', '01')],
    ['base64 of an id with leading zeros', nodeIdOf('Teacher', '0001')],
    ['base64 of an id with a plus sign', nodeIdOf('Teacher', '+1')],
  ])('refuses %s as BAD_USER_INPUT naming the argument', async (_what, nodeId) => {
    const admin = viewers.headers('admin');
    const single = await app.graphql('query ($id: ID!) { node(nodeId: $id) { nodeId } }', { id: nodeId }, admin);
    expect(single.errors?.map((error) => error.extensions)).toEqual([expect.objectContaining({ code: 'BAD_USER_INPUT', fields: ['nodeId'] })]);
    const list = await app.graphql('query ($ids: [ID!]!) { nodes(nodeIds: $ids) { nodeId } }', { ids: [nodeIdOf('Teacher', 1), nodeId] }, admin);
    expect(list.errors?.map((error) => error.extensions)).toEqual([expect.objectContaining({ code: 'BAD_USER_INPUT', fields: ['nodeIds[1]'] })]);
  });

  it('refuses more than 100 nodeIds before any SQL, as a page of more than 100 rows', async () => {
    const ids = Array.from({ length: 101 }, (_value, k) => nodeIdOf('Teacher', k + 1));
    const response = await app.graphql('query ($ids: [ID!]!) { nodes(nodeIds: $ids) { nodeId } }', { ids }, viewers.headers('admin'));
    expect(response.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', fields: ['nodeIds'], limit: 'list length', maximum: 100, actual: 101 });
    expect(response.extensions?.sqlStatements).toBe(0);
  });

  it('costs nodes as a page of as many rows as it has nodeIds, node as one row', async () => {
    const selection = '... on Teacher { bookings(first: 100) { nodes { teacher { availabilities(first: 2) { nodes { id } } } } } }';
    const ids = Array.from({ length: 100 }, (_value, k) => nodeIdOf('Teacher', k + 1));
    const admin = viewers.headers('admin');
    // bookings = 1 + 100 × (1 + teacher (1 + availabilities (1 + 2 × 1))) = 501; nodes = 1 + 100 × (1 + 501).
    const many = await app.graphql(`query ($ids: [ID!]!) { nodes(nodeIds: $ids) { ${selection} } }`, { ids }, admin);
    expect(many.errors?.[0].extensions).toMatchObject({ code: 'QUERY_TOO_COMPLEX', limit: 'cost', actual: 50_201 });
    const one = await app.graphql(`query ($id: ID!) { node(nodeId: $id) { ${selection} } }`, { id: ids[0] }, admin);
    expect(one.errors).toBeUndefined();
  });
});
