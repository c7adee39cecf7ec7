import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { GraphQLSchema } from 'graphql';
import { hexIdOf, ManifestError, parseManifest } from './manifest.js';

// The client registry: the trusted-document manifests of every app version still in use, one
// file per version at `<dir>/<client>/<version>.json`, in either manifest format the gateway
// reads (manifest.ts). Retiring a version is deleting its file; registering one is
// adding it. The gateway serves the union of their documents (ids are content hashes, so two
// versions shipping one operation share one entry) and knows which versions ship each id;
// `npm run schema:check` validates every manifest against a changed schema before release.

export interface RegisteredManifest {
  client: string;
  version: string;
  /** The manifest's path, as read (`<dir>/<client>/<version>.json`). */
  file: string;
  /** Documents by the lowercase hex sha256 of their text. */
  documents: ReadonlyMap<string, string>;
}

export interface ClientVersion {
  client: string;
  version: string;
}

export interface ClientRegistry {
  /** Ordered by client, then version (numeric parts compared as numbers). */
  manifests: readonly RegisteredManifest[];
  /** The union of all manifests' documents, by lowercase hex sha256. */
  documents: ReadonlyMap<string, string>;
  /** The client versions whose manifest lists this id (`sha256:<hex>` or `<hex>`); empty when none. */
  shippedBy(id: string): readonly ClientVersion[];
  clients: ReadonlySet<string>;
}

export interface ClientRegistryOptions {
  /** Also validate every document against this schema (a start-up or release check). */
  schema?: GraphQLSchema;
}

/**
 * Client names as a registry folder, a log field or a metric label may carry them, e.g.
 * `ios-app`: a letter or digit, then letters, digits, `.`, `_`, `-`; at most 64 characters.
 */
export const CLIENT_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;
/** Client versions, e.g. `3.2.0` or `3.2.0-beta.1+build.7`; at most 64 characters. */
export const CLIENT_VERSION = /^[A-Za-z0-9][A-Za-z0-9.+_-]{0,63}$/;

const MANIFEST_SUFFIX = '.json';
/** Files a registry may hold besides manifests: documentation and dotfiles (`.gitkeep`). */
const isIgnored = (name: string): boolean => name.startsWith('.') || name.endsWith('.md');

const compareNames = (a: string, b: string): number => a.localeCompare(b, 'en', { numeric: true });

async function entriesOf(path: string, what: string): Promise<{ name: string; directory: boolean }[]> {
  try {
    const entries = await readdir(path, { withFileTypes: true });
    return entries.map((entry) => ({ name: entry.name, directory: entry.isDirectory() })).sort((a, b) => compareNames(a.name, b.name));
  } catch (error) {
    throw new ManifestError(`${what} ${path} cannot be read (${(error as NodeJS.ErrnoException).code ?? String(error)})`);
  }
}

async function readVersion(dir: string, client: string, name: string, options: ClientRegistryOptions): Promise<RegisteredManifest> {
  const file = join(dir, client, name);
  if (!name.endsWith(MANIFEST_SUFFIX)) {
    throw new ManifestError(`client registry: ${file} is not a manifest; expected <version>.json (or a .md file)`);
  }
  const version = name.slice(0, -MANIFEST_SUFFIX.length);
  if (!CLIENT_VERSION.test(version)) {
    throw new ManifestError(
      `client registry: ${file}: the version ${JSON.stringify(version)} must be 1 to 64 letters, digits, '.', '+', '_' or '-', starting with a letter or digit`,
    );
  }
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw new ManifestError(`client registry: ${file} cannot be read (${(error as NodeJS.ErrnoException).code ?? String(error)})`);
  }
  return { client, version, file, documents: parseManifest(text, `client registry: ${file}`, options.schema) };
}

/**
 * Reads every `<dir>/<client>/<version>.json`. Throws a ManifestError naming the file for an
 * unreadable folder, a bad client or version name, anything else in the folder, a manifest
 * that does not parse or whose entries are unusable, or a registry with no manifest at all.
 */
export async function loadClientRegistry(dir: string, options: ClientRegistryOptions = {}): Promise<ClientRegistry> {
  const manifests: RegisteredManifest[] = [];
  for (const entry of await entriesOf(dir, 'client registry:')) {
    if (isIgnored(entry.name)) continue;
    const path = join(dir, entry.name);
    if (!entry.directory) {
      throw new ManifestError(`client registry: ${path} is not a client folder; expected ${join(dir, '<client>', '<version>.json')}`);
    }
    if (!CLIENT_NAME.test(entry.name)) {
      throw new ManifestError(
        `client registry: ${path}: the client name ${JSON.stringify(entry.name)} must be 1 to 64 letters, digits, '.', '_' or '-', starting with a letter or digit`,
      );
    }
    for (const file of await entriesOf(path, 'client registry: client folder')) {
      if (isIgnored(file.name)) continue;
      manifests.push(await readVersion(dir, entry.name, file.name, options));
    }
  }
  if (manifests.length === 0) {
    throw new ManifestError(`client registry: ${dir} holds no manifest; expected ${join(dir, '<client>', '<version>.json')}`);
  }
  return registryOf(manifests);
}

/** The registry of already-read manifests (tests, tools). */
export function registryOf(manifests: readonly RegisteredManifest[]): ClientRegistry {
  const documents = new Map<string, string>();
  const shipped = new Map<string, ClientVersion[]>();
  for (const { client, version, documents: own } of manifests) {
    for (const [id, document] of own) {
      documents.set(id, document);
      const versions = shipped.get(id);
      if (versions) versions.push({ client, version });
      else shipped.set(id, [{ client, version }]);
    }
  }
  const none: readonly ClientVersion[] = Object.freeze([]);
  return {
    manifests,
    documents,
    shippedBy(id) {
      const hex = hexIdOf(id);
      return (hex === undefined ? undefined : shipped.get(hex)) ?? none;
    },
    clients: new Set(manifests.map((manifest) => manifest.client)),
  };
}
