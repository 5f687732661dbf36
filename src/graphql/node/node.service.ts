import type { RequestContext } from '../context';
import type { Row } from '../loaders/request-loaders';
import type { ModelDefinition } from '../model-registry';
import { findById } from '../read/model-read.service';
import { decodeNodeId } from './node-id';
import { asNode } from './node.interface';

// node / nodes: a nodeId names a model and a row id; the row is read exactly as the model's by-id
// field reads it (findById: the request's by-id loader, so ids of one type asked together cost one
// statement; null for an unknown id, FORBIDDEN for a row the viewer may not read).

interface NodeReference {
  model: ModelDefinition;
  id: number;
}

export class NodeLookup {
  private readonly models: Map<string, ModelDefinition>;
  private readonly typeNames: ReadonlySet<string>;

  constructor(models: readonly ModelDefinition[]) {
    this.models = new Map(models.map((model) => [model.typeName, model]));
    this.typeNames = new Set(this.models.keys());
  }

  private reference(nodeId: unknown, argument: string): NodeReference {
    const { typeName, id } = decodeNodeId(nodeId, argument, this.typeNames);
    return { model: this.models.get(typeName) as ModelDefinition, id };
  }

  private async read(context: RequestContext, { model, id }: NodeReference): Promise<Row | null> {
    return asNode(await findById(context, model, id), model.typeName);
  }

  /** The object a nodeId names: null if its row does not exist; FORBIDDEN, BAD_USER_INPUT (argument `nodeId`) as findById and decodeNodeId. */
  node(context: RequestContext, nodeId: unknown): Promise<Row | null> {
    return this.read(context, this.reference(nodeId, 'nodeId'));
  }

  /**
   * One entry per nodeId, in order. Every nodeId is decoded first (a malformed one refuses the
   * whole field, naming `nodeIds[i]`); then each entry is its row, null, or its own FORBIDDEN error
   * (graphql-js nulls that entry only).
   */
  nodes(context: RequestContext, nodeIds: readonly unknown[]): Array<Promise<Row | null>> {
    const references = nodeIds.map((nodeId, index) => this.reference(nodeId, `nodeIds[${index}]`));
    return references.map((reference) => this.read(context, reference));
  }
}
