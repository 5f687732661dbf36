import type { GraphQLResolveInfo } from 'graphql';

/**
 * A value computed once per field and execution, whatever the number of parents: keyed by the
 * field's first field node (the document's AST, shared by every parent's call) or its merged
 * field nodes, and the
 * execution's variableValues (one object per execution, which graphql-js hands every resolver).
 * The parents of one field share their page request (read-resolvers.ts) and their row plan
 * (prefetch/row-plan.ts). An error thrown by `compute` is kept and thrown to every parent alike.
 */
export class FieldMemo<T> {
  private readonly byNode = new WeakMap<object, WeakMap<object, { value: T } | { error: unknown }>>();

  /**
   * `keyedBy`: 'first field node' for what depends on the field's arguments only (graphql-js reads
   * them from the first node); 'field nodes' for what depends on the merged selection too (the
   * array graphql-js hands every parent whose selections merged alike).
   */
  constructor(private readonly keyedBy: 'first field node' | 'field nodes' = 'first field node') {}

  get(info: GraphQLResolveInfo, compute: () => T): T {
    const node = this.keyedBy === 'field nodes' ? info.fieldNodes : info.fieldNodes[0];
    let byExecution = this.byNode.get(node);
    if (byExecution === undefined) {
      byExecution = new WeakMap();
      this.byNode.set(node, byExecution);
    }
    let entry = byExecution.get(info.variableValues);
    if (entry === undefined) {
      try {
        entry = { value: compute() };
      } catch (error) {
        entry = { error };
      }
      byExecution.set(info.variableValues, entry);
    }
    if ('error' in entry) throw entry.error;
    return entry.value;
  }
}
