/**
 * Runs one operation on the shared store, whose failures never reach a request: a failure is
 * handed to `onError` (for a log line) and answered with `fallback` (a miss, a dropped write).
 */
export async function ignoringStoreFailure<T>(attempt: () => Promise<T>, fallback: T, onError: (error: unknown) => void): Promise<T> {
  try {
    return await attempt();
  } catch (error) {
    onError(error);
    return fallback;
  }
}
