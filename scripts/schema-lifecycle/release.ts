import { lexicographicSortSchema, printSchema, type GraphQLSchema } from 'graphql';
import type { ClassifiedChange, Level } from './changes.js';

/** What `npm run schema:release` writes: the released schema and a changelog section. */

export const RELEASED_HEADER = `# The last released schema, written by \`npm run schema:release\`. Do not edit.
# \`npm run schema:check\` compares schema.graphql with it (docs/schema-lifecycle.md).
`;

export const CHANGELOG_HEADER = `# Schema changelog

Appended by \`npm run schema:release\`: each release's changes as @graphql-inspector/core
classifies them. See docs/schema-lifecycle.md.
`;

export function releasedSchemaText(schema: GraphQLSchema): string {
  return `${RELEASED_HEADER}\n${printSchema(lexicographicSortSchema(schema))}\n`;
}

const TITLES: Record<Level, string> = { breaking: 'Breaking', dangerous: 'Dangerous', safe: 'Safe' };

/** One release's changelog section; `first` when there was no released schema before. */
export function changelogSection(date: string, changes: ClassifiedChange[], first: boolean): string {
  const lines = [`## ${date}`, ''];
  if (first) lines.push('First released schema: the baseline later changes are checked against.', '');
  for (const level of ['breaking', 'dangerous', 'safe'] as const) {
    const of = changes.filter((change) => change.level === level);
    if (of.length === 0) continue;
    lines.push(`${TITLES[level]}:`, '', ...of.map((change) => `- ${change.message}`), '');
  }
  return `${lines.join('\n')}\n`;
}
