import type { AccessNumberDto, NumberDto, NumbersApi, PrefixDto } from '../../src/upstream/types.js';

/**
 * The one recording fake of the upstream client, for the narrow unit tests of one module
 * (loaders, caches, write effects). Every call is recorded when it starts, as `endpoint` or
 * `endpoint argument` (`info 3`, `acquirable_numbers 01224`), so tests assert the exact calls in
 * order. Integration tests use the real client against the simulator instead.
 */
export interface FakeApi {
  api: NumbersApi;
  calls: string[];
  /** The most `info` calls that were in flight at once. */
  maxInFlight(): number;
}

export interface FakeApiOptions {
  numbers?: readonly NumberDto[];
  prefixes?: readonly PrefixDto[];
  accessNumbers?: readonly AccessNumberDto[];
  /** `info` of these ids fails with this error. */
  failInfo?: Record<string, Error>;
  /** How long an `info` call takes, so concurrency caps can be observed. */
  infoDelayMs?: number;
  /** Replaces the fake's answer of a method (the call is still recorded). */
  answers?: Partial<NumbersApi>;
}

const notScripted = (endpoint: string) => () => Promise.reject(new Error(`fake upstream: ${endpoint} is not scripted in this test`));

export function createFakeApi(options: FakeApiOptions = {}): FakeApi {
  const calls: string[] = [];
  const numbers = options.numbers ?? [];
  let inFlight = 0;
  let maxInFlight = 0;
  const base: NumbersApi = {
    list: async () => [...numbers],
    info: async (id) => {
      inFlight += 1;
      maxInFlight = Math.max(maxInFlight, inFlight);
      try {
        if (options.infoDelayMs) await new Promise((resolve) => setTimeout(resolve, options.infoDelayMs));
        const failure = options.failInfo?.[id];
        if (failure) throw failure;
        return numbers.find((n) => String(n.id) === id) ?? null;
      } finally {
        inFlight -= 1;
      }
    },
    save: notScripted('save'),
    availablePrefixes: async () => options.prefixes ?? [],
    acquirableNumbers: async (prefix) => [`${prefix}000001`],
    acquire: notScripted('acquire'),
    updateSubscriber: notScripted('update_subscriber'),
    delete: notScripted('delete'),
    availableAccessNumbers: async () => options.accessNumbers ?? [],
  };
  const impl: NumbersApi = { ...base, ...options.answers };
  const record = (entry: string) => calls.push(entry);
  const api: NumbersApi = {
    list: () => (record('list'), impl.list()),
    info: (id) => (record(`info ${id}`), impl.info(id)),
    save: (params) => (record(`save ${params.id ?? params.number ?? ''}`.trim()), impl.save(params)),
    availablePrefixes: () => (record('available_prefixes'), impl.availablePrefixes()),
    acquirableNumbers: (prefix) => (record(`acquirable_numbers ${prefix}`), impl.acquirableNumbers(prefix)),
    acquire: (number) => (record(`acquire ${number}`), impl.acquire(number)),
    updateSubscriber: (params) => (record(`update_subscriber ${params.id}`), impl.updateSubscriber(params)),
    delete: (id) => (record(`delete ${id}`), impl.delete(id)),
    availableAccessNumbers: () => (record('available_access_numbers'), impl.availableAccessNumbers()),
  };
  return { api, calls, maxInFlight: () => maxInFlight };
}

/** A valid number of the documented shape, with id `id`. */
export function numberDto(id: number): NumberDto {
  return {
    id,
    number: `0122400${String(id).padStart(4, '0')}`,
    context: 'incoming',
    created_at: '2015-05-05T14:43:36.000Z',
    updated_at: '2015-05-05T14:43:36.000Z',
    recording_enabled: false,
    caller_id_prefix: null,
    callerid_passthrough: true,
    forward_sip_to: null,
    aquisition: null,
    destination: null,
  };
}
