import type { SimulatorCall, SimulatorStats } from './types.js';

/**
 * Counts every REST v2 call and keeps the most recent ones, so a gateway test can assert
 * exactly which upstream calls an operation caused. Unauthenticated calls count in total and
 * byEndpoint only: byUnit is keyed by unit id.
 */
export class CallLog {
  private seq = 0;
  private total = 0;
  private byEndpoint = new Map<string, number>();
  private byUnit = new Map<string, Map<string, number>>();
  private calls: SimulatorCall[] = [];

  constructor(private readonly limit: number) {}

  record(call: Omit<SimulatorCall, 'seq'>): void {
    this.seq += 1;
    this.total += 1;
    this.byEndpoint.set(call.endpoint, (this.byEndpoint.get(call.endpoint) ?? 0) + 1);
    if (call.unit !== null) {
      const counts = this.byUnit.get(call.unit) ?? new Map<string, number>();
      counts.set(call.endpoint, (counts.get(call.endpoint) ?? 0) + 1);
      this.byUnit.set(call.unit, counts);
    }
    this.calls.push({ seq: this.seq, ...call });
    if (this.calls.length > this.limit) this.calls.splice(0, this.calls.length - this.limit);
  }

  /** A copy: callers may keep or mutate it without touching the log. */
  snapshot(): SimulatorStats {
    return {
      total: this.total,
      byEndpoint: Object.fromEntries(this.byEndpoint),
      byUnit: Object.fromEntries([...this.byUnit].map(([unit, counts]) => [unit, Object.fromEntries(counts)])),
      calls: this.calls.map((call) => ({ ...call, params: { ...call.params } })),
    };
  }

  reset(): void {
    this.seq = 0;
    this.total = 0;
    this.byEndpoint = new Map();
    this.byUnit = new Map();
    this.calls = [];
  }
}
