import { existsSync, readFileSync } from 'node:fs';
import { dirname, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from '@jest/globals';

/**
 * A clone of the repository is its own documentation: every link in the docs and the schema's
 * descriptions resolves to a file of the repository or to the gateway on loopback.
 */

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const DOCS = ['README.md', 'src/simulator/README.md', 'bench/RESULTS.md', 'schema.graphql', 'docs/schema-lifecycle.md'];
/**
 * Loopback, a single-label host (a service of the deployment's own network, such as compose's
 * `otel-collector`: configuration, not a link), or a placeholder in a reserved example domain
 * (RFC 2606).
 */
const ALLOWED = /^https?:\/\/(127\.0\.0\.1|localhost|[a-z0-9-]+|[a-z0-9.-]*\.example|[a-z0-9.-]*example\.(com|org|test))(:\d+)?(\/|$)/;

function links(text: string): string[] {
  const markdown = [...text.matchAll(/\]\(([^)\s]+)\)/g)].map((m) => m[1]!);
  const auto = [...text.matchAll(/<(https?:\/\/[^>\s]+)>/g)].map((m) => m[1]!);
  const bare = [...text.matchAll(/\bhttps?:\/\/[A-Za-z0-9][^\s)>`'"]*/g)].map((m) => m[0]);
  return [...new Set([...markdown, ...auto, ...bare])];
}

describe('documentation links', () => {
  it.each(DOCS)('%s links only inside the repository or to loopback', (doc) => {
    const path = resolve(ROOT, doc);
    const outside = links(readFileSync(path, 'utf8')).filter((link) => {
      if (link.startsWith('#') || ALLOWED.test(link)) return false;
      if (/^[a-z]+:/i.test(link)) return true;
      const target = resolve(dirname(path), link.split('#')[0]!);
      return relative(ROOT, target).startsWith('..') || !existsSync(target);
    });
    expect(outside).toEqual([]);
  });
});
