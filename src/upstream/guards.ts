import { isRecord } from './envelope.js';
import { UpstreamError } from './errors.js';
import type { AccessNumberDto, NumberDto, PrefixDto } from './types.js';

/**
 * Cheap structural checks of `data`: enough that a resolver never dereferences something the
 * upstream did not send, without the cost of validating every field of a 5,000-number list.
 */

function malformed(endpoint: string, what: string): UpstreamError {
  return new UpstreamError(`unexpected data: ${what}`, { kind: 'UNAVAILABLE', endpoint });
}

function isNumberDto(value: unknown): value is NumberDto {
  return (
    isRecord(value) &&
    (typeof value.id === 'number' || typeof value.id === 'string') &&
    typeof value.number === 'string' &&
    typeof value.created_at === 'string'
  );
}

export function asNumber(endpoint: string, data: unknown): NumberDto {
  if (!isNumberDto(data)) throw malformed(endpoint, 'expected a number object');
  return data;
}

export function asNumbers(endpoint: string, data: unknown): NumberDto[] {
  if (!Array.isArray(data) || !data.every(isNumberDto)) throw malformed(endpoint, 'expected a list of numbers');
  return data;
}

export function asPrefixes(endpoint: string, data: unknown): PrefixDto[] {
  const ok = Array.isArray(data) && data.every((p) => isRecord(p) && typeof p.prefix === 'string' && typeof p.description === 'string');
  if (!ok) throw malformed(endpoint, 'expected a list of prefixes');
  return data as PrefixDto[];
}

export function asStrings(endpoint: string, data: unknown): string[] {
  if (!Array.isArray(data) || !data.every((n) => typeof n === 'string')) throw malformed(endpoint, 'expected a list of strings');
  return data as string[];
}

export function asAccessNumbers(endpoint: string, data: unknown): AccessNumberDto[] {
  const ok = Array.isArray(data) && data.every((a) => isRecord(a) && typeof a.number === 'string' && typeof a.description === 'string');
  if (!ok) throw malformed(endpoint, 'expected a list of access numbers');
  return data as AccessNumberDto[];
}

export function asBoolean(endpoint: string, data: unknown): boolean {
  if (typeof data !== 'boolean') throw malformed(endpoint, 'expected a boolean');
  return data;
}
