import type { ServerResponse } from 'node:http';

export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(text),
    ...headers,
  });
  res.end(text);
}

/**
 * A GraphQL-over-HTTP error response for requests rejected before execution; `extensions` are
 * the response's own (e.g. `cost`), not the error's.
 */
export function sendGraphQLError(
  res: ServerResponse,
  status: number,
  code: string,
  message: string,
  headers: Record<string, string> = {},
  extensions?: Record<string, unknown>,
): void {
  sendJson(res, status, { errors: [{ message, extensions: { code } }], ...(extensions ? { extensions } : {}) }, headers);
}
