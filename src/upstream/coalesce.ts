import { UpstreamError } from './errors.js';

// In-flight coalescing of identical upstream reads (docs/coalescing.md). When a read is asked
// for while the same read of the same credential is already on its way, the asker waits for
// that call instead of making its own. This is not a cache: nothing outlives the call, and a
// call's answer is only ever handed to requests that were waiting while it ran.
//
// Rules (the client, src/upstream/client.ts, applies them):
// - The key is the credential's hash, the endpoint and the parameters: two credentials never
//   share, even of one unit.
// - Only reads; a write ends sharing for every read started before it, so a request after a
//   write never gets a pre-write answer.
// - A failed call fails each waiter with the same typed error; nothing is retried per waiter.
// - Each waiter keeps its own budget: one whose budget runs out, or a follower whose client
//   went away, stops waiting and the call goes on for the others. The call's own deadline is the latest of
//   its waiters' budgets (and the per-call timeout), so the first caller running out of time
//   does not cancel it for a caller with time left.

/** The client of one request going away: the HTTP layer tells, shared reads listen. */
export interface Departure {
  /** True once the client went away before its response ended. */
  readonly gone: boolean;
  /** Calls `listener` once if the client goes away; returns what stops listening. */
  watch(listener: () => void): () => void;
}

/** A request's departure; `leave()` is called by the HTTP layer when its client hangs up. */
export function createDeparture(): Departure & { leave(): void } {
  let listeners: Array<() => void> | undefined;
  const departure = {
    gone: false,
    watch(listener: () => void): () => void {
      (listeners ??= []).push(listener);
      return () => {
        const at = listeners?.indexOf(listener) ?? -1;
        if (at >= 0) listeners?.splice(at, 1);
      };
    },
    leave(): void {
      if (departure.gone) return;
      departure.gone = true;
      const all = listeners ?? [];
      listeners = undefined;
      for (const listener of all) listener();
    },
  };
  return departure;
}

/** One request waiting for a read: until when it may wait, and how to learn its client left. */
export interface Waiter {
  /** The end of the waiter's operation budget, on the `performance.now()` clock. */
  endsAt: number;
  departure?: Departure | undefined;
}

/** Starts the one upstream call of a flight; `endsAt()` is the flight's deadline, read when needed. */
export type StartCall = (endsAt: () => number) => Promise<unknown>;

export interface Coalescer {
  /** Waits for the identical read in flight, or returns `undefined` when there is none to join. */
  join(key: string, waiter: Waiter): Promise<unknown> | undefined;
  /**
   * Starts the read under `key` (the caller is its first waiter) so later identical reads can join
   * it. `heldUntil`: requests that may yet join it wait elsewhere until then (identical queries
   * waiting for the caller's, src/coalescing/): the call's deadline is at least that.
   */
  lead(key: string, endpoint: string, waiter: Waiter, start: StartCall, heldUntil?: () => number): Promise<unknown>;
  /** A write started or ended: no read started before now is joined again. */
  wrote(): void;
  /** Reads in flight that can still be joined. */
  readonly size: number;
  /** Requests waiting for a read another request made (a gauge for metrics and tests). */
  readonly waiting: number;
}

interface Entry {
  readonly waiter: Waiter;
  /** Joined a call another request made (the first waiter made it). */
  readonly follower: boolean;
  resolve(value: unknown): void;
  reject(error: unknown): void;
  timer: NodeJS.Timeout | undefined;
  unwatch: (() => void) | undefined;
}

/** One upstream call and the requests waiting for it. */
class Flight {
  readonly entries = new Set<Entry>();
  /** The latest budget of any waiter that joined: the call is cancelled no earlier. */
  endsAt: number;

  constructor(
    readonly endpoint: string,
    first: Waiter,
    private readonly followers: { count: number },
    private readonly heldUntil: (() => number) | undefined,
  ) {
    this.endsAt = first.endsAt;
  }

  /** The call's deadline: the latest budget of its waiters and of those it is held for. */
  deadline(): number {
    return this.heldUntil ? Math.max(this.endsAt, this.heldUntil()) : this.endsAt;
  }

  wait(waiter: Waiter, follower: boolean): Promise<unknown> {
    return new Promise((resolve, reject) => {
      const entry: Entry = {
        waiter,
        follower,
        resolve,
        reject,
        timer: undefined,
        unwatch: undefined,
      };
      if (waiter.departure?.gone) return reject(left(this.endpoint));
      this.entries.add(entry);
      if (follower) this.followers.count += 1;
      if (waiter.departure) entry.unwatch = waiter.departure.watch(() => this.drop(entry, left(this.endpoint)));
      if (waiter.endsAt > this.endsAt) this.endsAt = waiter.endsAt;
      // Alone, a waiter's budget is the call's deadline and needs no timer of its own; once
      // several wait (or the call is held for others), each whose budget may end first gets one.
      if (this.entries.size > 1 || this.heldUntil) for (const each of this.entries) this.arm(each);
    });
  }

  private arm(entry: Entry): void {
    if (entry.timer !== undefined || (!this.heldUntil && entry.waiter.endsAt >= this.endsAt)) return;
    const ms = Math.max(0, entry.waiter.endsAt - performance.now());
    entry.timer = setTimeout(
      () =>
        this.drop(
          entry,
          new UpstreamError('no answer in time', {
            kind: 'TIMEOUT',
            endpoint: this.endpoint,
          }),
        ),
      ms,
    );
  }

  /** One waiter stops waiting; the call goes on for the others (and ends by its own deadline). */
  private drop(entry: Entry, error: UpstreamError): void {
    if (!this.entries.delete(entry)) return;
    this.release(entry);
    entry.reject(error);
  }

  settle(ok: boolean, outcome: unknown): void {
    for (const entry of this.entries) {
      this.release(entry);
      if (ok) entry.resolve(outcome);
      else entry.reject(outcome);
    }
    this.entries.clear();
  }

  private release(entry: Entry): void {
    if (entry.timer !== undefined) clearTimeout(entry.timer);
    entry.unwatch?.();
    if (entry.follower) this.followers.count -= 1;
  }
}

/** What a waiter whose client went away gets: no one reads it, the log line says `aborted`. */
function left(endpoint: string): UpstreamError {
  return new UpstreamError('the client went away before the shared answer came', { kind: 'TIMEOUT', endpoint });
}

/** The reads in flight of one gateway process; see the rules at the top of this file. */
export function createCoalescer(): Coalescer {
  const flights = new Map<string, Flight>();
  const followers = { count: 0 };
  return {
    join(key, waiter) {
      return flights.get(key)?.wait(waiter, true);
    },
    lead(key, endpoint, waiter, start, heldUntil) {
      const flight = new Flight(endpoint, waiter, followers, heldUntil);
      flights.set(key, flight);
      // The caller that makes the call waits for it whether or not its client is still there, as
      // without coalescing (its operation runs to its end); only its budget ends its wait.
      const waiting = flight.wait({ endsAt: waiter.endsAt }, false);
      let running: Promise<unknown>;
      try {
        running = start(() => flight.deadline());
      } catch (error) {
        running = Promise.reject(error);
      }
      running.then(
        (value) => {
          if (flights.get(key) === flight) flights.delete(key);
          flight.settle(true, value);
        },
        (error: unknown) => {
          if (flights.get(key) === flight) flights.delete(key);
          flight.settle(false, error);
        },
      );
      return waiting;
    },
    wrote() {
      flights.clear();
    },
    get size() {
      return flights.size;
    },
    get waiting() {
      return followers.count;
    },
  };
}

/** The key of one read: the credential's hash, the endpoint and its query (`info?id=7`). */
export function readKey(credentialHash: string, endpointWithQuery: string): string {
  return `${credentialHash}\n${endpointWithQuery}`;
}
