import type { Config } from './config.js';

/** Where the started gateway is: its /graphql URL and, with the embedded simulator, the simulator's. */
export interface BannerUrls {
  graphql: string;
  /** The embedded REST v2 simulator's base URL; `undefined` with an external upstream. */
  simulator?: string;
  /** Where the environment came from (a .env file read at start, or the process's alone). */
  environment?: string;
}

/**
 * What `npm start` prints: what is actually served, and for what is off, the variable that
 * turns it on (GraphiQL and introspection are off by default with NODE_ENV=production, CORS
 * until CORS_ORIGINS lists a web app's origin).
 */
export function startBanner(config: Pick<Config, 'graphiql' | 'introspection' | 'cors'>, urls: BannerUrls): string[] {
  const graphiql = config.graphiql ? `${urls.graphql}  (open in a browser)` : 'off  (GRAPHIQL_ENABLED=true serves it)';
  const introspection = config.introspection ? 'on' : 'off  (INTROSPECTION_ENABLED=true turns it on)';
  const { cors } = config;
  const web = cors.anyOrigin
    ? 'any origin (development only)'
    : cors.origins.length > 0
      ? cors.origins.join(', ')
      : 'none  (CORS_ORIGINS lists web apps on other origins)';
  const lines = [
    '',
    `  GraphQL endpoint   ${urls.graphql}`,
    `  GraphiQL           ${graphiql}`,
    `  Introspection      ${introspection}`,
    `  CORS origins       ${web}`,
  ];
  if (urls.simulator) {
    lines.push(
      `  Upstream           embedded REST v2 simulator at ${urls.simulator}/api/v2/`,
      ...(urls.environment === undefined ? [] : [`  Environment        ${urls.environment}`]),
      '  Demo tokens        Authorization: Bearer demo-token-a   (unit A)',
      '                     Authorization: Bearer demo-token-b   (unit B)',
      '',
      `  curl -s ${urls.graphql} -H 'content-type: application/json' -H 'authorization: Bearer demo-token-a' \\`,
      `    -d '{"query":"{ numbers(first: 5) { totalCount nodes { number } } }"}'`,
    );
  }
  lines.push('');
  return lines;
}
