import { Field, ID, InterfaceType } from 'type-graphql';

// The Node interface every model implements (node-resolvers.ts adds it to each model's object
// type). Rows are plain objects, not instances of the entity classes, so the node fields tag each
// row they return with its type name for resolveType.

const ROW_TYPES = new WeakMap<object, string>();

/** Records the GraphQL type of a row returned as a Node. */
export function asNode<Row extends object>(row: Row | null, typeName: string): Row | null {
  if (row) ROW_TYPES.set(row, typeName);
  return row;
}

@InterfaceType('Node', {
  description: 'An object with a globally unique id (Relay Global Object Identification): every type of the API. Fetch it again with node / nodes.',
  resolveType: (row: object) => ROW_TYPES.get(row),
})
export abstract class NodeInterface {
  @Field(() => ID, { description: 'Globally unique, opaque id of this object (base64 of "Type:id"); give it to node or nodes.' })
  nodeId!: string;
}
