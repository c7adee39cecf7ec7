// The one walk over GraphQL selections, shared by operation limits, require-credential,
// governance's cost compiler, the cache's policy and usage coordinates: the fragment map of a
// document and a selection walker that follows fragment spreads and inline fragments, leaving
// what to keep and when to stop to the caller.

import { Kind, type DocumentNode, type FieldNode, type FragmentDefinitionNode, type SelectionNode, type SelectionSetNode } from 'graphql';

export type Fragments = ReadonlyMap<string, FragmentDefinitionNode>;

/** The document's fragment definitions by name. */
export function fragmentsOf(document: DocumentNode): Fragments {
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const definition of document.definitions) {
    if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);
  }
  return fragments;
}

export interface SelectionVisitor<S> {
  /**
   * Every selection, before it is followed: the state it (and what it spreads) is walked with,
   * or `null` to leave it out. `fragment` is the definition a spread names, when there is one.
   */
  enter(selection: SelectionNode, state: S, fragment: FragmentDefinitionNode | undefined): S | null;
  /** Every field reached, with the state `enter` gave it. Its own selection set is not walked. */
  field(field: FieldNode, state: S): void;
}

/** Walks one selection set, through fragment spreads (that exist) and inline fragments. */
export function walkSelections<S>(selectionSet: SelectionSetNode, fragments: Fragments, state: S, visitor: SelectionVisitor<S>): void {
  for (const selection of selectionSet.selections) {
    const fragment = selection.kind === Kind.FRAGMENT_SPREAD ? fragments.get(selection.name.value) : undefined;
    const own = visitor.enter(selection, state, fragment);
    if (own === null) continue;
    if (selection.kind === Kind.FIELD) visitor.field(selection, own);
    else if (selection.kind === Kind.INLINE_FRAGMENT) walkSelections(selection.selectionSet, fragments, own, visitor);
    else if (fragment) walkSelections(fragment.selectionSet, fragments, own, visitor);
  }
}

/** The fields a selection set selects at its own level, each fragment followed once. */
export function rootFields(selectionSet: SelectionSetNode, fragments: Fragments): FieldNode[] {
  const fields: FieldNode[] = [];
  const seen = new Set<string>();
  walkSelections(selectionSet, fragments, undefined, {
    enter(selection, state, fragment) {
      if (selection.kind !== Kind.FRAGMENT_SPREAD) return state;
      if (!fragment || seen.has(fragment.name.value)) return null;
      seen.add(fragment.name.value);
      return state;
    },
    field: (field) => fields.push(field),
  });
  return fields;
}

/** The names of `rootFields`. */
export function rootFieldNames(selectionSet: SelectionSetNode, fragments: Fragments): string[] {
  return rootFields(selectionSet, fragments).map((field) => field.name.value);
}
