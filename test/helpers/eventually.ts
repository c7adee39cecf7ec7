/**
 * Polls `check` until it holds, at most `attempts` times `intervalMs` apart, and says whether it
 * did: for state that settles in the background (a replica connecting to Redis, a batch export).
 * Bounded, and never an assertion on how long it took: the caller asserts the state itself.
 */
export async function eventually(check: () => boolean | Promise<boolean>, attempts = 100, intervalMs = 50): Promise<boolean> {
  for (let i = 0; i < attempts; i++) {
    if (await check()) return true;
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
  return false;
}
