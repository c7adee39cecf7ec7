import type { FaultRule } from './types.js';

// Fault syntax, shared by the X-Simulator-Fault header and fault rules: at most one latency
// part and at most one action, comma-separated, e.g. "latency=200,status=500".

export type FaultAction =
  | { kind: 'status'; status: number }
  | { kind: 'error-envelope' }
  | { kind: 'non-json' }
  | { kind: 'missing-data' }
  | { kind: 'hang' }
  | { kind: 'reset' }
  | { kind: 'unauthorized' };

export interface Fault {
  /** The fault string as given, recorded in the call log. */
  text: string;
  latency: LatencyRange | null;
  action: FaultAction | null;
}

export type LatencyRange = readonly [min: number, max: number];

export class FaultSyntaxError extends Error {
  override name = 'FaultSyntaxError';
}

const MAX_LATENCY_MS = 60_000;
const SIMPLE_ACTIONS = ['error-envelope', 'non-json', 'missing-data', 'hang', 'reset', 'unauthorized'] as const;

/** "50" (fixed) or "10-100" (uniformly random in the range), in milliseconds. */
export function parseLatency(text: string): LatencyRange {
  const match = /^(\d{1,5})(?:-(\d{1,5}))?$/.exec(text.trim());
  if (!match?.[1]) throw new FaultSyntaxError(`latency must be "<ms>" or "<min>-<max>", got "${text}"`);
  const min = Number(match[1]);
  const max = match[2] === undefined ? min : Number(match[2]);
  if (max < min) throw new FaultSyntaxError(`latency range "${text}" has max below min`);
  if (max > MAX_LATENCY_MS) throw new FaultSyntaxError(`latency "${text}" exceeds ${MAX_LATENCY_MS} ms`);
  return [min, max];
}

function parseAction(part: string): FaultAction {
  const status = /^status=(\d{3})$/.exec(part);
  if (status?.[1]) {
    const code = Number(status[1]);
    if (code < 400 || code > 599) throw new FaultSyntaxError(`status must be 400-599, got ${code}`);
    return { kind: 'status', status: code };
  }
  const simple = SIMPLE_ACTIONS.find((name) => name === part);
  if (simple === undefined) throw new FaultSyntaxError(`unknown fault "${part}"`);
  return { kind: simple };
}

export function parseFault(text: string): Fault {
  let latency: LatencyRange | null = null;
  let action: FaultAction | null = null;
  const parts = text.split(',').map((part) => part.trim());
  if (parts.every((part) => part === '')) throw new FaultSyntaxError('empty fault');
  for (const part of parts) {
    if (part.startsWith('latency=')) {
      if (latency !== null) throw new FaultSyntaxError('latency given twice');
      latency = parseLatency(part.slice('latency='.length));
    } else {
      if (action !== null) throw new FaultSyntaxError(`only one fault besides latency is allowed: "${text}"`);
      action = parseAction(part);
    }
  }
  return { text: text.trim(), latency, action };
}

export function latencyMs(range: LatencyRange | null): number {
  if (range === null) return 0;
  const [min, max] = range;
  return min === max ? min : min + Math.floor(Math.random() * (max - min + 1));
}

interface ActiveRule {
  rule: FaultRule;
  fault: Fault;
  remaining: number | null;
}

/** Fault rules in order; the first rule matching a call applies. */
export class FaultRules {
  private rules: ActiveRule[] = [];

  /** Validates every rule before replacing any, so a bad list changes nothing. */
  set(rules: readonly FaultRule[]): void {
    this.rules = rules.map((rule) => {
      if (rule.times !== undefined && !(Number.isInteger(rule.times) && rule.times > 0)) {
        throw new FaultSyntaxError(`times must be a positive integer, got ${String(rule.times)}`);
      }
      return { rule: { ...rule }, fault: parseFault(rule.fault), remaining: rule.times ?? null };
    });
  }

  clear(): void {
    this.rules = [];
  }

  list(): FaultRule[] {
    return this.rules.map(({ rule, remaining }) => (remaining === null ? { ...rule } : { ...rule, times: remaining }));
  }

  /** The fault for this call, consuming one use of a counted rule. */
  take(endpoint: string, unit: string | null): Fault | null {
    const index = this.rules.findIndex(
      ({ rule }) => (rule.endpoint === undefined || rule.endpoint === endpoint) && (rule.unit === undefined || rule.unit === unit),
    );
    const active = this.rules[index];
    if (active === undefined) return null;
    if (active.remaining !== null) {
      active.remaining -= 1;
      if (active.remaining === 0) this.rules.splice(index, 1);
    }
    return active.fault;
  }
}
