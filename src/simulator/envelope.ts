import type { ServerResponse } from 'node:http';

// The REST v2 envelope. Success is documented; the error shape is not, so the simulator uses
// the same envelope with status "error" and a message (see README).

export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

/** Processing time in seconds, like the upstream's `time` field. */
function elapsedSeconds(startedAt: number): number {
  return Math.round(performance.now() - startedAt) / 1000;
}

/** `dataJson` is already serialized so cached list/number JSON is spliced in, not re-encoded. */
export function successBody(dataJson: string, startedAt: number): string {
  return `{"status":"success","time":${elapsedSeconds(startedAt)},"flags":{},"data":${dataJson}}`;
}

/** Like sendJson(successBody(...)), but streams pre-encoded data bytes without copying them. */
export function sendSuccess(res: ServerResponse, data: string | Buffer, startedAt: number): void {
  if (typeof data === 'string') {
    sendJson(res, 200, successBody(data, startedAt));
    return;
  }
  if (res.headersSent || res.destroyed) return;
  const head = `{"status":"success","time":${elapsedSeconds(startedAt)},"flags":{},"data":`;
  res.writeHead(200, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': String(Buffer.byteLength(head) + data.length + 1),
  });
  res.cork();
  res.write(head);
  res.write(data);
  res.end('}');
  res.uncork();
}

export function missingDataBody(startedAt: number): string {
  return `{"status":"success","time":${elapsedSeconds(startedAt)},"flags":{}}`;
}

export function errorBody(message: string, startedAt: number): string {
  return JSON.stringify({ status: 'error', time: elapsedSeconds(startedAt), flags: {}, message });
}

export function sendJson(res: ServerResponse, status: number, body: string, headers: Record<string, string> = {}): void {
  if (res.headersSent || res.destroyed) return;
  res.writeHead(status, {
    ...headers,
    'content-type': 'application/json; charset=utf-8',
    'content-length': String(Buffer.byteLength(body)),
  });
  res.end(body);
}

export function sendError(res: ServerResponse, status: number, message: string, startedAt: number): void {
  sendJson(res, status, errorBody(message, startedAt));
}
