import { createLogger } from '../../src/observability/logger.js';
import { startOtlpReceiver, type OtlpReceiver, type ReceivedSpan } from '../helpers/otlp-receiver.js';
import { startStack, type Stack } from '../helpers/stack.js';

export interface TracedStack {
  stack: Stack;
  receiver: OtlpReceiver;
  /** Every line the gateway logged, raw and parsed. */
  raw: string[];
  lines(): Array<Record<string, unknown>>;
  /**
   * Stops the gateway, whose shutdown exports every span still queued, and returns what the
   * receiver got. The batch delay is ten minutes, so spans arrive through this flush and no
   * test waits on a timer.
   */
  finish(): Promise<ReceivedSpan[]>;
  close(): Promise<void>;
}

/** Simulator, gateway (exporting to a loopback OTLP receiver) and a captured log. */
export async function startTracedStack(env: Record<string, string> = {}): Promise<TracedStack> {
  const receiver = await startOtlpReceiver();
  const raw: string[] = [];
  const logger = createLogger({ level: 'info', env: 'test', tty: false }, { write: (line: string) => void raw.push(line) });
  const stack = await startStack({
    // GraphiQL off: its bundle would load in the background and outlive short tests.
    env: { OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url, OTEL_BSP_SCHEDULE_DELAY: '600000', GRAPHIQL_ENABLED: 'false', ...env },
    logger,
  });
  let stopped: Promise<void> | undefined;
  const stop = () => (stopped ??= stack.close());
  return {
    stack,
    receiver,
    raw,
    lines: () => raw.map((line) => JSON.parse(line) as Record<string, unknown>),
    async finish() {
      await stop();
      return receiver.spans();
    },
    async close() {
      await stop();
      await receiver.close();
    },
  };
}

/** `[kind, name, parent's name]` per span, sorted: the shape of a trace, ids aside. */
export function shapeOf(spans: readonly ReceivedSpan[]): string[][] {
  const byId = new Map(spans.map((span) => [span.spanId, span]));
  return spans
    .map((span) => [span.kind, span.name, span.parentSpanId === '' ? '(root)' : (byId.get(span.parentSpanId)?.name ?? `(remote ${span.parentSpanId})`)])
    .sort((a, b) => a.join(' ').localeCompare(b.join(' ')));
}

export function only(spans: readonly ReceivedSpan[], name: string): ReceivedSpan {
  const found = spans.filter((span) => span.name === name);
  if (found.length !== 1) throw new Error(`expected one span named ${name}, got ${found.length}: ${spans.map((s) => s.name).join(', ')}`);
  return found[0] as ReceivedSpan;
}

/** A caller's W3C trace context. */
export const CALLER = { traceId: '0af7651916cd43dd8448eb211c80319c', spanId: 'b7ad6b7169203331' };
export const callerTraceparent = (flags = '01') => `00-${CALLER.traceId}-${CALLER.spanId}-${flags}`;
