import { isRecord } from '../is-record.js';
import { UpstreamError, kindForStatus, sanitizeUpstreamMessage } from './errors.js';
import { refusedParam } from './refusal.js';

/**
 * Unwraps the REST v2 envelope `{"status":"success","time":..,"flags":{},"data":..}`: the one
 * place that knows it. The failure shape is undocumented, so anything other than a 2xx JSON
 * object with `status: "success"` and a `data` key is an error, and never a crash.
 */
export function unwrapEnvelope(endpoint: string, status: number, body: string, params: Readonly<Record<string, string>> = {}): unknown {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch (cause) {
    if (status < 200 || status > 299) throw statusError(endpoint, status, undefined, params);
    throw new UpstreamError('the response body is not JSON', { kind: 'UNAVAILABLE', endpoint, status, cause });
  }
  const envelope = isRecord(parsed) ? parsed : undefined;
  const upstreamMessage = sanitizeUpstreamMessage(envelope?.message);
  if (status < 200 || status > 299) throw statusError(endpoint, status, upstreamMessage, params);
  if (!envelope) {
    throw new UpstreamError('the response is not an envelope object', { kind: 'UNAVAILABLE', endpoint, status });
  }
  if (envelope.status !== 'success') {
    throw new UpstreamError(`the envelope status is ${JSON.stringify(envelope.status)}`, {
      kind: 'UNAVAILABLE',
      endpoint,
      status,
      upstreamMessage,
    });
  }
  // The documentation shows one answer with a stray `" data"` key; accept the upstream as it is.
  if ('data' in envelope) return envelope.data;
  if (' data' in envelope) return envelope[' data'];
  throw new UpstreamError('the envelope has no data', { kind: 'UNAVAILABLE', endpoint, status });
}

/** `params`: what the call sent, so a refusal (400/422) can name the parameter it is about (refusal.ts). */
function statusError(endpoint: string, status: number, upstreamMessage: string | undefined, params: Readonly<Record<string, string>>): UpstreamError {
  const kind = kindForStatus(status);
  const param = kind === 'REJECTED' ? refusedParam(params, upstreamMessage) : undefined;
  return new UpstreamError(`HTTP ${status}`, { kind, endpoint, status, upstreamMessage, param });
}
