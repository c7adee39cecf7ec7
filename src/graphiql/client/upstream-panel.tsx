/**
 * The "Upstream" plugin of the bundled GraphiQL: the plan of the last operation run while it is
 * open (its requests then send `Numbers-Plan: trace`), and a dry-run button that asks for the
 * plan of the operation in the editor without running it (`Numbers-Plan: dry-run`).
 */
import { tryParseJSONC, useGraphiQL, type GraphiQLPlugin } from '@graphiql/react';
import { useState, useSyncExternalStore } from 'react';
import { panelStore, planIn, PLAN_HEADER } from './plan-store.js';
import { Waterfall } from './waterfall.js';

function UpstreamIcon() {
  return (
    <svg viewBox="0 0 24 24" width="24" height="24" fill="none" stroke="currentColor" strokeWidth="1.5" aria-hidden="true">
      <path d="M3 5h8M6 10h12M9 15h6M4 20h16" strokeLinecap="round" />
    </svg>
  );
}

function objectOf(text: string | undefined): Record<string, unknown> {
  const parsed: unknown = text ? tryParseJSONC(text) : undefined;
  return typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : {};
}

function stringHeaders(headers: Record<string, unknown>): Record<string, string> {
  return Object.fromEntries(Object.entries(headers).filter((entry): entry is [string, string] => typeof entry[1] === 'string'));
}

function messageOf(body: unknown, status: number): string {
  if (typeof body === 'object' && body !== null && 'errors' in body && Array.isArray(body.errors)) {
    const first: unknown = body.errors[0];
    if (typeof first === 'object' && first !== null && 'message' in first) return String(first.message);
  }
  return `HTTP ${status}`;
}

function UpstreamPanel({ endpoint }: { endpoint: string }) {
  const state = useSyncExternalStore(panelStore.subscribe, panelStore.get);
  const queryEditor = useGraphiQL((s) => s.queryEditor);
  const variableEditor = useGraphiQL((s) => s.variableEditor);
  const headerEditor = useGraphiQL((s) => s.headerEditor);
  const operationName = useGraphiQL((s) => s.operationName);
  const operations = useGraphiQL((s) => s.operations);
  const names = (operations ?? []).flatMap((op) => (op.name ? [op.name.value] : []));
  const [chosen, setChosen] = useState<string | undefined>(undefined);
  const [running, setRunning] = useState(false);
  const selected = [chosen, operationName, state.shown?.operationName ?? undefined, names[0]].find((name) => name !== undefined && names.includes(name));

  async function dryRun(): Promise<void> {
    setRunning(true);
    try {
      const response = await fetch(endpoint, {
        method: 'POST',
        headers: {
          ...stringHeaders(objectOf(headerEditor?.getValue())),
          'content-type': 'application/json',
          'apollo-require-preflight': 'true',
          [PLAN_HEADER]: 'dry-run',
        },
        body: JSON.stringify({ query: queryEditor?.getValue() ?? '', variables: objectOf(variableEditor?.getValue()), operationName: selected ?? null }),
      });
      const body: unknown = await response.json();
      const plan = planIn(body);
      if (plan) panelStore.show({ plan, operationName: selected ?? null });
      else panelStore.fail(messageOf(body, response.status));
    } catch (error) {
      panelStore.fail(error instanceof Error ? error.message : String(error));
    } finally {
      setRunning(false);
    }
  }

  return (
    <div className="upstream-panel">
      <div className="graphiql-doc-explorer-title">Upstream</div>
      <p className="upstream-help">
        What each operation run while this panel is open calls upstream: one bar per REST call on a time axis, reads served without a call, the planner&apos;s
        decisions.
      </p>
      <div className="upstream-actions">
        {names.length > 1 ? (
          <select aria-label="Operation to dry-run" value={selected} onChange={(event) => setChosen(event.target.value)}>
            {names.map((name) => (
              <option key={name} value={name}>
                {name}
              </option>
            ))}
          </select>
        ) : null}
        <button type="button" className="graphiql-button" onClick={() => void dryRun()} disabled={running}>
          Dry run
        </button>
      </div>
      {state.problem ? (
        <p className="upstream-problem" role="alert">
          {state.problem}
        </p>
      ) : null}
      {state.shown ? (
        <>
          <p className="upstream-operation">{state.shown.operationName ?? 'Anonymous operation'}</p>
          <Waterfall plan={state.shown.plan} />
        </>
      ) : (
        <p className="upstream-empty">Run an operation, or dry-run it, to see its upstream calls.</p>
      )}
    </div>
  );
}

/** The plugin, for the GraphiQL `plugins` prop; `endpoint` is where dry runs are sent. */
export function upstreamPlugin(endpoint: string): GraphiQLPlugin {
  return { title: 'Upstream', icon: UpstreamIcon, content: () => <UpstreamPanel endpoint={endpoint} /> };
}
