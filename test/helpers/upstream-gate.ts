import http from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A pass-through proxy between the gateway and the simulator that can hold the simulator's
 * answers to chosen endpoints until the test releases them: "a call in flight" becomes a state a
 * test sets up and ends, not a race against the clock. Every call is forwarded at once (so a
 * write behind a held read is applied upstream while the read's answer waits).
 */
export interface UpstreamGate {
  /** Base URL to give the gateway as its upstream. */
  url: string;
  /** Calls that reached the gate, in order: endpoint and the credential they carried. */
  readonly seen: Array<{ endpoint: string; authorization: string | undefined }>;
  /** Holds the answers to calls of `endpoint` from now until `release()`. */
  hold(endpoint: string): void;
  /** Answers the simulator has given that the gate holds now. */
  readonly heldCount: number;
  /** Sends every held answer (in arrival order) and stops holding. */
  release(): void;
  close(): Promise<void>;
}

export async function startUpstreamGate(target: string): Promise<UpstreamGate> {
  const holding = new Set<string>();
  let held: Array<() => void> = [];
  const seen: UpstreamGate['seen'] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const endpoint = /\/api\/v2\/numbers\/([a-z_]+)/.exec(req.url ?? '')?.[1] ?? '';
      seen.push({ endpoint, authorization: req.headers.authorization });
      const forward = http.request(`${target}${req.url ?? '/'}`, { method: req.method, headers: req.headers }, (answer) => {
        const body: Buffer[] = [];
        answer.on('data', (chunk: Buffer) => body.push(chunk));
        answer.on('end', () => {
          const send = () => {
            if (res.destroyed) return;
            res.writeHead(answer.statusCode ?? 502, answer.headers).end(Buffer.concat(body));
          };
          if (holding.has(endpoint)) held.push(send);
          else send();
        });
      });
      forward.on('error', () => res.destroy());
      forward.end(Buffer.concat(chunks));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    seen,
    hold: (endpoint) => holding.add(endpoint),
    get heldCount() {
      return held.length;
    },
    release() {
      holding.clear();
      const all = held;
      held = [];
      for (const send of all) send();
    },
    async close() {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}
