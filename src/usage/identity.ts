import type { Guard } from '../concern.js';
import type { RuntimeRegistry } from '../governance/trusted-documents/index.js';
import { clientFromHeaders, identifyByDocument } from './client-identity.js';

// Who sent a /graphql request, as two guards of the pipeline (src/pipeline.ts), the writers of
// the record's `client`: the headers are read first, so even a request refused by the rate
// limit or the body guard is logged with its client; a registered trusted document completes
// them once the trusted-documents guard has served it. Neither ever refuses.

/** `apollographql-client-name`/`-version` or `graphql-client-name`/`-version`, validated → record and trace. */
export const clientHeaders: Guard = {
  name: 'clientHeaders',
  async run({ req, request }) {
    const client = clientFromHeaders(req.headers);
    if (client.name === undefined) return 'continue';
    request.record.client = client;
    request.trace.client(client.name, client.version);
    return 'continue';
  },
};

/** A registered trusted document ran: its client (and version) completes what the headers said. */
export function clientOfDocument(registry: Pick<RuntimeRegistry, 'shippedBy'>): Guard {
  return {
    name: 'clientOfDocument',
    async run({ request }) {
      const { record } = request;
      if (record.trustedDocument === undefined) return 'continue';
      const shippers = registry.shippedBy(record.trustedDocument);
      if (shippers.length === 0) return 'continue';
      const completed = identifyByDocument(record.client, shippers);
      if (completed === record.client || completed.name === undefined) return 'continue';
      record.client = completed;
      request.trace.client(completed.name, completed.version);
      return 'continue';
    },
  };
}
