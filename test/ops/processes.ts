import { spawn, spawnSync, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { once } from 'node:events';
import { createServer } from 'node:net';

/** Real processes a test starts; every one is killed when the test process exits, whatever happens. */
export interface Proc {
  name: string;
  child: ChildProcessWithoutNullStreams;
  output(): string;
  /** Resolves with the first match of `pattern` in the output (stdout and stderr). */
  waitFor(pattern: RegExp): Promise<RegExpExecArray>;
  /** Sends `signal` and resolves with the exit code (null when killed by a signal). */
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

const running = new Set<ChildProcessWithoutNullStreams>();
process.once('exit', () => {
  for (const child of running) child.kill('SIGKILL');
});

/** Longest wait for a process to say it is ready: swc compiles the TypeScript on start, and CI machines are busy. */
const READY_WAIT_MS = 30_000;

export function startProcess(name: string, command: string, args: string[], env: Record<string, string>, options: { cwd?: string } = {}): Proc {
  const child = spawn(command, args, { env: { PATH: process.env.PATH ?? '', ...env }, stdio: ['pipe', 'pipe', 'pipe'], cwd: options.cwd });
  running.add(child);
  child.once('exit', () => running.delete(child));
  let output = '';
  const waiters = new Set<() => void>();
  const onData = (chunk: Buffer) => {
    output += chunk.toString();
    for (const check of waiters) check();
  };
  child.stdout.on('data', onData);
  child.stderr.on('data', onData);
  const exited = once(child, 'exit') as Promise<[number | null, NodeJS.Signals | null]>;

  return {
    name,
    child,
    output: () => output,
    waitFor(pattern) {
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => finish(new Error(`${name}: no ${pattern} within ${READY_WAIT_MS} ms; output:\n${output}`)), READY_WAIT_MS);
        const onExit = () => finish(new Error(`${name} exited (code ${child.exitCode}) before printing ${pattern}; output:\n${output}`));
        const check = () => {
          const match = pattern.exec(output);
          if (match) finish(undefined, match);
        };
        function finish(error: Error | undefined, match?: RegExpExecArray) {
          clearTimeout(timer);
          waiters.delete(check);
          child.off('exit', onExit);
          if (error) reject(error);
          else if (match) resolve(match);
        }
        waiters.add(check);
        child.once('exit', onExit);
        check();
      });
    },
    async stop(signal = 'SIGTERM') {
      if (child.exitCode !== null || child.signalCode !== null) return child.exitCode;
      child.kill(signal);
      const [code] = await exited;
      return code;
    },
  };
}

/** A port free on loopback right now (the OS picks it; the caller binds it soon after). */
export async function freePort(): Promise<number> {
  const server = createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const address = server.address();
  const port = typeof address === 'object' && address !== null ? address.port : 0;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** The TypeScript entry points run as they are, as `npm start` and `npm run simulator` do. */
const TS = ['--import', '@swc-node/register/esm-register'];

export async function startSimulatorProcess(extraEnv: Record<string, string> = {}): Promise<{ proc: Proc; url: string }> {
  const port = await freePort();
  const proc = startProcess('simulator', process.execPath, [...TS, 'src/simulator/main.ts'], {
    SIMULATOR_HOST: '127.0.0.1',
    SIMULATOR_PORT: String(port),
    SIMULATOR_FAULTS: 'true',
    ...extraEnv,
  });
  await proc.waitFor(/REST v2 simulator listening/);
  return { proc, url: `http://127.0.0.1:${port}` };
}

/** A gateway replica as its own process, through the real entry point (src/index.ts). */
export async function startGatewayProcess(name: string, env: Record<string, string>): Promise<{ proc: Proc; url: string }> {
  const proc = startProcess(name, process.execPath, [...TS, 'src/index.ts'], {
    NODE_ENV: 'production',
    HOST: '127.0.0.1',
    PORT: '0',
    LOG_LEVEL: 'info',
    ...env,
  });
  const [, url] = await proc.waitFor(/"url":"(http:\/\/[^"]+)\/graphql"/);
  return { proc, url: url ?? '' };
}

/**
 * `redis-server` on a free loopback port (or `port`, to bring a killed one back at the same
 * address), without persistence; fails clearly when not installed.
 */
export async function startRedis(port?: number): Promise<{ proc: Proc; url: string }> {
  const probe = spawnSync('redis-server', ['--version'], { encoding: 'utf8' });
  if (probe.error || probe.status !== 0) {
    throw new Error('redis-server is not installed: the scale-out test needs the Debian package (apt-get install -y redis-server; .ci/run does it)');
  }
  port ??= await freePort();
  const proc = startProcess('redis', 'redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], {});
  await proc.waitFor(/Ready to accept connections/);
  return { proc, url: `redis://127.0.0.1:${port}` };
}
