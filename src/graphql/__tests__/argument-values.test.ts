import { buildSchema, execute, parse } from 'graphql';
import { computeArgumentsOncePerExecution } from '../argument-values';

// graphql-js's executor computes a field's arguments through the export computeArgumentsOncePerExecution
// replaces: once per (field, node, variables) per execution, the same values for every parent, a
// new computation for new variables, and an error located at each parent's own path.

const schema = buildSchema(`
  enum Field { START_TIME ID }
  input Order { field: Field!, direction: String = "ASC" }
  type Child { id: Int }
  type Parent { id: Int, children(first: Int!, orderBy: [Order!]): [Child] }
  type Query { parents: [Parent] }
`);

describe('computeArgumentsOncePerExecution', () => {
  beforeAll(computeArgumentsOncePerExecution);

  it('hands every parent the same arguments, computed once per execution and variables', async () => {
    const seen: unknown[] = [];
    const rootValue = { parents: () => [1, 2, 3].map((id) => ({ id, children: (args: unknown) => (seen.push(args), [{ id }]) })) };
    const document = parse(`query ($first: Int!) { parents { children(first: $first, orderBy: [{ field: START_TIME }]) { id } } }`);
    const first = await execute({ schema, document, rootValue, variableValues: { first: 2 } });
    const second = await execute({ schema, document, rootValue, variableValues: { first: 5 } });
    expect(first.errors).toBeUndefined();
    expect(second.errors).toBeUndefined();
    expect(seen).toHaveLength(6);
    expect(seen.slice(0, 3)).toEqual(Array(3).fill({ first: 2, orderBy: [{ field: 'START_TIME', direction: 'ASC' }] }));
    expect(new Set(seen.slice(0, 3)).size).toBe(1); // one object for the 3 parents: computed once (graphql-js calls through the replaced export)
    expect(new Set(seen.slice(3)).size).toBe(1);
    expect(seen[3]).toEqual({ first: 5, orderBy: [{ field: 'START_TIME', direction: 'ASC' }] });
  });

  it('reports a wrong argument at each parent’s path', async () => {
    const rootValue = { parents: () => [1, 2].map((id) => ({ id, children: () => [] })) };
    const result = await execute({ schema, rootValue, document: parse(`query ($first: Int) { parents { children(first: $first) { id } } }`), variableValues: {} });
    expect(result.errors?.map((error) => error.path)).toEqual([
      ['parents', 0, 'children'],
      ['parents', 1, 'children'],
    ]);
  });
});
