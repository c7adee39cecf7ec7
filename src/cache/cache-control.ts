import type { ApolloServerPlugin, BaseContext, GraphQLRequestContextWillSendResponse } from '@apollo/server';
import {
  getNamedType,
  isAbstractType,
  isCompositeType,
  Kind,
  type DirectiveNode,
  type DocumentNode,
  type GraphQLCompositeType,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type FieldNode,
} from 'graphql';
import { fragmentsOf, walkSelections, type SelectionVisitor } from '../security/ast.js';
import { isRevalidated, rootFieldsOf } from './revalidation.js';

type Scope = 'PUBLIC' | 'PRIVATE';

/** A `@cacheControl` directive as written in schema/. */
interface Hint {
  maxAge?: number;
  scope?: Scope;
  inheritMaxAge?: boolean;
}

/** What a response may be cached for; `null`: not at all. */
type Policy = { maxAge: number; scope: Scope } | null;

/** What a successful answer of one operation says: a max-age, revalidate only (GET), or nothing. */
type Decision = { policy: Policy; revalidate: boolean };

/** The header of a GET answer a client may keep but must revalidate (src/cache/revalidation.ts). */
export const REVALIDATE = 'private, no-cache';

function hintOf(directives: readonly DirectiveNode[] | undefined): Hint | undefined {
  const directive = directives?.find((d) => d.name.value === 'cacheControl');
  if (!directive) return undefined;
  const arg = (name: string) => directive.arguments?.find((a) => a.name.value === name)?.value;
  const scopeValue = arg('scope');
  const scope = scopeValue?.kind === Kind.ENUM && (scopeValue.value === 'PUBLIC' || scopeValue.value === 'PRIVATE') ? scopeValue.value : undefined;
  const inherit = arg('inheritMaxAge');
  if (inherit?.kind === Kind.BOOLEAN && inherit.value) return { inheritMaxAge: true, scope };
  const maxAge = arg('maxAge');
  return { maxAge: maxAge?.kind === Kind.INT ? Number.parseInt(maxAge.value, 10) : undefined, scope };
}

function typeHint(type: GraphQLCompositeType): Hint {
  return hintOf(type.astNode?.directives) ?? type.extensionASTNodes.map((node) => hintOf(node.directives)).find(Boolean) ?? {};
}

/**
 * The policy of one operation, from the schema's static hints and Apollo's rules: a field's
 * hint overrides its type's; a root field, or a field returning an object, without a maxAge
 * makes the response uncacheable (default maxAge 0) unless it inherits its parent's; the
 * response gets the smallest maxAge, and PRIVATE as soon as one field says so. Every field in
 * the document counts, including those under a parent that turns out null, so the policy is
 * never longer than the one Apollo's plugin computes while resolving.
 */
function policyOf(schema: GraphQLSchema, document: DocumentNode, operation: OperationDefinitionNode): Policy {
  const fragments = fragmentsOf(document);
  let maxAge: number | undefined;
  let scope: Scope | undefined;
  const visitedFragments = new Set<string>();

  const visitor: SelectionVisitor<{ parent: GraphQLCompositeType; root: boolean }> = {
    enter(selection, state, spread) {
      if (selection.kind === Kind.FIELD) return state;
      const fragment = selection.kind === Kind.FRAGMENT_SPREAD ? spread : selection;
      if (!fragment || (selection.kind === Kind.FRAGMENT_SPREAD && visitedFragments.has(selection.name.value))) return null;
      if (selection.kind === Kind.FRAGMENT_SPREAD) visitedFragments.add(selection.name.value);
      const condition = fragment.typeCondition ? schema.getType(fragment.typeCondition.name.value) : state.parent;
      return condition && isCompositeType(condition) ? { parent: condition, root: state.root } : null;
    },
    field(selection, { parent, root }) {
      const name = selection.name.value;
      // Introspection fields are never instrumented by Apollo either; abstract parents: each possible type's field.
      if (name.startsWith('__')) return;
      const owners = isAbstractType(parent) ? schema.getPossibleTypes(parent) : [parent];
      for (const owner of owners) {
        const field = 'getFields' in owner ? owner.getFields()[name] : undefined;
        if (!field) continue;
        const named = getNamedType(field.type);
        const target = isCompositeType(named) ? named : undefined;
        let fieldMaxAge: number | undefined;
        let fieldScope: Scope | undefined;
        let inherit = false;
        if (target) {
          const hint = typeHint(target);
          fieldMaxAge = hint.maxAge;
          fieldScope = hint.scope;
          inherit = hint.inheritMaxAge === true;
        }
        const own = hintOf(field.astNode?.directives) ?? {};
        if (own.inheritMaxAge && fieldMaxAge === undefined) {
          inherit = true;
          fieldScope = own.scope ?? fieldScope;
        } else {
          fieldMaxAge = own.maxAge ?? fieldMaxAge;
          fieldScope = own.scope ?? fieldScope;
        }
        if (fieldMaxAge === undefined && ((target && !inherit) || root)) fieldMaxAge = 0;
        if (fieldMaxAge !== undefined && (maxAge === undefined || fieldMaxAge < maxAge)) maxAge = fieldMaxAge;
        if (fieldScope !== undefined && scope !== 'PRIVATE') scope = fieldScope;
        if (target && selection.selectionSet) walkSelections(selection.selectionSet, fragments, { parent: target, root: false }, visitor);
      }
    },
  };

  const rootType = schema.getRootType(operation.operation);
  if (rootType) walkSelections(operation.selectionSet, fragments, { parent: rootType, root: true }, visitor);
  return maxAge === undefined || maxAge === 0 ? null : { maxAge, scope: scope ?? 'PUBLIC' };
}

/**
 * Sets `Cache-Control` from the schema's `@cacheControl` hints, in place of Apollo's
 * cache-control plugin (which server.ts disables). The hints are static and no resolver sets
 * one, so the policy is a function of the document: computed once per parsed document (Apollo
 * reuses the same DocumentNode for a repeated query) instead of per resolved field. Apollo's
 * plugin has a `willResolveField` hook, which makes Apollo wrap every field resolver of the
 * schema and allocate a hint object per field of every response. GET answers of numbers reads
 * get `private, no-cache` (revalidation.ts). Responses with errors, mutations, and other
 * uncacheable ones get `no-store`.
 */
export function useCacheControl(): ApolloServerPlugin {
  let schema: GraphQLSchema | undefined;
  const decisions = new WeakMap<DocumentNode, Map<OperationDefinitionNode, Decision>>();
  function decide(schema: GraphQLSchema, document: DocumentNode, operation: OperationDefinitionNode): Decision {
    const policy = policyOf(schema, document, operation);
    if (policy || operation.operation !== 'query') return { policy, revalidate: false };
    // A root field is cacheable on its own when the operation cut down to it has a policy.
    const alone = (field: FieldNode) => policyOf(schema, document, { ...operation, selectionSet: { kind: Kind.SELECTION_SET, selections: [field] } }) !== null;
    return { policy, revalidate: isRevalidated(rootFieldsOf(document, operation), alone) };
  }
  function cachedDecision(document: DocumentNode, operation: OperationDefinitionNode): Decision | undefined {
    let byOperation = decisions.get(document);
    if (!byOperation) decisions.set(document, (byOperation = new Map()));
    let decision = byOperation.get(operation);
    if (decision === undefined && schema) byOperation.set(operation, (decision = decide(schema, document, operation)));
    return decision;
  }
  // One listener for every request: it keeps nothing of its own per request.
  const listener = {
    async willSendResponse({ response, document, operation, request }: GraphQLRequestContextWillSendResponse<BaseContext>) {
      const single = response.body.kind === 'single' && !response.body.singleResult.errors;
      const decision = single && document && operation ? cachedDecision(document, operation) : undefined;
      const policy = decision?.policy;
      let header = policy ? `max-age=${policy.maxAge}, ${policy.scope.toLowerCase()}` : 'no-store';
      // Only GET answers: a browser never reuses the answer of a POST.
      if (!policy && decision?.revalidate && request.http?.method === 'GET') header = REVALIDATE;
      response.http.headers.set('cache-control', header);
    },
  };
  return {
    async serverWillStart(service) {
      schema = service.schema;
    },
    requestDidStart: async () => listener,
  };
}
