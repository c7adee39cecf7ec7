/**
 * What the server tells the browser bundle, embedded in the page as a JSON data block (not an
 * inline script, so the CSP can stay `script-src 'self'`). Shared by the server and the client.
 */
export interface GraphiQLPageConfig {
  /** Path of the GraphQL endpoint the editor sends operations to. */
  endpoint: string;
  /** Hashed URLs of the Monaco web workers, by Monaco's worker label. */
  workers: { editor: string; json: string; graphql: string };
  /** The document, variables and headers of the first tab when the browser has no saved tabs. */
  defaultTab: { query: string; variables: string; headers: string };
  /** Headers for tabs the user opens later (the demo token in demo mode). */
  defaultHeaders: string;
  /** Keep headers in localStorage: only in demo mode, where the token is a public demo token. */
  persistHeaders: boolean;
}

/** `id` of the `<script type="application/json">` element holding the config. */
export const CONFIG_ELEMENT_ID = 'graphiql-config';
