import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from '@jest/globals';

/**
 * A clone of the repository is its own documentation: every link in the docs and the schema's
 * descriptions resolves to a file of the repository or to the gateway on loopback.
 */

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const DOCS = [
  'README.md',
  ...readdirSync(resolve(ROOT, 'docs'))
    .filter((name) => name.endsWith('.md'))
    .sort()
    .map((name) => `docs/${name}`),
  'src/simulator/README.md',
  'bench/RESULTS.md',
  'schema.graphql',
];
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

/** GitHub's heading anchors: lower case, punctuation dropped, spaces as hyphens. */
function anchors(markdown: string): Set<string> {
  const headings = [...markdown.replace(/```[\s\S]*?```/g, '').matchAll(/^#{1,6} (.+)$/gm)].map((m) => m[1]!);
  return new Set(
    headings.map((heading) =>
      heading
        .toLowerCase()
        .replace(/[^\p{L}\p{N} _-]/gu, '')
        .replace(/ /g, '-'),
    ),
  );
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

  it.each(DOCS.filter((doc) => doc.endsWith('.md')))('%s links only to headings that exist', (doc) => {
    const path = resolve(ROOT, doc);
    const broken = links(readFileSync(path, 'utf8')).filter((link) => {
      const [file, anchor] = link.split('#');
      if (anchor === undefined || /^[a-z]+:/i.test(link)) return false;
      const target = file === '' ? path : resolve(dirname(path), file!);
      if (!target.endsWith('.md') || !existsSync(target)) return false;
      return !anchors(readFileSync(target, 'utf8')).has(anchor);
    });
    expect(broken).toEqual([]);
  });

  // A page that names a file (`src/pipeline.ts`, `test/ops/`) names one that exists, so a move
  // or a rename (issue 17's folders) fails here instead of leaving the docs pointing at nothing.
  it.each(DOCS.filter((doc) => doc.endsWith('.md')))('%s names only repository paths that exist', (doc) => {
    const text = readFileSync(resolve(ROOT, doc), 'utf8');
    const cited = [...text.matchAll(/`((?:src|test|bench|scripts|schema|docs)\/[\w./-]*)`/g)].map((m) => m[1]!);
    expect([...new Set(cited)].filter((path) => !existsSync(resolve(ROOT, path)))).toEqual([]);
  });
});
