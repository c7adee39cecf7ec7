/**
 * The browser side of the self-hosted GraphiQL, bundled by ../assets.ts with esbuild. Everything
 * it loads (this script, the CSS with its inlined fonts, the Monaco workers) comes from the
 * gateway's own origin, so it works with no network.
 */
import { createGraphiQLFetcher } from '@graphiql/toolkit';
import { GraphiQL } from 'graphiql';
import { createRoot } from 'react-dom/client';
import 'graphiql/style.css';
import './page.css';
import './upstream.css';
import { CONFIG_ELEMENT_ID, type GraphiQLPageConfig } from '../page-config.js';
import { panelStore, withPlans } from './plan-store.js';
import { upstreamPlugin } from './upstream-panel.js';

function readConfig(): GraphiQLPageConfig {
  const element = document.getElementById(CONFIG_ELEMENT_ID);
  if (!element?.textContent) throw new Error(`GraphiQL: missing #${CONFIG_ELEMENT_ID}`);
  return JSON.parse(element.textContent) as GraphiQLPageConfig;
}

const config = readConfig();

// Monaco asks for a worker per language; the stock setups load them from a CDN or need a
// bundler plugin. Ours are prebuilt same-origin files, so `worker-src 'self'` is enough.
(globalThis as { MonacoEnvironment?: unknown }).MonacoEnvironment = {
  getWorker(_workerId: string, label: string): Worker {
    const url = label === 'json' ? config.workers.json : label === 'graphql' ? config.workers.graphql : config.workers.editor;
    return new Worker(url, { type: 'module', name: `monaco-${label}` });
  },
};

const endpointUrl = new URL(config.endpoint, window.location.href).href;
// While the Upstream panel is open, operations ask for their plan (Numbers-Plan: trace).
const fetcher = withPlans(
  createGraphiQLFetcher({
    url: endpointUrl,
    // The fetcher already POSTs JSON, which satisfies Apollo's CSRF prevention; the header makes
    // that explicit and keeps working if a request is ever sent as GET.
    headers: { 'apollo-require-preflight': 'true' },
  }),
);
const plugins = [upstreamPlugin(endpointUrl)];

const container = document.getElementById('graphiql');
if (!container) throw new Error('GraphiQL: missing #graphiql');
container.textContent = '';
createRoot(container).render(
  <GraphiQL
    fetcher={fetcher}
    defaultTabs={[config.defaultTab]}
    defaultHeaders={config.defaultHeaders}
    shouldPersistHeaders={config.persistHeaders}
    isHeadersEditorEnabled
    defaultEditorToolsVisibility="headers"
    plugins={plugins}
    onTogglePluginVisibility={(plugin) => panelStore.setOpen(plugin?.title === 'Upstream')}
  />,
);
