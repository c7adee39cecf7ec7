import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sha256Hex } from '../../src/governance/trusted-documents/manifest.js';

/**
 * A small released schema and two registered clients for the schema:check tests: each test
 * changes the SDL and reads what the check says.
 */
export const RELEASED_SDL = `
type Query {
  numbers(
    first: Int
    context: Context
    destinationType: String @deprecated(reason: "Use destinationKind. Removal not before 2027-06-01.")
    destinationKind: Kind
  ): [Number!]!
}

type Mutation {
  route(input: RouteInput!): Number
}

input RouteInput {
  id: ID!
  kind: Kind
}

type Number {
  id: ID!
  type: String @deprecated(reason: "Use kind. Removal not before 2027-06-01.")
  kind: Kind!
  legacy: String @deprecated(reason: "Use id. Removal not before 2026-01-01.")
  note: String
}

enum Context {
  INCOMING
  UTILITY
}

enum Kind {
  MENU
  QUEUE
}
`;

export const DASHBOARD = 'query Dashboard { numbers(first: 3, context: UTILITY) { id type } }';
export const PAGE = 'query Page($first: Int) { numbers(first: $first) { id kind } }';
export const ROUTE = 'mutation Route($input: RouteInput!) { route(input: $input) { id } }';

/** `clients/` with ios-app 3.2.0 (Dashboard) and web 1.0.0 (Page, Route) in a temp folder. */
export function fixtureRegistry(): string {
  const dir = mkdtempSync(join(tmpdir(), 'schema-check-'));
  const write = (path: string, documents: string[]) => {
    mkdirSync(join(dir, path, '..'), { recursive: true });
    writeFileSync(join(dir, path), JSON.stringify(Object.fromEntries(documents.map((document) => [`sha256:${sha256Hex(document)}`, document]))));
  };
  write('ios-app/3.2.0.json', [DASHBOARD]);
  write('web/1.0.0.json', [PAGE, ROUTE]);
  return dir;
}

/** RELEASED_SDL with each `[from, to]` replaced once (each must be found). */
export function changed(...edits: [from: string, to: string][]): string {
  return edits.reduce((sdl, [from, to]) => {
    if (!sdl.includes(from)) throw new Error(`fixture edit not found: ${from}`);
    return sdl.replace(from, to);
  }, RELEASED_SDL);
}
