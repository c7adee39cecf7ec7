import { isRecord } from '../is-record.js';
import { UpstreamError } from './errors.js';
import type { AccessNumberDto, NumberDto, PrefixDto } from './types.js';

// Cheap structural checks of `data`: enough that a resolver never dereferences something the
// upstream did not send, without the cost of validating every field of a 5,000-number list.
// A refusal says what was expected and what came ("expected a list of numbers, got object"),
// never the value itself (it may hold personal data).

/** `null`, `array`, or the `typeof` of a value. */
export function describe(value: unknown): string {
  if (value === null) return 'null';
  return Array.isArray(value) ? 'array' : typeof value;
}

function malformed(endpoint: string, expected: string, got: string): UpstreamError {
  return new UpstreamError(`unexpected data: expected ${expected}, got ${got}`, { kind: 'UNAVAILABLE', endpoint });
}

function isNumberDto(value: unknown): value is NumberDto {
  return (
    isRecord(value) &&
    (typeof value.id === 'number' || typeof value.id === 'string') &&
    typeof value.number === 'string' &&
    typeof value.created_at === 'string'
  );
}

/** `array` when `data` is not one; else the first bad item, as `item N: <what it is>`. */
function badItem(data: unknown, ok: (item: unknown) => boolean): string | undefined {
  if (!Array.isArray(data)) return describe(data);
  const index = data.findIndex((item) => !ok(item));
  return index === -1 ? undefined : `item ${index}: ${describe(data[index])}${isRecord(data[index]) ? ' without the required fields' : ''}`;
}

function list<T>(endpoint: string, expected: string, data: unknown, ok: (item: unknown) => boolean): readonly T[] {
  const bad = badItem(data, ok);
  if (bad !== undefined) throw malformed(endpoint, expected, bad);
  return data as T[];
}

export function asNumber(endpoint: string, data: unknown): NumberDto {
  if (!isNumberDto(data)) throw malformed(endpoint, 'a number object', isRecord(data) ? 'an object without the required fields' : describe(data));
  return data;
}

export function asNumbers(endpoint: string, data: unknown): NumberDto[] {
  return list<NumberDto>(endpoint, 'a list of numbers', data, isNumberDto) as NumberDto[];
}

export function asPrefixes(endpoint: string, data: unknown): readonly PrefixDto[] {
  return list(endpoint, 'a list of prefixes', data, (p) => isRecord(p) && typeof p.prefix === 'string' && typeof p.description === 'string');
}

export function asStrings(endpoint: string, data: unknown): readonly string[] {
  return list(endpoint, 'a list of strings', data, (n) => typeof n === 'string');
}

export function asAccessNumbers(endpoint: string, data: unknown): readonly AccessNumberDto[] {
  return list(endpoint, 'a list of access numbers', data, (a) => isRecord(a) && typeof a.number === 'string' && typeof a.description === 'string');
}

export function asBoolean(endpoint: string, data: unknown): boolean {
  if (typeof data !== 'boolean') throw malformed(endpoint, 'a boolean', describe(data));
  return data;
}
