import type { ApolloServerPlugin } from '@apollo/server';
import type { RequestContext } from '../graphql/context';

/**
 * A mutation runs every statement on the primary, from its first read on (src/db/read-routing.ts):
 * a read before its transaction (a check, a lookup) must not see a replica that lags behind the
 * write about to be made, and the row it reads back after its transaction must be its own write.
 */
export function readRoutingPlugin(): ApolloServerPlugin<RequestContext> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ operation, contextValue }) {
          if (operation?.operation === 'mutation') contextValue.sql.routing.pinToPrimary();
        },
      };
    },
  };
}
