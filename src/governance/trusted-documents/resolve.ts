import type { PersistedDocumentsMode } from '../../config.js';
import { ErrorCode } from '../../error-codes.js';
import { isRecord } from '../../is-record.js';
import { hexIdOf, sha256Hex, type Manifest } from './manifest.js';

// Trusted documents: the operations a client build ships, listed in a manifest deployed with
// the gateway (manifest.ts). The document of a request is resolved here, from its
// HTTP body or query string, before Apollo parses anything:
//
// - an id (`documentId: "sha256:<hex>"`, or APQ's `extensions.persistedQuery.sha256Hash`)
//   that the manifest lists is replaced by its document, and the APQ extension is dropped, so
//   Apollo's APQ store is neither read nor written for it;
// - `allow`: everything else goes on as before (free-form documents, APQ);
// - `safelist`: a document sent as text runs only when the manifest lists that exact text;
//   anything else is refused here (QUERY_NOT_IN_SAFELIST, PERSISTED_QUERY_NOT_IN_LIST), so a
//   refused document costs no parse and no upstream call, and APQ cannot register a new one.

export type DocumentVia = 'id' | 'document';

export type Resolution =
  /** Hand the request to Apollo with this body and query string. */
  | { refused: false; body: unknown; search: string; served?: DocumentVia; /** The listed document's hex sha256, when served from the manifest. */ id?: string }
  | { refused: true; code: ErrorCode; message: string; via: DocumentVia };

export interface PersistedDocuments {
  readonly mode: PersistedDocumentsMode;
  /** Documents the manifest lists. */
  readonly size: number;
  resolve(method: string, body: unknown, search: string): Resolution;
}

interface Fields {
  query: string | undefined;
  documentId: string | undefined;
  hash: string | undefined;
}

const asString = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);

function fieldsOf(query: unknown, documentId: unknown, extensions: unknown): Fields {
  const persisted = isRecord(extensions) ? extensions.persistedQuery : undefined;
  return { query: asString(query), documentId: asString(documentId), hash: isRecord(persisted) ? asString(persisted.sha256Hash) : undefined };
}

function parseJson(text: string | null): unknown {
  if (text === null) return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

function withoutPersistedQuery(extensions: unknown): unknown {
  if (!isRecord(extensions)) return extensions;
  const { persistedQuery: _dropped, ...rest } = extensions;
  return rest;
}

/** The request with `document` as its text and no id left for Apollo to act on. */
function rewrite(method: string, body: unknown, search: string, document: string): { body: unknown; search: string } {
  if (method === 'POST' && isRecord(body)) {
    const { documentId: _id, ...rest } = body;
    return { body: { ...rest, query: document, ...('extensions' in rest ? { extensions: withoutPersistedQuery(rest.extensions) } : {}) }, search };
  }
  const params = new URLSearchParams(search);
  params.delete('documentId');
  params.set('query', document);
  const extensions = parseJson(params.get('extensions'));
  if (isRecord(extensions)) params.set('extensions', JSON.stringify(withoutPersistedQuery(extensions)));
  return { body, search: `?${params.toString()}` };
}

const refuse = (code: ErrorCode, via: DocumentVia, message: string): Resolution => ({ refused: true, code, message, via });

/** Told of every document served from, or refused by, the manifest (metrics). */
export type DocumentObserver = (result: 'served' | 'refused', via: DocumentVia) => void;

/**
 * The trusted-document check for one manifest and mode. `off` passes every request unchanged,
 * except that a `documentId` gets a clear refusal instead of Apollo's "must contain a query".
 */
export function createPersistedDocuments(manifest: Manifest, mode: PersistedDocumentsMode, observe: DocumentObserver = () => {}): PersistedDocuments {
  function resolve(method: string, body: unknown, search: string): Resolution {
    const pass: Resolution = { refused: false, body, search };
    let fields: Fields;
    if (method === 'POST' && isRecord(body)) fields = fieldsOf(body.query, body.documentId, body.extensions);
    else if (method === 'GET') {
      const params = new URLSearchParams(search);
      fields = fieldsOf(params.get('query') ?? undefined, params.get('documentId') ?? undefined, parseJson(params.get('extensions')));
    } else return pass;
    const { query, documentId, hash } = fields;

    if (mode === 'off') {
      if (documentId === undefined || query !== undefined) return pass;
      return refuse(ErrorCode.PERSISTED_QUERY_NOT_SUPPORTED, 'id', 'This gateway serves no persisted documents: send the document as `query`.');
    }
    const id = documentId ?? hash;
    if (id !== undefined) {
      const hex = hexIdOf(id);
      const listed = hex === undefined ? undefined : manifest.get(hex);
      if (listed !== undefined) {
        if (query !== undefined && query !== listed) return refuse(ErrorCode.BAD_REQUEST, 'id', 'The document sent does not match its id.');
        return { refused: false, ...rewrite(method, body, search, listed), served: 'id', id: hex };
      }
      if (query !== undefined && manifest.has(sha256Hex(query))) return refuse(ErrorCode.BAD_REQUEST, 'id', 'The document sent does not match its id.');
      if (mode === 'allow') {
        // An unlisted APQ hash is Apollo's business; an unlisted documentId has nowhere else to go.
        if (documentId === undefined) return pass;
        if (query !== undefined) return { refused: false, ...rewrite(method, body, search, query) };
      }
      if (query === undefined) {
        return refuse(
          ErrorCode.PERSISTED_QUERY_NOT_IN_LIST,
          'id',
          `No trusted document has the id ${JSON.stringify(id.slice(0, 80))}: this gateway serves only the documents of its manifest.`,
        );
      }
      return refuse(
        ErrorCode.QUERY_NOT_IN_SAFELIST,
        'document',
        'This document is not in the safelist of trusted documents, so it cannot be registered or run.',
      );
    }
    if (mode === 'allow' || query === undefined) return pass;
    const textId = sha256Hex(query);
    if (manifest.has(textId)) return { ...pass, served: 'document', id: textId };
    return refuse(
      ErrorCode.QUERY_NOT_IN_SAFELIST,
      'document',
      'Only trusted documents run on this gateway: send the id of a document from its manifest (documentId or extensions.persistedQuery.sha256Hash).',
    );
  }

  return {
    mode,
    size: manifest.size,
    resolve(method, body, search) {
      const resolution = resolve(method, body, search);
      if (resolution.refused) observe('refused', resolution.via);
      else if (resolution.served) observe('served', resolution.served);
      return resolution;
    },
  };
}
