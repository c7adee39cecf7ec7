/** A plain JSON object (not an array, not null): what JSON from outside is checked to be before it is read. */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
