// The Upstream panel's state, outside React: whether the panel is open (then every operation
// GraphiQL sends asks for `Numbers-Plan: trace`) and the last plan received. The fetcher and
// the panel meet here; the panel subscribes with useSyncExternalStore.

import type { Fetcher, FetcherOpts, FetcherParams } from '@graphiql/toolkit';
import type { Plan } from '../../plan/shape.js';

export interface ShownPlan {
  plan: Plan;
  operationName: string | null;
}

export interface PanelState {
  open: boolean;
  shown: ShownPlan | undefined;
  /** Why the last dry run gave no plan (an error of the operation, a refused request). */
  problem: string | undefined;
}

let state: PanelState = { open: false, shown: undefined, problem: undefined };
const listeners = new Set<() => void>();

function update(next: Partial<PanelState>): void {
  state = { ...state, ...next };
  for (const listener of listeners) listener();
}

export const panelStore = {
  get: (): PanelState => state,
  subscribe(listener: () => void): () => void {
    listeners.add(listener);
    return () => listeners.delete(listener);
  },
  setOpen: (open: boolean) => update({ open }),
  show: (shown: ShownPlan) => update({ shown, problem: undefined }),
  fail: (problem: string) => update({ problem }),
};

export const PLAN_HEADER = 'Numbers-Plan';

function isAsyncIterable(value: unknown): value is AsyncIterable<unknown> {
  return typeof value === 'object' && value !== null && Symbol.asyncIterator in value;
}

/** The parts of a multipart answer as they come, each looked at on the way. */
async function* tapped<T>(parts: AsyncIterable<T>, look: (part: T) => void): AsyncGenerator<T> {
  for await (const part of parts) {
    look(part);
    yield part;
  }
}

/** `extensions.plan` of a response body, when it has one. */
export function planIn(body: unknown): Plan | undefined {
  if (typeof body !== 'object' || body === null || !('extensions' in body)) return undefined;
  const { extensions } = body;
  if (typeof extensions !== 'object' || extensions === null || !('plan' in extensions)) return undefined;
  return extensions.plan as Plan;
}

/**
 * The fetcher GraphiQL runs operations with: while the Upstream panel is open, each operation
 * (never GraphiQL's own introspection) asks for a trace, and the plan in the answer is shown.
 */
export function withPlans(fetcher: Fetcher): Fetcher {
  return (params: FetcherParams, opts?: FetcherOpts) => {
    if (!state.open || params.operationName === 'IntrospectionQuery') return fetcher(params, opts);
    const look = (body: unknown) => {
      const plan = planIn(body);
      if (plan) panelStore.show({ plan, operationName: params.operationName ?? null });
    };
    // The toolkit's fetcher resolves to the answer, or to an async iterable of its parts (it
    // speaks multipart for @defer); either way the answer goes on to GraphiQL unchanged.
    return Promise.resolve(fetcher(params, { ...opts, headers: { ...opts?.headers, [PLAN_HEADER]: 'trace' } })).then((result) => {
      if (isAsyncIterable(result)) return tapped(result, look);
      look(result);
      return result;
    });
  };
}
