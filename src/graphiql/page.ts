import { CONFIG_ELEMENT_ID, type GraphiQLPageConfig } from './page-config.js';

/**
 * Content-Security-Policy of the GraphiQL page: only the gateway's own origin, plus the two
 * things the GraphiQL 5 / Monaco bundle cannot work without.
 */
export const GRAPHIQL_CSP = [
  "default-src 'none'",
  // The bundle and the Monaco workers are same-origin files; no inline script, no eval.
  "script-src 'self'",
  "worker-src 'self'",
  // The fetcher POSTs to /graphql on this origin; nothing else is ever fetched.
  "connect-src 'self'",
  // 'unsafe-inline' for styles only: Monaco writes <style> elements at run time (theme colours,
  // decorations) and React/Radix set style attributes for layout and the resizable panes.
  // Styles cannot run code; scripts stay 'self' only.
  "style-src 'self' 'unsafe-inline'",
  // data: because GraphiQL's stylesheet inlines its Roboto and Fira Code fonts and small
  // icons as data: URLs; Monaco's codicon font is a hashed same-origin file.
  "font-src 'self' data:",
  "img-src 'self' data:",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

/** The page points at hashed files only, so it must be revalidated while they are cached forever. */
export const PAGE_HEADERS = {
  'content-type': 'text/html; charset=utf-8',
  'cache-control': 'no-cache',
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
} as const;

/** JSON that cannot close the `<script>` element it sits in. */
function scriptSafeJson(value: unknown): string {
  return JSON.stringify(value).replace(/</g, '\\u003c');
}

export function graphiqlPage(options: { assetBase: string; script: string; preload: string[]; style: string; config: GraphiQLPageConfig }): string {
  const { assetBase, script, preload, style, config } = options;
  const preloads = preload.map((name) => `<link rel="modulepreload" href="${assetBase}${name}">\n`).join('');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>GraphiQL · numbers-gateway</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="${assetBase}${style}">
${preloads}</head>
<body>
<div id="graphiql">Loading GraphiQL…</div>
<script id="${CONFIG_ELEMENT_ID}" type="application/json">${scriptSafeJson(config)}</script>
<script type="module" src="${assetBase}${script}"></script>
</body>
</html>
`;
}

/** What a browser sees at /graphql when GraphiQL is off (the production default). */
export const DISABLED_PAGE = `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>GraphiQL is off · numbers-gateway</title></head>
<body>
<h1>GraphiQL is off</h1>
<p>This gateway serves GraphQL at <code>/graphql</code> (POST <code>application/json</code>), but its
in-browser IDE is disabled, as it is by default when <code>NODE_ENV=production</code>.</p>
<p>To turn it on, start the gateway with <code>GRAPHIQL_ENABLED=true</code> (and
<code>INTROSPECTION_ENABLED=true</code> for the docs explorer and autocompletion).</p>
</body>
</html>
`;

/** Shown when the bundle could not be built; the details are in the gateway's log. */
export const BROKEN_PAGE = `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>GraphiQL unavailable · numbers-gateway</title></head>
<body><h1>GraphiQL could not be built</h1><p>See the gateway's log for the reason.</p></body>
</html>
`;
