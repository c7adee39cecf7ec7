/**
 * A JSON value's shape: objects keep their keys in order, leaves become their type name
 * ("string", "number", "boolean", "null"), so two values of the same documented shape compare
 * equal with toEqual, key order included (via Object.keys on the result).
 */
export type Shape = string | Shape[] | { [key: string]: Shape };

export function shapeOf(value: unknown): Shape {
  if (value === null) return 'null';
  if (Array.isArray(value)) return value.map(shapeOf);
  if (typeof value === 'object') {
    return Object.fromEntries(Object.entries(value as Record<string, unknown>).map(([key, inner]) => [key, shapeOf(inner)]));
  }
  return typeof value;
}

/** Keys at every object level, in order, e.g. ['id', 'number', ..., 'aquisition.acquired_at', ...]. */
export function keyPaths(value: unknown, prefix = ''): string[] {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return [];
  return Object.entries(value as Record<string, unknown>).flatMap(([key, inner]) => [`${prefix}${key}`, ...keyPaths(inner, `${prefix}${key}.`)]);
}
