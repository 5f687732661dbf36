import { Arg, Ctx, Extensions, FieldResolver, ID, Query, Resolver, Root, getMetadataStorage } from 'type-graphql';
import type { RequestContext } from '../context';
import { SIZED_BY_LIST_ARGUMENT } from '../limits/executed-operation';
import type { Row } from '../loaders/request-loaders';
import type { ModelDefinition } from '../model-registry';
import { encodeNodeId } from './node-id';
import { NodeInterface } from './node.interface';
import { NodeLookup } from './node.service';

// Relay global object identification for every model of the registry: each object type implements
// Node with a nodeId field, and the query root gets node(nodeId) and nodes(nodeIds). The contract's
// `id` fields stay as they are (an additive change).

type Method = (...args: never[]) => unknown;

/**
 * Declares that every model's object type implements Node. type-graphql reads `implements` from
 * @ObjectType's options into its metadata; the entities are decorated once, so the registry adds
 * the interface to that metadata here, before the schema is built, rather than in 25 entity files.
 */
function implementNode(model: ModelDefinition): void {
  const objectType = getMetadataStorage().objectTypes.find((candidate) => candidate.target === model.entity);
  if (!objectType) throw new Error(`${model.typeName} has no @ObjectType`);
  if (!objectType.interfaceClasses?.includes(NodeInterface)) objectType.interfaceClasses = [...(objectType.interfaceClasses ?? []), NodeInterface];
}

/** A resolver class giving `model`'s type its nodeId field. */
function nodeIdResolver(model: ModelDefinition): Function {
  const name = `${model.typeName}NodeResolver`;
  const resolver = { [name]: class {} }[name];
  const prototype = resolver.prototype as object;
  Object.defineProperty(prototype, 'nodeId', { value: ((row: Row) => encodeNodeId(model.typeName, row.id)) as Method, writable: true, configurable: true });
  FieldResolver(() => ID, { description: `Globally unique, opaque id of this ${model.typeName} (base64 of "${model.typeName}:id"); give it to node or nodes.` })(
    prototype,
    'nodeId',
    Object.getOwnPropertyDescriptor(prototype, 'nodeId') as PropertyDescriptor,
  );
  Root()(prototype, 'nodeId', 0);
  Resolver(() => model.entity)(resolver);
  return resolver;
}

export function buildNodeResolvers(models: readonly ModelDefinition[]): Function[] {
  for (const model of models) implementNode(model);
  const lookup = new NodeLookup(models);

  @Resolver()
  class NodeResolver {
    @Query(() => NodeInterface, {
      nullable: true,
      description: 'The object a nodeId names (Relay): null if it does not exist, FORBIDDEN if you may not read it, BAD_USER_INPUT if the nodeId is malformed.',
    })
    node(@Arg('nodeId', () => ID, { description: 'A nodeId, as a nodeId field gave it.' }) nodeId: string, @Ctx() context: RequestContext): Promise<Row | null> {
      return lookup.node(context, nodeId);
    }

    @Query(() => [NodeInterface], {
      nullable: 'items',
      description:
        'The objects these nodeIds name, in order (at most 100, as a page): each null if it does not exist or a FORBIDDEN error at its index if you may not read it; BAD_USER_INPUT naming the first malformed nodeId.',
    })
    @Extensions({ [SIZED_BY_LIST_ARGUMENT]: 'nodeIds' })
    nodes(@Arg('nodeIds', () => [ID], { description: 'nodeIds, as nodeId fields gave them.' }) nodeIds: string[], @Ctx() context: RequestContext): Array<Promise<Row | null>> {
      return lookup.nodes(context, nodeIds);
    }
  }

  return [NodeResolver, ...models.map(nodeIdResolver)];
}
