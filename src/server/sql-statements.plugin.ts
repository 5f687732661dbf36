import type { ApolloServerPlugin } from '@apollo/server';
import type { RequestContext } from '../graphql/context';

/**
 * Outside production, each response carries `extensions.sqlStatements`: the number of SQL statements
 * the request ran. The statement-count tests and the benchmark read it.
 */
export function sqlStatementsPlugin(): ApolloServerPlugin<RequestContext> {
  return {
    async requestDidStart() {
      return {
        async willSendResponse({ response, contextValue }) {
          if (response.body.kind === 'single') {
            response.body.singleResult.extensions = { ...response.body.singleResult.extensions, sqlStatements: contextValue.sql.statements };
          }
        },
      };
    },
  };
}
