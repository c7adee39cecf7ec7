import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from '@jest/globals';
import { parse } from 'yaml';
import { CONFIG_VARIABLES } from '../../src/config-env.js';
import { loadConfig } from '../../src/config.js';

/** Docker does not run here: these check the deployment files against the code they run. */

const read = (path: string) => readFileSync(new URL(`../../${path}`, import.meta.url), 'utf8');
const exists = (path: string) => existsSync(new URL(`../../${path}`, import.meta.url));

interface Service {
  build?: unknown;
  image?: string;
  command?: string[];
  environment?: Record<string, string>;
  env_file?: string;
  ports?: string[];
  depends_on?: Record<string, { condition: string }>;
  healthcheck?: { test: string[]; interval: string; timeout: string; retries: number };
  deploy?: { replicas: number };
}

const compose = parse(read('docker-compose.yml'), { merge: true }) as { services: Record<string, Service> };
const { services } = compose;
const service = (name: string): Service => services[name] ?? {};

function envFile(path: string): Record<string, string> {
  const entries = read(path)
    .split('\n')
    .filter((line) => line.trim() !== '' && !line.startsWith('#'))
    .map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)] as const);
  return Object.fromEntries(entries);
}

describe('docker-compose.yml', () => {
  it('runs the simulator, Redis, two gateway replicas and a load balancer', () => {
    expect(Object.keys(services).sort()).toEqual(['gateway', 'lb', 'redis', 'simulator']);
    expect(service('gateway').deploy).toEqual({ replicas: 2 });
    expect(service('simulator').command).toEqual(['node', 'dist/simulator/main.js']);
    expect(exists('src/simulator/main.ts')).toBe(true);
    expect(service('simulator').environment).toEqual({ SIMULATOR_HOST: '0.0.0.0', SIMULATOR_PORT: '4010' });
    expect([service('simulator').image, service('gateway').image]).toEqual(['numbers-gateway:local', 'numbers-gateway:local']);
    expect(service('simulator').build).toBe('.');
  });

  it('exposes one port, the load balancer, in front of the replicas on the port they listen on', () => {
    const published = Object.entries(services).filter(([, s]) => s.ports !== undefined);
    expect(published.map(([name, s]) => [name, s.ports])).toEqual([['lb', ['${GATEWAY_PUBLIC_PORT:-4000}:8080']]]);
    const nginx = read('deploy/nginx.conf');
    expect(nginx).toContain('listen 8080;');
    expect(nginx).toContain(`server gateway:${envFile('deploy/gateway.env').PORT} resolve`);
    expect(nginx).toContain('proxy_set_header X-Forwarded-For $remote_addr;');
  });

  it('fails over from a replica that disappears within seconds, never replaying a request it was sent', () => {
    const directives = read('deploy/nginx.conf')
      .split('\n')
      .map((line) => line.replace(/#.*/, '').trim())
      .filter((line) => line !== '');
    // A stopped container's address does not refuse, it stops answering: only a short connect
    // timeout that counts as a reason to try the next replica turns that into a failover.
    expect(directives).toContain('proxy_connect_timeout 2s;');
    expect(directives).toContain('proxy_next_upstream error timeout;');
    expect(directives).toContain('proxy_next_upstream_tries 3;');
    expect(directives).toContain('proxy_next_upstream_timeout 5s;');
    expect(directives).toContain(`server gateway:${envFile('deploy/gateway.env').PORT} resolve max_fails=1 fail_timeout=10s;`);
    // A DNS refresh while a request connects to a gone replica ends nginx's own retries; one
    // more pass recovers it, and only when not one byte of the request reached a replica.
    expect(directives).toContain('error_page 502 504 = @replay_unsent;');
    expect(directives.join('\n')).toContain(
      'location @replay_unsent {\nif ($upstream_bytes_sent !~ "^0(, 0)*$") {\nreturn 502;\n}\nproxy_pass http://gateways;',
    );
    // nginx's default keeps a POST already sent to one replica from being sent to another.
    expect(directives.filter((line) => line.includes('non_idempotent'))).toEqual([]);
  });

  it('gives every service a healthcheck and starts each only after what it needs is healthy', () => {
    for (const [name, s] of Object.entries(services)) {
      expect([name, s.healthcheck?.test[0]]).toEqual([name, 'CMD']);
      expect([name, s.healthcheck?.interval, s.healthcheck?.retries]).toEqual([name, '5s', 10]);
    }
    expect(service('gateway').healthcheck?.test.join(' ')).toContain('http://127.0.0.1:4000/health/ready');
    expect(service('gateway').depends_on).toEqual({ simulator: { condition: 'service_healthy' }, redis: { condition: 'service_healthy' } });
    expect(service('lb').depends_on).toEqual({ gateway: { condition: 'service_healthy' } });
  });

  it('configures the replicas from deploy/gateway.env with variables src/config.ts reads and accepts', () => {
    expect(service('gateway').env_file).toBe('deploy/gateway.env');
    const env = envFile('deploy/gateway.env');
    expect(Object.keys(env).filter((name) => !CONFIG_VARIABLES.includes(name))).toEqual([]);
    const config = loadConfig(env);
    expect([config.env, config.host, config.port, config.upstream.url, config.redis.url, config.rateLimit.trustProxy]).toEqual([
      'production',
      '0.0.0.0',
      4000,
      'http://simulator:4010',
      'redis://redis:6379',
      true,
    ]);
  });
});

describe('Dockerfile', () => {
  const dockerfile = read('Dockerfile');
  const instructions = dockerfile
    .replace(/\\\n\s*/g, ' ')
    .split('\n')
    .filter((line) => /^[A-Z]+ /.test(line));

  it('builds in stages and runs production dependencies as a non-root user', () => {
    expect(instructions.filter((line) => line.startsWith('FROM '))).toEqual(['FROM node:24-slim AS build', 'FROM node:24-slim AS deps', 'FROM node:24-slim']);
    expect(instructions).toContain('RUN npm run build && npm run graphiql:build');
    expect(instructions).toContain('RUN npm ci --omit=dev --ignore-scripts --no-audit --no-fund && npm cache clean --force');
    expect(instructions).toContain('USER node');
    expect(instructions.at(-1)).toBe('CMD ["node", "dist/index.js"]');
  });

  it("ships the client registry where .env.example's PERSISTED_DOCUMENTS_DIR points (/app/clients)", () => {
    expect(instructions).toContain('COPY clients ./clients');
    expect(read('.env.example')).toContain('# PERSISTED_DOCUMENTS_DIR=/app/clients\n');
  });

  it('checks liveness with node itself (the slim image has no curl)', () => {
    const healthcheck = instructions.find((line) => line.startsWith('HEALTHCHECK '));
    expect(healthcheck).toContain('CMD ["node", "-e", "fetch(\'http://127.0.0.1:\' + (process.env.PORT || 4000) + \'/health/live\')');
  });

  it('leaves the tests, the git history and local secrets out of the build context', () => {
    const ignored = read('.dockerignore').split('\n');
    expect(['node_modules', 'dist', '.git', '.env', 'test'].filter((entry) => !ignored.includes(entry))).toEqual([]);
  });
});

describe('documentation of the environment', () => {
  // docs/configuration.md is checked both ways by test/schema/configuration-docs.test.ts.
  it('lists every variable src/config.ts reads in .env.example', () => {
    const example = read('.env.example');
    expect(CONFIG_VARIABLES.filter((name) => !new RegExp(`^#? ?${name}=`, 'm').test(example))).toEqual([]);
  });

  it('sets in .env.example only the defaults it says they are, so `cp .env.example .env` changes nothing', () => {
    const set = read('.env.example')
      .split('\n')
      .filter((line) => /^[A-Z]/.test(line))
      .map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)] as const);
    expect(set.length).toBeGreaterThan(0);
    expect(loadConfig(Object.fromEntries(set))).toEqual(loadConfig({}));
  });

  it('names no variable in .env.example that src/config.ts does not read (a copied .env would set it for nothing)', () => {
    const example = read('.env.example');
    const named = [...example.matchAll(/^#? ?([A-Z][A-Z0-9_]*)=/gm)].map((m) => m[1]!);
    expect(named.filter((name) => !CONFIG_VARIABLES.includes(name))).toEqual([]);
  });
});

describe('npm start', () => {
  it("replaces npm's shell with node, so the SIGTERM npm forwards reaches the gateway", () => {
    // Without `exec`, dash keeps the shell between npm and node, and a SIGTERM to npm leaves the
    // gateway running as an orphan.
    const { scripts } = JSON.parse(read('package.json')) as { scripts: Record<string, string> };
    expect(scripts.start).toBe('exec node scripts/start.mjs');
    expect(read('scripts/start.mjs')).toContain('await import(pathToFileURL(output).href);');
  });
});
