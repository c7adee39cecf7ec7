import { buildASTSchema, concatAST, lexicographicSortSchema, parse, printSchema } from 'graphql';
import { fileURLToPath } from 'node:url';
import { loadTypeDefs } from '../src/schema.js';

/**
 * `schema.graphql` at the repo root: the whole contract in one SDL file, printed from the same
 * `schema/*.graphql` type definitions the gateway serves, for frontends to generate typed
 * operations from. Sorted by name, so moving a type between files does not change it.
 */
export const SCHEMA_ARTIFACT_PATH = fileURLToPath(new URL('../schema.graphql', import.meta.url));

const HEADER = `# The numbers gateway's GraphQL schema, printed by \`npm run schema:print\` from schema/*.graphql.
# Do not edit: change schema/ and print again. CI fails when this file is out of date.
`;

export function renderSchemaArtifact(): string {
  const schema = buildASTSchema(concatAST(loadTypeDefs().map((sdl) => parse(sdl))));
  return `${HEADER}\n${printSchema(lexicographicSortSchema(schema))}\n`;
}
