/** Runs `task` once a slot is free; its promise settles as the task's does. */
export type Limit = <T>(task: () => Promise<T>) => Promise<T>;

/**
 * A concurrency cap: at most `max` tasks in flight, later ones wait in arrival order. Under the
 * cap a task starts at once, in the caller's tick. Every upstream call passes three caps (the
 * operation's, the process's, a batch's); p-limit defers each task by a microtask and wraps it
 * in further promises, which the gateway's profile showed on every call. A slot is handed
 * straight to the next waiter, so the cap holds at every moment.
 */
export function createLimit(max: number): Limit {
  let active = 0;
  const waiting: Array<() => void> = [];
  const release = (): void => {
    const next = waiting.shift();
    if (next) next();
    else active -= 1;
  };
  const start = <T>(task: () => Promise<T>): Promise<T> => {
    let running: Promise<T>;
    try {
      running = task();
    } catch (error) {
      release();
      return Promise.reject(error);
    }
    running.then(release, release);
    return running;
  };
  return <T>(task: () => Promise<T>): Promise<T> => {
    if (active < max) {
      active += 1;
      return start(task);
    }
    return new Promise<void>((resolve) => waiting.push(resolve)).then(() => start(task));
  };
}
