/**
 * A per-request memo of one upstream call: the first `get()` starts it, later ones share the
 * same promise (also a rejected one, so a failing endpoint is not called again by every field
 * of the same operation). `clear()` forgets it after a write.
 */
export interface Memo<T> {
  get(): Promise<T>;
  /** Whether the call has been started in this request (in flight or settled). */
  started(): boolean;
  clear(): void;
}

/** `onReuse`: told each time a `get()` is served by the call already started (the upstream plan's memo reads). */
export function memo<T>(load: () => Promise<T>, onReuse?: () => void): Memo<T> {
  let promise: Promise<T> | undefined;
  return {
    get() {
      if (promise === undefined) promise = load();
      else onReuse?.();
      return promise;
    },
    started: () => promise !== undefined,
    clear() {
      promise = undefined;
    },
  };
}
