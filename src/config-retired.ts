/**
 * Variables the gateway read once and no longer does, with what replaced them. A deployment that
 * still sets one would otherwise run silently on the new variable's default (for
 * LIMIT_MAX_COST, a different limit in different units), so the start is refused instead.
 */
export const RETIRED_VARIABLES: Readonly<Record<string, { replacement: string; why: string }>> = {
  LIMIT_MAX_COST: {
    replacement: 'LIMIT_MAX_UPSTREAM_CALLS',
    why: 'operations are now limited by the upstream calls they can make, default 25, not by a field count; the units differ, so choose a new value',
  },
};

/** One message line per retired variable that is set (blank counts as unset, as in loadConfig). */
export function retiredVariableIssues(present: Readonly<Record<string, string>>): string[] {
  return Object.entries(RETIRED_VARIABLES)
    .filter(([name]) => present[name] !== undefined)
    .map(([name, { replacement, why }]) => `${name} is no longer read: use ${replacement} instead (${why})`);
}
