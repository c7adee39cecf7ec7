import type { DocumentNode, GraphQLSchema, OperationDefinitionNode } from 'graphql';
import type { GraphQLRequest } from '@apollo/server';
import type { Logger } from 'pino';
import type { GatewayPlugin } from '../concern.js';
import type { RequestRecord } from '../request/incoming.js';
import type { LedgerClients } from './client-labels.js';
import { deprecatedCoordinates, usageOf, variableCoordinates } from './coordinates.js';
import type { UsageLedger } from './ledger.js';

export interface UsagePluginDeps {
  ledger: UsageLedger;
  clients: LedgerClients;
  /** `…_deprecated_field_requests_total`: called per deprecated coordinate an operation uses. */
  deprecatedField: (coordinate: string, client: string | undefined) => void;
  logger: Logger;
}

/**
 * Counts every operation that runs, or is answered by an identical one in flight, in the usage
 * ledger: its precomputed coordinates (once per document, coordinates.ts), what its variables
 * send, under its client and version. Counting is a few Map increments in this process; it can
 * never fail the request (a bug here is logged once and the operation runs on).
 */
export function useUsageLedger(deps: UsagePluginDeps): GatewayPlugin {
  let reported = false;
  const count = (
    record: RequestRecord,
    schema: GraphQLSchema,
    document: DocumentNode,
    operation: OperationDefinitionNode,
    variables: GraphQLRequest['variables'],
  ) => {
    try {
      const usage = usageOf(schema, document, operation);
      const extra = variableCoordinates(usage, variables);
      const { client, version } = deps.clients.of(record.client);
      deps.ledger.record(usage, extra, client, version);
      for (const coordinate of usage.deprecated) deps.deprecatedField(coordinate, record.client.name);
      if (extra.length > 0) {
        const deprecated = deprecatedCoordinates(schema);
        for (const coordinate of extra) if (deprecated.has(coordinate)) deps.deprecatedField(coordinate, record.client.name);
      }
    } catch (error) {
      if (!reported) deps.logger.error({ err: error }, 'usage ledger: an operation could not be counted (reported once)');
      reported = true;
    }
  };
  return {
    async requestDidStart({ contextValue: { record } }) {
      return {
        async executionDidStart({ schema, document, operation, request }) {
          count(record, schema, document, operation, request.variables);
        },
        // Answered with an identical query's answer in flight (src/coalescing/): used all the same.
        async willSendResponse({ schema, document, operation, request }) {
          if (record.sharedOperation && document && operation) count(record, schema, document, operation, request.variables);
        },
      };
    },
  };
}
