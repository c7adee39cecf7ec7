import type { IncomingMessage } from 'node:http';
import { ApiError } from './envelope.js';

/**
 * Request parameters. The docs name parameters but not their transport, so query string,
 * form-encoded body and JSON body are all accepted, on GET and POST alike; body wins over query.
 * JSON scalars are normalised to the strings a form would carry (true → "true", null → "").
 * A Map, not an object, so a parameter called "__proto__" is just a parameter.
 */
export type Params = Map<string, string>;

export const MAX_BODY_BYTES = 64 * 1024;
/** Past this, stop draining an oversized body and drop the connection. */
const MAX_DRAIN_BYTES = 16 * 1024 * 1024;

export function splitUrl(url: string): { path: string; query: URLSearchParams } {
  const mark = url.indexOf('?');
  if (mark === -1) return { path: url, query: new URLSearchParams() };
  return { path: url.slice(0, mark), query: new URLSearchParams(url.slice(mark + 1)) };
}

export type BodyResult = { kind: 'ok'; body: Buffer } | { kind: 'too-large' } | { kind: 'aborted' };

/**
 * Reads the whole body. An oversized body is drained (not kept) before answering 413, because
 * answering mid-upload makes many clients report a broken pipe instead of the response.
 */
export function readBody(req: IncomingMessage): Promise<BodyResult> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_DRAIN_BYTES) {
        req.destroy();
        resolve({ kind: 'aborted' });
      } else if (size <= MAX_BODY_BYTES) chunks.push(chunk);
    });
    req.on('end', () => resolve(size > MAX_BODY_BYTES ? { kind: 'too-large' } : { kind: 'ok', body: Buffer.concat(chunks) }));
    req.on('error', () => resolve({ kind: 'aborted' }));
    req.on('close', () => resolve({ kind: 'aborted' }));
  });
}

function jsonParams(text: string): Params {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new ApiError(400, 'malformed JSON body');
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new ApiError(400, 'JSON body must be an object');
  }
  const params: Params = new Map();
  for (const [name, value] of Object.entries(parsed)) {
    if (typeof value === 'string') params.set(name, value);
    else if (typeof value === 'boolean' || (typeof value === 'number' && Number.isFinite(value))) params.set(name, String(value));
    else if (value === null) params.set(name, '');
    else throw new ApiError(400, `${name} must be a string, number, boolean or null`);
  }
  return params;
}

/** Body parameters; throws ApiError 400/415 for a body it cannot read. */
export function bodyParams(contentType: string | undefined, body: Buffer): Params {
  if (body.length === 0) return new Map();
  const mediaType = (contentType ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
  const text = body.toString('utf8');
  if (mediaType === 'application/json' || mediaType.endsWith('+json')) return jsonParams(text);
  if (mediaType === '' || mediaType === 'application/x-www-form-urlencoded') return new Map(new URLSearchParams(text));
  throw new ApiError(415, `unsupported content type ${mediaType}; use application/x-www-form-urlencoded or application/json`);
}

export function mergeParams(query: URLSearchParams, body: Params): Params {
  const merged: Params = new Map(query);
  for (const [name, value] of body) merged.set(name, value);
  return merged;
}

export function requiredString(params: Params, name: string): string {
  const value = params.get(name);
  if (value === undefined || value === '') throw new ApiError(400, `${name} is required`);
  return value;
}

/** Ids are positive integers; "12abc", "1.5" and "-3" are validation errors, not lookups. */
export function requiredId(params: Params, name = 'id'): number {
  const value = requiredString(params, name);
  if (!/^[1-9]\d{0,14}$/.test(value)) throw new ApiError(400, `${name} must be a positive integer`);
  return Number(value);
}

const TRUE_VALUES = new Set(['true', '1']);
const FALSE_VALUES = new Set(['false', '0']);

export function optionalBoolean(params: Params, name: string): boolean | undefined {
  const value = params.get(name);
  if (value === undefined) return undefined;
  const lower = value.toLowerCase();
  if (TRUE_VALUES.has(lower)) return true;
  if (FALSE_VALUES.has(lower)) return false;
  throw new ApiError(400, `${name} must be a boolean (true, false, 1 or 0)`);
}

/** Free-text fields: empty string clears to null; over-long values are rejected. */
export function optionalText(params: Params, name: string, maxLength: number): string | null | undefined {
  const value = params.get(name);
  if (value === undefined) return undefined;
  if (value === '') return null;
  if (value.length > maxLength) throw new ApiError(400, `${name} must be at most ${maxLength} characters`);
  return value;
}

/** UK national format: 11 digits, leading 0, not an international 00 prefix. */
export function requiredUkNumber(params: Params, name = 'number'): string {
  const value = requiredString(params, name);
  if (!/^0[1-9]\d{9}$/.test(value)) throw new ApiError(400, `${name} must be an 11-digit UK number starting with 0`);
  return value;
}
