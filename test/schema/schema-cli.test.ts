import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from '@jest/globals';
import { schemaCheck, schemaRelease, type CommandResult } from '../../scripts/schema-lifecycle/commands.js';
import { changed, fixtureRegistry, RELEASED_SDL } from './fixtures.js';

/**
 * `npm run schema:check` and `npm run schema:release` as CI and a developer run them: the
 * commands in process, and once as the npm script's own process on the repository's tree.
 */

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const work = mkdtempSync(join(tmpdir(), 'schema-cli-'));
const clients = fixtureRegistry();
afterAll(() => {
  rmSync(work, { recursive: true, force: true });
  rmSync(clients, { recursive: true, force: true });
});

const run = (command: 'schema-check' | 'schema-release', args: string[]): Promise<CommandResult> =>
  command === 'schema-check' ? schemaCheck(args) : schemaRelease(args);

let files = 0;
function file(name: string, content: string): string {
  const path = join(work, `${files++}-${name}`);
  writeFileSync(path, content);
  return path;
}

describe('npm run schema:check', () => {
  it("passes on the repository's tree, run as `npm run schema:check` runs it", () => {
    const { status, stdout } = spawnSync('npm', ['run', '--silent', 'schema:check'], {
      cwd: ROOT,
      encoding: 'utf8',
      env: { ...process.env, NODE_OPTIONS: '' },
    });
    expect(stdout).toMatch(/^schema:check: schema\.graphql against the released schema\/released\/schema\.graphql\n/);
    expect(stdout).toContain('registered: 1 client(s), 2 version(s)');
    expect(stdout).toContain('OK: no registered operation or recorded usage breaks');
    expect(status).toBe(0);
    // A process of its own, compiling TypeScript on the fly on a shared machine.
  }, 60_000);

  it('exits 1 with a report naming the client, version, operation and change', async () => {
    const released = file('released.graphql', RELEASED_SDL);
    const schema = file('schema.graphql', changed(['  type: String @deprecated(reason: "Use kind. Removal not before 2027-06-01.")\n', '']));
    const { status, stdout } = await run('schema-check', ['--schema', schema, '--released', released, '--clients', clients, '--today', '2026-12-05']);
    // Files outside the working directory are named by their absolute path, not `../../tmp/…`.
    expect(stdout.split('\n')[0]).toBe(`schema:check: ${schema} against the released ${released}`);
    expect(stdout.split('\n').slice(2)).toEqual([
      '1 change(s): 1 breaking, 0 dangerous, 0 safe',
      "  breaking   Field 'type' (deprecated) was removed from object type 'Number'",
      'FAILED: 3 problem(s)',
      '  ✗ ios-app 3.2.0, operation Dashboard: no longer validates: Cannot query field "type" on type "Number".',
      "  ✗ ios-app 3.2.0, operation Dashboard uses Number.type: Field 'type' (deprecated) was removed from object type 'Number'",
      "  ✗ Number.type is removed before its removal date (2027-06-01): Field 'type' (deprecated) was removed from object type 'Number'",
      '',
    ]);
    expect(status).toBe(1);
  });

  it('prints the report as JSON for tooling with --json', async () => {
    const released = file('released.graphql', RELEASED_SDL);
    const schema = file('schema.graphql', changed(['    first: Int\n', '    first: Int!\n']));
    const { status, stdout } = await run('schema-check', ['--schema', schema, '--released', released, '--clients', clients, '--json']);
    const report = JSON.parse(stdout) as { ok: boolean; summary: unknown; problems: { kind: string; client?: string; operation?: string }[] };
    expect(report.ok).toBe(false);
    expect(report.summary).toEqual({ breaking: 1, dangerous: 0, safe: 0 });
    expect(report.problems.map(({ kind, client, operation }) => [kind, client, operation])).toEqual([
      ['operation-invalid', 'web', 'Page'],
      ['breaks-registered-operation', 'ios-app', 'Dashboard'],
      ['breaks-registered-operation', 'web', 'Page'],
    ]);
    expect(status).toBe(1);
  });

  it('exits 2 naming the file when the usage export is not one', async () => {
    const usage = file('usage.json', JSON.stringify({ format: 'numbers-gateway-usage', version: 2, entries: [] }));
    const { status, stdout, stderr } = await run('schema-check', ['--usage', usage]);
    expect(stdout).toBe('');
    expect(stderr).toBe(`schema:check: --usage ${usage}: not a numbers-gateway-usage export version 1 (version: Invalid input: expected 1)\n`);
    expect(status).toBe(2);
  });
});

describe('npm run schema:release', () => {
  it('records the first release, then each change with its classification, and nothing when nothing changed', async () => {
    const released = join(work, 'release', 'released', 'schema.graphql');
    const changelog = join(work, 'release', 'CHANGELOG.md');
    const release = (sdl: string) =>
      run('schema-release', [
        '--schema',
        file('schema.graphql', sdl),
        '--released',
        released,
        '--changelog',
        changelog,
        '--clients',
        clients,
        '--today',
        '2026-12-05',
      ]);

    expect(await release(RELEASED_SDL)).toMatchObject({ status: 0, stdout: expect.stringContaining('schema:release: wrote ') });
    expect(await release(RELEASED_SDL)).toMatchObject({ status: 0, stdout: expect.stringContaining('is the released schema already; nothing to release.') });
    const additive = changed(['  note: String\n', '  note: String\n  label: String\n'], ['  QUEUE\n', '  QUEUE\n  VOICEMAIL\n']);
    expect((await release(additive)).status).toBe(0);
    expect(readFileSync(released, 'utf8')).toContain('  label: String\n');

    const refused = await release(changed(['  INCOMING\n  UTILITY\n', '  INCOMING\n']));
    expect(refused.stdout).toContain('schema:release: not released; fix the problems above first.');
    expect(refused.status).toBe(1);
    expect(readFileSync(released, 'utf8')).toContain('  UTILITY\n');

    expect(readFileSync(changelog, 'utf8').split('\n## ').slice(1)).toEqual([
      '2026-12-05\n\nFirst released schema: the baseline later changes are checked against.\n\n',
      "2026-12-05\n\nDangerous:\n\n- Enum value 'VOICEMAIL' was added to enum 'Kind'\n\nSafe:\n\n- Field 'label' was added to object type 'Number'\n\n",
    ]);
  });
});
