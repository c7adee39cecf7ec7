import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from 'pino';
import type { UsageLedger } from './ledger.js';

// `GET /usage?coordinate=Destination.type&days=30` on the internal listener (METRICS_PORT, beside
// /metrics): who used which coordinate over the last `days` UTC days, as the usage export
// (report.ts). With Redis, the counts of every replica (each flushes every
// USAGE_FLUSH_INTERVAL_MS; this one flushes before reading). Bad parameters are 400 with a
// message; a store that cannot be read is 503.

/** `Type.field`, `Type.field(arg:)`, `Enum.VALUE`. */
const COORDINATE = /^[_A-Za-z][_0-9A-Za-z]{0,99}\.[_A-Za-z][_0-9A-Za-z]{0,99}(\([_A-Za-z][_0-9A-Za-z]{0,99}:\))?$/;

function send(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' });
  res.end(JSON.stringify(body));
}

export function createUsageEndpoint(ledger: UsageLedger, logger: Logger): (req: IncomingMessage, res: ServerResponse) => Promise<void> {
  return async (req, res) => {
    if (req.method !== 'GET') return send(res, 405, { error: 'GET /usage only' });
    const q = (req.url ?? '').indexOf('?');
    const params = new URLSearchParams(q === -1 ? '' : (req.url ?? '').slice(q + 1));
    const coordinate = params.get('coordinate') ?? undefined;
    if (coordinate !== undefined && !COORDINATE.test(coordinate)) {
      return send(res, 400, { error: 'coordinate must be a schema coordinate: Type.field, Type.field(arg:) or Enum.VALUE' });
    }
    const daysText = params.get('days');
    const days = daysText === null ? ledger.retentionDays : Number(daysText);
    if (!Number.isInteger(days) || days < 1 || days > ledger.retentionDays) {
      return send(res, 400, { error: `days must be an integer from 1 to ${ledger.retentionDays} (USAGE_RETENTION_DAYS)` });
    }
    try {
      send(res, 200, await ledger.query({ coordinate, days }));
    } catch (error) {
      logger.warn({ err: error }, 'usage: the shared store could not be read');
      send(res, 503, { error: 'the usage store (Redis) cannot be read right now; counts are kept and flushed when it is back' });
    }
  };
}
