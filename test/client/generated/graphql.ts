/* eslint-disable */
/** Internal type. DO NOT USE DIRECTLY. */
type Exact<T extends { [key: string]: unknown }> = { [K in keyof T]: T[K] };
/** Internal type. DO NOT USE DIRECTLY. */
export type Incremental<T> = T | { [P in keyof T]?: P extends ' $fragmentName' | '__typename' ? T[P] : never };
import type { TypedDocumentNode as DocumentNode } from '@graphql-typed-document-node/core';
/** Buys an available number for your unit. */
export type AcquireNumberInput = {
  /** A number from `acquirableNumbers` or `Prefix.acquirableNumbers`, e.g. `01224069352`. */
  number: string;
};

/**
 * Where an incoming number is used: an ordinary `INCOMING` number that callers dial, or a
 * `UTILITY` number used internally.
 */
export type NumberContext =
  /** A number that receives calls from the outside world. */
  | 'INCOMING'
  /** An internal number used by the telephony system itself. */
  | 'UTILITY';

/** The verification state of a number's subscriber details. */
export type SubscriberStatus =
  /** The provider rejected the details; update them to try again. */
  | 'REJECTED'
  /** No details checked yet, or a state this gateway does not know. */
  | 'UNKNOWN'
  /** The provider accepted the details. */
  | 'VALIDATED'
  /** Details were submitted and await validation by the provider. */
  | 'VALIDATION_PENDING';

export type ClientNumbersDashboardQueryVariables = Exact<{
  first: number;
}>;


export type ClientNumbersDashboardQuery = { numbers: { totalCount: number, nodes: Array<{ id: string, number: string, e164: string, context: NumberContext, destination: { type: string, name: string | null } | null, subscriber: { name: string | null, status: SubscriberStatus } | null, prefix: { areaName: string } | null }>, pageInfo: { hasNextPage: boolean, endCursor: string | null } } | null };

export type ClientAcquireNumberMutationVariables = Exact<{
  input: AcquireNumberInput;
}>;


export type ClientAcquireNumberMutation = { acquireNumber: { number: { id: string, e164: string } | null, userErrors: Array<{ field: Array<string> | null, message: string, code: string }> } | null };


export const ClientNumbersDashboardDocument = {"__meta__":{"hash":"sha256:1fae9104059a16982616db09f7d7d6dba28ec61f012b55fb9e4207689942cc57"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"ClientNumbersDashboard"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"first"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"numbers"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"Variable","name":{"kind":"Name","value":"first"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"totalCount"}},{"kind":"Field","name":{"kind":"Name","value":"nodes"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"number"}},{"kind":"Field","name":{"kind":"Name","value":"e164"}},{"kind":"Field","name":{"kind":"Name","value":"context"}},{"kind":"Field","name":{"kind":"Name","value":"destination"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"type"}},{"kind":"Field","name":{"kind":"Name","value":"name"}}]}},{"kind":"Field","name":{"kind":"Name","value":"subscriber"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"status"}}]}},{"kind":"Field","name":{"kind":"Name","value":"prefix"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"areaName"}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"pageInfo"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"hasNextPage"}},{"kind":"Field","name":{"kind":"Name","value":"endCursor"}}]}}]}}]}}]} as unknown as DocumentNode<ClientNumbersDashboardQuery, ClientNumbersDashboardQueryVariables>;
export const ClientAcquireNumberDocument = {"__meta__":{"hash":"sha256:1cef781b601c55db831a569a47fef762eb3d869b64364bef1240946bddd3de85"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"ClientAcquireNumber"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"AcquireNumberInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"acquireNumber"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"number"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"e164"}}]}},{"kind":"Field","name":{"kind":"Name","value":"userErrors"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"field"}},{"kind":"Field","name":{"kind":"Name","value":"message"}},{"kind":"Field","name":{"kind":"Name","value":"code"}}]}}]}}]}}]} as unknown as DocumentNode<ClientAcquireNumberMutation, ClientAcquireNumberMutationVariables>;