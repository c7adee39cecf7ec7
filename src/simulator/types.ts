import type { Params } from './params.js';
import type { SimulatorStore, UnitState } from './store.js';

// Types of the simulator's programmatic API (re-exported by index.ts) and of its handlers.

/** What one endpoint handler gets (handlers.ts, save.ts). */
export interface HandlerContext {
  store: SimulatorStore;
  unit: UnitState;
  params: Params;
  /** One timestamp per call, so created_at/updated_at/acquired_at agree. */
  now: string;
}

/** Returns the serialized `data` value of the success envelope (bytes for the big list). */
export type Handler = (ctx: HandlerContext) => string | Buffer;

export interface SimulatorUnitOptions {
  id: string;
  token: string;
  /** More tokens of the same unit (a unit's users each with their own credential). */
  moreTokens?: string[];
  /** Seeded numbers for this unit; defaults to SimulatorOptions.numbersPerUnit. */
  numbers?: number;
}

export interface SimulatorOptions {
  /** Default '127.0.0.1'. */
  host?: string;
  /** Default 0: a free port chosen by the OS. */
  port?: number;
  /** Default 30. */
  numbersPerUnit?: number;
  /** Default: unit-a (demo-token-a) and unit-b (demo-token-b). */
  units?: SimulatorUnitOptions[];
  /** Honour the X-Simulator-Fault header and fault rules. Default false. */
  faults?: boolean;
  /** Latency added to every API call: fixed, or a random [min, max] range. */
  latencyMs?: number | [number, number];
  /** How many calls the stats call log keeps (oldest dropped first). Default 10000. */
  callLogLimit?: number;
}

export type SimulatorMethod = 'GET' | 'POST';

export interface SimulatorCall {
  seq: number;
  endpoint: string;
  method: SimulatorMethod;
  unit: string | null;
  params: Record<string, string>;
  /** HTTP status sent; 0 when nothing was sent (hang, reset). */
  status: number;
  fault: string | null;
  /** The W3C `traceparent` header the call carried, when it carried one. */
  traceparent?: string;
}

export interface SimulatorStats {
  total: number;
  byEndpoint: Record<string, number>;
  byUnit: Record<string, Record<string, number>>;
  calls: SimulatorCall[];
}

export interface FaultRule {
  fault: string;
  endpoint?: string;
  unit?: string;
  /** Apply to the next N matching calls, then drop the rule; absent: until cleared. */
  times?: number;
}

export interface Simulator {
  /** Base URL, before /api/v2, e.g. http://127.0.0.1:34567 */
  url: string;
  port: number;
  stats(): SimulatorStats;
  resetStats(): void;
  /** Reseed every unit, pool and id counter to the start-up state. */
  resetData(): void;
  /** Replaces all rules. Throws when faults are not enabled or a rule is invalid. */
  setFaults(rules: FaultRule[]): void;
  clearFaults(): void;
  /** Closes the server and destroys open sockets, hung ones included. */
  close(): Promise<void>;
}
