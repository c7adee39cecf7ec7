import { fork, type ChildProcess } from 'node:child_process';
import { copyFileSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { Session } from 'node:inspector/promises';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

/**
 * The bench runs each server in its own process, so the CPU and RSS it reports belong to that
 * server alone. Parent and child talk over Node's IPC channel: the child announces its URL, then
 * answers named requests (`usage` is built in).
 */

export interface Usage {
  /** User + system CPU time of the process since it started, in microseconds. */
  cpuMicros: number;
  rss: number;
}

interface Request {
  id: number;
  type: string;
  arg?: string;
}

type Reply = { id: number; ok: true; value: unknown } | { id: number; ok: false; error: string };

const READY_ID = 0;

/**
 * Children run as plain JavaScript, as in production (`npm run build`): a TypeScript loader in
 * the process would add its own compiler to the RSS and CPU we measure. One level below the
 * project root, so `new URL('../schema/', import.meta.url)` in src/schema.ts still finds schema/.
 */
const BUILD_DIR = new URL('../.bench-build/', import.meta.url);

export async function buildChildren(scripts: string[]): Promise<void> {
  await build({
    entryPoints: scripts.map((script) => fileURLToPath(new URL(script, import.meta.url))),
    outdir: fileURLToPath(BUILD_DIR),
    outExtension: { '.js': '.mjs' },
    bundle: true,
    // Dynamic imports stay dynamic (own chunks): inlined, the tracing SDK's imports would be
    // hoisted to the top of the gateway and loaded with tracing off too.
    splitting: true,
    packages: 'external',
    platform: 'node',
    format: 'esm',
    target: 'node20',
    logLevel: 'warning',
  });
}

/**
 * `--profile`: the parent profiles a child's measured runs only, not its start-up, its warm-up
 * or the other servers' turns. The inspector session is opened at the first profile, so runs
 * without `--profile` carry none of it.
 */
function profiler(): Record<string, (path?: string) => Promise<void>> {
  let session: Session | undefined;
  return {
    async profileStart() {
      if (!session) {
        session = new Session();
        session.connect();
      }
      await session.post('Profiler.enable');
      await session.post('Profiler.start');
    },
    async profileStop(path) {
      if (!session) return;
      const { profile } = await session.post('Profiler.stop');
      if (path) await writeFile(path, JSON.stringify(profile));
    },
  };
}

/** Keeps the gateway as just built, to run later beside a changed one (`--baseline`). */
export function keepBaseline(name: string): void {
  copyFileSync(new URL('child-gateway.mjs', BUILD_DIR), new URL(`baseline-${name}.mjs`, BUILD_DIR));
}

/** In a child: announces `value` (its URL and facts) and answers the parent's requests. */
export function serveParent(ready: unknown, handlers: Record<string, (arg?: string) => unknown> = {}): void {
  const send = (reply: Reply) => process.send?.(reply);
  const all: Record<string, (arg?: string) => unknown> = {
    usage: (): Usage => {
      const cpu = process.cpuUsage();
      return { cpuMicros: cpu.user + cpu.system, rss: process.memoryUsage().rss };
    },
    ...profiler(),
    ...handlers,
  };
  process.on('message', (message: Request) => {
    const handler = all[message.type];
    Promise.resolve()
      .then(() => {
        if (!handler) throw new Error(`no handler for ${message.type}`);
        return handler(message.arg);
      })
      .then(
        (value) => send({ id: message.id, ok: true, value }),
        (error: unknown) => send({ id: message.id, ok: false, error: String(error) }),
      );
  });
  // The parent going away (Ctrl-C, crash) must not leave servers behind.
  process.on('disconnect', () => process.exit(0));
  send({ id: READY_ID, ok: true, value: ready });
}

/** In the parent: one child server process. */
export class ChildServer<Ready> {
  private nextId = 1;
  private readonly pending = new Map<number, { resolve(value: unknown): void; reject(error: Error): void }>();

  private constructor(
    readonly name: string,
    private readonly child: ChildProcess,
    readonly ready: Ready,
  ) {
    child.on('message', (reply: Reply) => {
      const waiter = this.pending.get(reply.id);
      if (!waiter) return;
      this.pending.delete(reply.id);
      if (reply.ok) waiter.resolve(reply.value);
      else waiter.reject(new Error(`${name}: ${reply.error}`));
    });
  }

  get pid(): number {
    return this.child.pid ?? -1;
  }

  /** Starts `bench/<script>`, which `buildChildren` has compiled. */
  static start<Ready>(name: string, script: string, env: Record<string, string>, execArgv: string[] = []): Promise<ChildServer<Ready>> {
    const child = fork(fileURLToPath(new URL(script.replace(/^\.\//, '').replace(/\.ts$/, '.mjs'), BUILD_DIR)), [], {
      execArgv,
      env: { ...process.env, ...env },
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    return new Promise((resolve, reject) => {
      const onExit = (code: number | null) => reject(new Error(`${name} exited with ${code} before it was ready`));
      child.once('exit', onExit);
      child.once('error', reject);
      child.once('message', (reply: Reply) => {
        child.off('exit', onExit);
        if (reply.id === READY_ID && reply.ok) resolve(new ChildServer<Ready>(name, child, reply.value as Ready));
        else reject(new Error(`${name} did not start: ${JSON.stringify(reply)}`));
      });
    });
  }

  request<T>(type: string, arg?: string): Promise<T> {
    const id = this.nextId++;
    return new Promise<T>((resolve, reject) => {
      this.pending.set(id, { resolve: (value) => resolve(value as T), reject });
      this.child.send({ id, type, ...(arg === undefined ? {} : { arg }) } satisfies Request);
    });
  }

  usage(): Promise<Usage> {
    return this.request<Usage>('usage');
  }

  async stop(): Promise<void> {
    if (this.child.exitCode !== null) return;
    const exited = new Promise<void>((resolve) => this.child.once('exit', () => resolve()));
    this.child.kill('SIGTERM');
    const force = setTimeout(() => this.child.kill('SIGKILL'), 5000);
    await exited;
    clearTimeout(force);
  }
}
