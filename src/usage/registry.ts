import type { GraphQLSchema } from 'graphql';
import type { Logger } from 'pino';
import type { PersistedDocumentsMode } from '../config.js';
import { loadClientRegistry, type ClientRegistry, type ClientVersion } from '../governance/client-registry.js';

/**
 * The client registry at run time (PERSISTED_DOCUMENTS_DIR): read once at start, before the
 * server listens, so a broken manifest stops the start (as PERSISTED_DOCUMENTS_FILE's does).
 *
 * - Its documents (the union of every registered version's manifest) become trusted documents
 *   in the mode PERSISTED_DOCUMENTS_MODE says, added to the same store as the file's: with both
 *   set, the gateway serves the union (ids are content hashes, so the two cannot disagree).
 * - A served document's id names the client versions that ship it (client-identity.ts).
 * - Its clients keep their names as metric labels and in the usage ledger.
 */
export interface RuntimeRegistry {
  /** Loads the registry (when a folder is configured); rejects with a ManifestError naming the file. */
  load(schema: () => GraphQLSchema): Promise<void>;
  /** Registered client names (empty until loaded, or without a folder). */
  clients(): ReadonlySet<string>;
  /** The client versions that ship a document id; empty when none or without a registry. */
  shippedBy(hexId: string): readonly ClientVersion[];
}

const NONE: readonly ClientVersion[] = Object.freeze([]);

export function createRuntimeRegistry(
  settings: { dir: string | undefined; mode: PersistedDocumentsMode },
  trusted: Map<string, string>,
  logger: Logger,
): RuntimeRegistry {
  let registry: ClientRegistry | undefined;
  return {
    async load(schema) {
      if (settings.dir === undefined) return;
      registry = await loadClientRegistry(settings.dir, { schema: schema() });
      const versions = registry.manifests.map((m) => `${m.client}@${m.version}`);
      if (settings.mode === 'off') {
        logger.warn({ clients: versions }, 'PERSISTED_DOCUMENTS_DIR is set but PERSISTED_DOCUMENTS_MODE is off: its documents are not served; its clients still name metrics and usage');
        return;
      }
      for (const [id, document] of registry.documents) trusted.set(id, document);
      logger.info({ mode: settings.mode, clients: versions, documents: registry.documents.size }, 'client registry loaded: trusted documents of the registered client versions');
    },
    clients: () => registry?.clients ?? new Set<string>(),
    shippedBy: (hexId) => registry?.shippedBy(hexId) ?? NONE,
  };
}
