/**
 * Reads a profile written by `npm run bench -- --profile` and says where the gateway's CPU went
 * per request. Every busy sample is charged to its nearest owner: a package under node_modules,
 * or one of the gateway's own functions, so Node internals (sockets, streams, timers) count for
 * whoever called them; garbage collection and V8's own work are lines of their own. Samples are
 * counted, not weighted by their time deltas: on a shared machine a descheduled process shows
 * as one sample with a huge delta. The counts are scaled to the process CPU per request the run
 * measured (helper threads included), so the figures add up to the bench's CPU µs/req.
 * Run: node bench/profile-summary.ts .bench-build/profiles/30-number_id_-r1.cpuprofile [lines]
 * (with Node 20: node --import @swc-node/register/esm-register bench/profile-summary.ts ...)
 */
import { readFileSync } from 'node:fs';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string };
  children?: number[];
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

const [file, lines = '40'] = process.argv.slice(2);
if (!file) throw new Error('usage: profile-summary.ts <file.cpuprofile> [lines]');
const profile = JSON.parse(readFileSync(file, 'utf8')) as Profile;
const { completed, cpuPerRequest } = JSON.parse(readFileSync(file.replace(/\.cpuprofile$/, '.json'), 'utf8')) as { completed: number; cpuPerRequest: number };

const byId = new Map(profile.nodes.map((n) => [n.id, n]));
const parentOf = new Map<number, number>();
for (const n of profile.nodes) for (const child of n.children ?? []) parentOf.set(child, n.id);
const countOf = new Map<number, number>();
for (const id of profile.samples) countOf.set(id, (countOf.get(id) ?? 0) + 1);

function ownerOf({ url, functionName }: ProfileNode['callFrame']): string | undefined {
  const pkg = /node_modules\/((@[^/]+\/)?[^/]+)/.exec(url)?.[1];
  if (pkg) return pkg;
  return url.includes('.bench-build/') ? `gateway: ${functionName || '(anonymous)'}` : undefined;
}

const charged = new Map<string, number>();
let busy = 0;
for (const [id, samples] of countOf) {
  const leaf = byId.get(id)?.callFrame;
  if (!leaf || leaf.functionName === '(idle)') continue;
  let owner = leaf.functionName === '(garbage collector)' || leaf.functionName === '(program)' ? leaf.functionName : undefined;
  for (let at: number | undefined = id; owner === undefined && at !== undefined; at = parentOf.get(at)) {
    const frame = byId.get(at)?.callFrame;
    owner = frame && ownerOf(frame);
  }
  owner ??= `node: ${leaf.functionName || '(anonymous)'}`;
  busy += samples;
  charged.set(owner, (charged.get(owner) ?? 0) + samples);
}

console.log(`${completed} requests, ${busy} busy samples, process CPU ${cpuPerRequest.toFixed(0)} µs/request\n`);
console.log('| owner | µs/request | share |\n|---|--:|--:|');
for (const [owner, samples] of [...charged].sort((a, b) => b[1] - a[1]).slice(0, Number(lines))) {
  console.log(`| ${owner} | ${((cpuPerRequest * samples) / busy).toFixed(1)} | ${((100 * samples) / busy).toFixed(1)} % |`);
}
