import type { GraphQLSchema } from 'graphql';
import type { Logger } from 'pino';
import type { PersistedDocumentsMode } from '../../config.js';
import { loadClientRegistry, type ClientRegistry, type ClientVersion } from './client-registry.js';
import type { Manifest } from './manifest.js';

/**
 * The client registry at run time (PERSISTED_DOCUMENTS_DIR): read once when the server starts,
 * against the schema Apollo built, so a broken manifest stops the start (as
 * PERSISTED_DOCUMENTS_FILE's does).
 *
 * - Its documents (the union of every registered version's manifest) become trusted documents
 *   in the mode PERSISTED_DOCUMENTS_MODE says, served beside the file's: with both set, the
 *   gateway serves the union (ids are content hashes, so the two cannot disagree).
 * - A served document's id names the client versions that ship it (usage/identity.ts).
 * - Its clients keep their names as metric labels and in the usage ledger (usage/).
 */
export interface RuntimeRegistry {
  /** Loads the registry (when a folder is configured): the documents to serve (none in mode `off`). Rejects with a ManifestError naming the file. */
  load(schema: GraphQLSchema): Promise<Manifest>;
  /** Registered client names (empty until loaded, or without a folder). */
  clients(): ReadonlySet<string>;
  /** The client versions that ship a document id; empty when none or without a registry. */
  shippedBy(hexId: string): readonly ClientVersion[];
}

const NONE: readonly ClientVersion[] = Object.freeze([]);
const NO_CLIENTS: ReadonlySet<string> = new Set();
const NO_DOCUMENTS: Manifest = new Map();

export function createRuntimeRegistry(settings: { dir: string | undefined; mode: PersistedDocumentsMode }, logger: Logger): RuntimeRegistry {
  let registry: ClientRegistry | undefined;
  return {
    async load(schema) {
      if (settings.dir === undefined) return NO_DOCUMENTS;
      registry = await loadClientRegistry(settings.dir, { schema });
      const versions = registry.manifests.map((m) => `${m.client}@${m.version}`);
      if (settings.mode === 'off') {
        logger.warn(
          { clients: versions },
          'PERSISTED_DOCUMENTS_DIR is set but PERSISTED_DOCUMENTS_MODE is off: its documents are not served; its clients still name metrics and usage',
        );
        return NO_DOCUMENTS;
      }
      logger.info(
        { mode: settings.mode, clients: versions, documents: registry.documents.size },
        'client registry loaded: trusted documents of the registered client versions',
      );
      return registry.documents;
    },
    clients: () => registry?.clients ?? NO_CLIENTS,
    shippedBy: (hexId) => registry?.shippedBy(hexId) ?? NONE,
  };
}
