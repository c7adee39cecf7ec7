import type { DocumentNode, FieldNode, OperationDefinitionNode } from 'graphql';
import { fragmentsOf, rootFields } from '../security/ast.js';

/**
 * Which GET answers a client may keep and revalidate (`Cache-Control: private, no-cache` and a
 * weak ETag, src/http/compression.ts): those whose root fields all read numbers by page or by
 * id, next to reference data (which has a max-age of its own) and `__typename`. Numbers change
 * under the caller's feet, so nothing may be served from a cache without asking; but the screen
 * polled most (a numbers page) is then a 304 without a body whenever nothing changed.
 * `node`/`nodes` are listed ahead of the schema (Relay's Node interface): a root field the
 * schema lacks never validates, so naming it here changes nothing until it exists.
 */
export const REVALIDATED_ROOT_FIELDS: ReadonlySet<string> = new Set(['numbers', 'number', 'numberByNumber', 'node', 'nodes']);

/** The root fields of an operation, through fragments and inline fragments (each fragment once). */
export function rootFieldsOf(document: DocumentNode, operation: OperationDefinitionNode): FieldNode[] {
  return rootFields(operation.selectionSet, fragmentsOf(document));
}

/**
 * Whether a query's answer is revalidated: every root field is a numbers read, `__typename`, or
 * cacheable on its own (`cacheable(field)`: reference data with a max-age); at least one is a
 * numbers read (an answer of reference data alone keeps its max-age).
 */
export function isRevalidated(fields: readonly FieldNode[], cacheable: (field: FieldNode) => boolean): boolean {
  let reads = 0;
  for (const field of fields) {
    const name = field.name.value;
    if (REVALIDATED_ROOT_FIELDS.has(name)) reads += 1;
    else if (name !== '__typename' && !cacheable(field)) return false;
  }
  return reads > 0;
}
