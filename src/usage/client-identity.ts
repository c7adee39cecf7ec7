import type { IncomingHttpHeaders } from 'node:http';
import { CLIENT_NAME, CLIENT_VERSION, type ClientVersion } from '../governance/trusted-documents/client-registry.js';

// Who sent a request: the app and its version, as Apollo's client awareness names them
// (`apollographql-client-name` / `-version`) or as the GraphQL-over-HTTP world spells them
// (`graphql-client-name` / `-version`), or as a registered trusted document identifies them
// (client-registry: the manifests of shipped app versions).
//
// The headers come from anyone, so a value is kept only when it follows the registry's rules
// for client and version names (at most 64 letters, digits and `._-`, `+` in versions); anything else counts as absent (never an error: an app with an odd header
// must keep working). A kept value can go into a log line, a span attribute and the usage
// ledger; it becomes a Prometheus label only through ClientLabels (client-labels.ts).

export interface ClientIdentity {
  /** `undefined` when the request named no (valid) client. */
  readonly name: string | undefined;
  readonly version: string | undefined;
}

export const NO_CLIENT: ClientIdentity = Object.freeze({ name: undefined, version: undefined });

/** The registry's rules (client-registry.ts): a header is as valid as a registry folder name. */
export function validClientName(value: unknown): string | undefined {
  return typeof value === 'string' && CLIENT_NAME.test(value) ? value : undefined;
}

export function validClientVersion(value: unknown): string | undefined {
  return typeof value === 'string' && CLIENT_VERSION.test(value) ? value : undefined;
}

function header(headers: IncomingHttpHeaders, name: string): string | undefined {
  const value = headers[name];
  return typeof value === 'string' ? value.trim() : undefined;
}

/**
 * The client named by the request's headers; Apollo's names first, then `graphql-client-*`.
 * A version without a valid name is dropped: it says nothing on its own.
 */
export function clientFromHeaders(headers: IncomingHttpHeaders): ClientIdentity {
  const apollo = validClientName(header(headers, 'apollographql-client-name'));
  if (apollo !== undefined) return { name: apollo, version: validClientVersion(header(headers, 'apollographql-client-version')) };
  const name = validClientName(header(headers, 'graphql-client-name'));
  if (name === undefined) return NO_CLIENT;
  return { name, version: validClientVersion(header(headers, 'graphql-client-version')) };
}

/**
 * The identity of a request that ran a registered trusted document: what its headers say,
 * completed (never contradicted) by the client versions that ship the document.
 *
 * - No client header: the document names the client when exactly one client ships it, and
 *   the version when exactly one version of that client does (an operation unchanged over
 *   several releases ships in all of them: then the version stays unknown).
 * - A client header but no version: the version, when that client ships the document in one
 *   version only.
 */
export function identifyByDocument(fromHeaders: ClientIdentity, shippers: readonly ClientVersion[]): ClientIdentity {
  if (shippers.length === 0 || fromHeaders.version !== undefined) return fromHeaders;
  const name = fromHeaders.name ?? singleClientOf(shippers);
  if (name === undefined) return fromHeaders;
  const versions = new Set<string>();
  for (const shipper of shippers) if (shipper.client === name) versions.add(shipper.version);
  const [version] = versions;
  return { name, version: versions.size === 1 ? validClientVersion(version) : undefined };
}

function singleClientOf(shippers: readonly ClientVersion[]): string | undefined {
  const [first] = shippers;
  if (!first || shippers.some((s) => s.client !== first.client)) return undefined;
  return validClientName(first.client);
}
