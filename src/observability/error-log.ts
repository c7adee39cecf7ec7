import { unwrapResolverError } from '@apollo/server/errors';
import type { ApolloServerPlugin } from '@apollo/server';
import type { GatewayContext } from '../request/context.js';
import { isForClients } from '../errors.js';
import { UpstreamError } from '../upstream/errors.js';

/**
 * Logs upstream failures and internal errors with the request's own logger (so each line has
 * its request id); expected client errors are not logged one by one.
 */
export function useErrorLog(): ApolloServerPlugin<GatewayContext> {
  return {
    async requestDidStart() {
      return {
        async didEncounterErrors({ contextValue, errors }) {
          for (const error of errors) {
            const original = unwrapResolverError(error);
            if (original instanceof UpstreamError) {
              if (original.kind === 'TIMEOUT' || original.kind === 'UNAVAILABLE') {
                contextValue.logger.warn({ err: original, endpoint: original.endpoint, status: original.status, path: error.path }, 'upstream failure');
              }
            } else if (!isForClients(original, error.extensions.code)) {
              contextValue.logger.error({ err: original, path: error.path }, 'internal error');
            }
          }
        },
      };
    },
  };
}
