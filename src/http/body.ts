import type { IncomingMessage } from 'node:http';
import { ErrorCode } from '../error-codes.js';
import type { Guard } from './exchange.js';

export class PayloadTooLargeError extends Error {
  override readonly name = 'PayloadTooLargeError';
}

/**
 * Reads a request body as UTF-8, refusing (without buffering) anything over `limitBytes`.
 * Listeners rather than `for await`: the async iterator costs a promise and a microtask per
 * chunk plus its own machinery, on every request (it showed in the gateway's profile).
 */
export function readBody(req: IncomingMessage, limitBytes: number): Promise<string> {
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > limitBytes) return Promise.reject(new PayloadTooLargeError(`body over ${limitBytes} bytes`));
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const cleanup = () => {
      req.off('data', onData);
      req.off('end', onEnd);
      req.off('error', onError);
      req.off('close', onClose);
    };
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > limitBytes) {
        cleanup();
        // Stop reading, as leaving the loop did: the rest of the body is never buffered.
        req.pause();
        reject(new PayloadTooLargeError(`body over ${limitBytes} bytes`));
        return;
      }
      chunks.push(chunk);
    };
    const onEnd = () => {
      cleanup();
      resolve(chunks.length === 1 ? (chunks[0] as Buffer).toString('utf8') : Buffer.concat(chunks).toString('utf8'));
    };
    const onError = (error: Error) => {
      cleanup();
      reject(error);
    };
    // The client went away before the end: the iterator rejected with a premature close.
    const onClose = () => {
      cleanup();
      reject(Object.assign(new Error('Premature close'), { code: 'ERR_STREAM_PREMATURE_CLOSE' }));
    };
    req.on('data', onData);
    req.on('end', onEnd);
    req.on('error', onError);
    req.on('close', onClose);
  });
}

const JSON_BODY = /^application\/(graphql-response\+)?json\b/i;

/**
 * Reads a POST body up to `limitBytes` (413 PAYLOAD_TOO_LARGE beyond, and the connection
 * closed) and parses it when it is JSON (400 BAD_REQUEST when it does not parse); other
 * content types go on as text, for Apollo to refuse.
 */
export function bodyGuard(limitBytes: number): Guard {
  return {
    name: 'body',
    async run(exchange) {
      const { req, res } = exchange;
      if (exchange.method !== 'POST') return 'continue';
      let raw: string;
      try {
        raw = await readBody(req, limitBytes);
      } catch (error) {
        if (error instanceof PayloadTooLargeError) {
          res.setHeader('connection', 'close');
          return exchange.refuse(413, ErrorCode.PAYLOAD_TOO_LARGE, `The request body is larger than ${limitBytes} bytes (BODY_LIMIT_BYTES).`);
        }
        // The client hung up mid-body: nothing to answer, and not a server error.
        if (req.destroyed || req.readableAborted) return 'answered';
        throw error;
      }
      if (JSON_BODY.test(req.headers['content-type'] ?? '') && raw !== '') {
        try {
          exchange.body = JSON.parse(raw);
        } catch {
          return exchange.refuse(400, ErrorCode.BAD_REQUEST, 'The request body is not valid JSON.');
        }
      } else {
        exchange.body = raw;
      }
      return 'continue';
    },
  };
}
