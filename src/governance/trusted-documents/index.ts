import type { GraphQLSchema } from 'graphql';
import type { Logger } from 'pino';
import type { GatewayPlugin } from '../../concern.js';
import type { Config } from '../../config.js';
import type { Guard } from '../../http/exchange.js';
import { loadManifest, type Manifest } from './manifest.js';
import { createRuntimeRegistry, type RuntimeRegistry } from './registry.js';
import { createPersistedDocuments, type DocumentObserver, type PersistedDocuments } from './resolve.js';

export type { RuntimeRegistry } from './registry.js';

export interface TrustedDocumentsDeps {
  logger: Logger;
  /** Told of every document served from, or refused by, the manifest (metrics). */
  onDocument?: DocumentObserver;
}

/**
 * Trusted documents, as one guard and one plugin. The plugin reads and checks the manifest
 * (PERSISTED_DOCUMENTS_FILE) and the client registry (PERSISTED_DOCUMENTS_DIR, registry.ts)
 * when the server starts, against the schema Apollo built (received, never built again), so a
 * broken manifest stops the start (ManifestError) instead of refusing every request later;
 * requests arrive only after the start. The guard resolves each request's document before any
 * parse (resolve.ts), refuses, with 400, what the mode does not let through, and records the
 * id of a listed document it served (the registry names the client versions that ship it).
 */
export function createTrustedDocuments(
  config: Config['governance']['persistedDocuments'],
  deps: TrustedDocumentsDeps,
): { guard: Guard; loader: GatewayPlugin; registry: RuntimeRegistry } {
  const { mode } = config;
  const registry = createRuntimeRegistry(config, deps.logger);
  let documents: PersistedDocuments = createPersistedDocuments(new Map(), mode, deps.onDocument);
  const loader: GatewayPlugin = {
    async serverWillStart({ schema }) {
      const manifest = new Map([...fileDocuments(config, schema, deps.logger), ...(await registry.load(schema))]);
      documents = createPersistedDocuments(manifest, mode, deps.onDocument);
    },
  };
  const guard: Guard = {
    name: 'trustedDocuments',
    async run(exchange) {
      const resolution = documents.resolve(exchange.method, exchange.body, exchange.search);
      if (resolution.refused) return exchange.refuse(400, resolution.code, resolution.message);
      exchange.body = resolution.body;
      exchange.search = resolution.search;
      if (resolution.id !== undefined) exchange.request.record.trustedDocument = resolution.id;
      return 'continue';
    },
  };
  return { guard, loader, registry };
}

/** PERSISTED_DOCUMENTS_FILE's documents, read and checked; none while the mode is `off`. */
function fileDocuments(config: Config['governance']['persistedDocuments'], schema: GraphQLSchema, logger: Logger): Manifest {
  const { file, mode } = config;
  if (file === undefined) return new Map();
  if (mode === 'off') {
    logger.warn('PERSISTED_DOCUMENTS_FILE is set but PERSISTED_DOCUMENTS_MODE is off: the manifest is not used');
    return new Map();
  }
  const manifest = loadManifest(file, schema);
  logger.info({ mode, documents: manifest.size }, 'trusted documents loaded');
  return manifest;
}
