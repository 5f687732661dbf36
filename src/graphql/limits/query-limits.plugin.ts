import type { ApolloServerPlugin } from '@apollo/server';
import { GraphQLError, Kind, type FragmentDefinitionNode } from 'graphql';
import type { QueryLimits } from '../../config/config';
import { measureOperation } from './query-cost';

// Refuses an operation that is too deep, too costly or has too many aliases or root fields,
// after parsing and validation and before any resolver (so before any SQL) runs.

function tooComplex(limit: string, maximum: number, actual: number): GraphQLError {
  return new GraphQLError(`Query ${limit} is ${actual}, more than the maximum of ${maximum}`, {
    extensions: { code: 'QUERY_TOO_COMPLEX', limit, maximum, actual, http: { status: 400 } },
  });
}

export function queryLimitsPlugin(limits: QueryLimits): ApolloServerPlugin {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ schema, document, operation, request }) {
          if (!operation) return;
          const fragments: Record<string, FragmentDefinitionNode> = {};
          for (const definition of document.definitions) {
            if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments[definition.name.value] = definition;
          }
          const measures = measureOperation(schema, operation, fragments, request.variables ?? {});
          if (measures.depth > limits.maxDepth) throw tooComplex('depth', limits.maxDepth, measures.depth);
          if (measures.rootFields > limits.maxRootFields) throw tooComplex('root field count', limits.maxRootFields, measures.rootFields);
          if (measures.aliases > limits.maxAliases) throw tooComplex('alias count', limits.maxAliases, measures.aliases);
          if (measures.cost > limits.maxCost) throw tooComplex('cost', limits.maxCost, measures.cost);
        },
      };
    },
  };
}
