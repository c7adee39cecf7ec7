import type { Logger } from 'pino';
import type { GatewayPlugin } from '../../concern.js';
import type { Config } from '../../config.js';
import type { Guard } from '../../http/exchange.js';
import { loadManifest } from './manifest.js';
import { createPersistedDocuments, type DocumentObserver, type PersistedDocuments } from './resolve.js';

export interface TrustedDocumentsDeps {
  logger: Logger;
  /** Told of every document served from, or refused by, the manifest (metrics). */
  onDocument?: DocumentObserver;
}

/**
 * Trusted documents, as one guard and one plugin. The plugin reads and checks the manifest
 * when the server starts, against the schema Apollo built (received, never built again), so a
 * broken manifest stops the start (ManifestError) instead of refusing every request later;
 * requests arrive only after the start. The guard resolves each request's document before any
 * parse (resolve.ts) and refuses, with 400, what the mode does not let through.
 */
export function createTrustedDocuments(
  config: Config['governance']['persistedDocuments'],
  deps: TrustedDocumentsDeps,
): { guard: Guard; loader: GatewayPlugin } {
  const { file, mode } = config;
  let documents: PersistedDocuments = createPersistedDocuments(new Map(), mode, deps.onDocument);
  const loader: GatewayPlugin = {
    async serverWillStart({ schema }) {
      if (mode !== 'off' && file !== undefined) {
        const manifest = loadManifest(file, schema);
        documents = createPersistedDocuments(manifest, mode, deps.onDocument);
        deps.logger.info({ mode, documents: manifest.size }, 'trusted documents loaded');
      } else if (file !== undefined) {
        deps.logger.warn('PERSISTED_DOCUMENTS_FILE is set but PERSISTED_DOCUMENTS_MODE is off: the manifest is not used');
      }
    },
  };
  const guard: Guard = {
    name: 'trustedDocuments',
    async run(exchange) {
      const resolution = documents.resolve(exchange.method, exchange.body, exchange.search);
      if (resolution.refused) return exchange.refuse(400, resolution.code, resolution.message);
      exchange.body = resolution.body;
      exchange.search = resolution.search;
      return 'continue';
    },
  };
  return { guard, loader };
}
