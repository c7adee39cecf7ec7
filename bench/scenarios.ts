/**
 * The operations the bench drives: each as the GraphQL request a client sends to the gateway and
 * the path of the limit server's hand-written equivalent (same upstream calls, same JSON).
 */

export interface Scenario {
  name: string;
  /** Path on the limit server; the gateway is always `/graphql`. */
  limitPath: string;
  /** Request bodies, sent in turn on each connection (the mutation alternates its value). */
  bodies: string[];
  /**
   * `own`: every connection sends its own credential of the same unit, so no two requests can
   * share an upstream read (docs/coalescing.md); otherwise every connection sends one credential.
   */
  credentials?: 'own';
}

/** The credentials of a bench run: one shared by every connection, or one per connection (`--connections` of them). */
export const BENCH_TOKEN = 'bench-token';
export const ownTokens = (connections: number): string[] => Array.from({ length: connections }, (_, i) => `${BENCH_TOKEN}-${i + 1}`);

export interface ScenarioIds {
  /** Id of the number the single-id and mutation scenarios use. */
  one: string;
  /** Ids of the 10-alias scenario. */
  ten: string[];
}

export const PREFIX_SEARCH = 'aber';
export const PREFIX_POOL_FIRST = 5;
export const DASHBOARD_FIRST = 20;

const body = (query: string, variables?: Record<string, unknown>) => JSON.stringify(variables ? { query, variables } : { query });

export function scenarios(ids: ScenarioIds): Scenario[] {
  const aliases = ids.ten.map((id, i) => `n${i}: number(id: "${id}") { id number }`).join(' ');
  const update = `mutation Toggle($on: Boolean!) { updateNumber(input: { id: "${ids.one}", recordingEnabled: $on }) { number { id recordingEnabled } userErrors { code } } }`;
  const dashboard = body(`{ numbers(first: ${DASHBOARD_FIRST}) { nodes { number destination { name } subscriber { name } prefix { areaName } } } }`);
  return [
    {
      name: 'dashboard',
      limitPath: '/dashboard',
      bodies: [dashboard],
    },
    {
      name: 'dashboard, own credentials',
      limitPath: '/dashboard',
      bodies: [dashboard],
      credentials: 'own',
    },
    {
      name: 'number(id)',
      limitPath: '/one',
      bodies: [body(`{ number(id: "${ids.one}") { id number recordingEnabled destination { name } } }`)],
    },
    { name: '10 × number(id)', limitPath: '/ten', bodies: [body(`{ ${aliases} }`)] },
    {
      name: 'prefixes + pools',
      limitPath: '/prefixes',
      bodies: [body(`{ availablePrefixes(search: "${PREFIX_SEARCH}") { prefix areaName acquirableNumbers(first: ${PREFIX_POOL_FIRST}) } }`)],
    },
    { name: 'accessNumbers', limitPath: '/access', bodies: [body('{ accessNumbers { code description takesNumber } }')] },
    { name: 'updateNumber', limitPath: '/update', bodies: [body(update, { on: false }), body(update, { on: true })] },
  ];
}
