import type { PrefixDto } from '../upstream/types.js';

export interface PrefixIndex {
  lookup(number: string): PrefixDto | null;
}

/**
 * Longest-prefix match of a national number against the available prefixes: UK area codes
 * nest (0121 Birmingham, 01214 is not an area but 013873 Langholm sits under 01387 Dumfries).
 */
export function createPrefixIndex(prefixes: readonly PrefixDto[]): PrefixIndex {
  const byDigits = new Map(prefixes.map((p) => [p.prefix, p]));
  const lengths = [...new Set(prefixes.map((p) => p.prefix.length))].sort((a, b) => b - a);
  return {
    lookup(number) {
      for (const length of lengths) {
        const hit = byDigits.get(number.slice(0, length));
        if (hit) return hit;
      }
      return null;
    },
  };
}
