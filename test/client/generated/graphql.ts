/* eslint-disable */
/** Internal type. DO NOT USE DIRECTLY. */
type Exact<T extends { [key: string]: unknown }> = { [K in keyof T]: T[K] };
/** Internal type. DO NOT USE DIRECTLY. */
export type Incremental<T> = T | { [P in keyof T]?: P extends ' $fragmentName' | '__typename' ? T[P] : never };
import type { TypedDocumentNode as DocumentNode } from '@graphql-typed-document-node/core';
/** Buys an available number for your unit. */
export type AcquireNumberInput = {
  /** A number from `acquirableNumbers` or `Prefix.acquirableNumbers`, e.g. `01224069352`, in any form `numberByNumber` takes. */
  number: string;
};

/** A destination to route a number to: its kind (or the deprecated `type`) and its id. */
export type DestinationInput = {
  /** The id of the destination object in your unit. */
  id: string | number;
  /** The kind of destination, e.g. `Menu`; not `UNKNOWN`. Required unless the deprecated `type` is given. */
  kind?: DestinationKind | null | undefined;
  /**
   * The upstream's name of the kind, e.g. `Menu`. With `kind`, both must name the same kind (else
   * an `INVALID_FORMAT` user error).
   * @deprecated Use kind. Removal not before 2027-06-01.
   */
  type?: string | null | undefined;
};

/**
 * The kinds of destination a number can be routed to, spelled as the upstream spells its
 * destination types (`Menu`, `CallGroup`). A kind this gateway does not know yet reads as
 * `UNKNOWN`; its upstream name stays readable in the deprecated `Destination.type`.
 */
export type DestinationKind =
  /** A group of extensions rung together. */
  | 'CallGroup'
  /** A conference room. */
  | 'Conference'
  /** One extension. */
  | 'Extension'
  /** An IVR menu. */
  | 'Menu'
  /** A call queue. */
  | 'Queue'
  /** A kind this gateway does not know yet; `Destination.type` has the upstream's name for it. */
  | 'UNKNOWN'
  /** A voicemail box. */
  | 'Voicemail';

/**
 * Where an incoming number is used: an ordinary `INCOMING` number that callers dial, or a
 * `UTILITY` number used internally.
 */
export type NumberContext =
  /** A number that receives calls from the outside world. */
  | 'INCOMING'
  /** An internal number used by the telephony system itself. */
  | 'UTILITY';

/**
 * How to order `numbers`. Numbers with the same value of `field` are ordered by id in the same
 * direction, so the order is total and pages never overlap.
 */
export type NumberOrder = {
  /** Ascending or descending. */
  direction: OrderDirection;
  /** The field to order by. */
  field: NumberOrderField;
};

/** A field numbers can be ordered by. */
export type NumberOrderField =
  /** When the number was added to your unit. */
  | 'CREATED_AT'
  /** The upstream's id (the order numbers were added in). */
  | 'ID'
  /** The national number, digit by digit. */
  | 'NUMBER'
  /** When the number's settings last changed. */
  | 'UPDATED_AT';

/** The direction of an ordering. */
export type OrderDirection =
  /** Smallest, earliest or first in the alphabet first. */
  | 'ASC'
  /** Largest, latest or last in the alphabet first. */
  | 'DESC';

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

/**
 * Changes a number's settings. Only fields present are changed; an explicit `null` clears
 * `destination` or `callerIdPrefix`.
 */
export type UpdateNumberInput = {
  /** Whether the caller's ID is passed on when calls are forwarded. */
  callerIdPassthrough?: boolean | null | undefined;
  /** Text prepended to the caller ID of incoming calls; `null` removes it. */
  callerIdPrefix?: string | null | undefined;
  /** Where calls go; `null` leaves the number unrouted. */
  destination?: DestinationInput | null | undefined;
  /** The id of the number to change. */
  id: string | number;
  /** Whether calls are recorded. */
  recordingEnabled?: boolean | null | undefined;
};

/**
 * Why a mutation was not made. New codes may be added in later versions: keep a default branch
 * when switching on them.
 */
export type UserErrorCode =
  /** A value is not in the expected form, e.g. an id that is not numeric or a malformed postcode. */
  | 'INVALID_FORMAT'
  /** Your unit has no number with this id. */
  | 'NOT_FOUND'
  /** The input changes nothing: give at least one field to change. */
  | 'NO_CHANGES'
  /** The number cannot be acquired: someone else bought it, or it is not provider stock. */
  | 'NUMBER_NOT_AVAILABLE'
  /**
   * The numbers service refused the change; `message` says why and `field` points at the input
   * it is about when that is known (e.g. `["input", "destination"]` for a destination your unit
   * does not have, `["input", "number"]` for a number already in use).
   */
  | 'REJECTED'
  /** A text value is longer than allowed. */
  | 'TOO_LONG';

export type ClientNumbersDashboardQueryVariables = Exact<{
  first: number;
}>;


export type ClientNumbersDashboardQuery = { numbers: { totalCount: number, nodes: Array<{ id: string, number: string, e164: string, context: NumberContext, destination: { kind: DestinationKind, name: string | null } | null, subscriber: { name: string | null, status: SubscriberStatus } | null, prefix: { areaName: string } | null }>, pageInfo: { hasNextPage: boolean, endCursor: string | null } } | null };

export type ClientAcquireNumberMutationVariables = Exact<{
  input: AcquireNumberInput;
}>;


export type ClientAcquireNumberMutation = { acquireNumber: { number: { id: string, e164: string } | null, userErrors: Array<{ field: Array<string> | null, message: string, code: UserErrorCode }> } | null };

export type ClientNumbersPageQueryVariables = Exact<{
  first?: number | null | undefined;
  after?: string | null | undefined;
  last?: number | null | undefined;
  before?: string | null | undefined;
  orderBy?: NumberOrder | null | undefined;
  context?: NumberContext | null | undefined;
  search?: string | null | undefined;
  subscriberStatus?: SubscriberStatus | null | undefined;
  recordingEnabled?: boolean | null | undefined;
  destinationKind?: DestinationKind | null | undefined;
  prefix?: string | null | undefined;
}>;


export type ClientNumbersPageQuery = { numbers: { totalCount: number, edges: Array<{ cursor: string, node: { id: string, number: string, updatedAt: string, recordingEnabled: boolean } }>, pageInfo: { hasNextPage: boolean, hasPreviousPage: boolean, startCursor: string | null, endCursor: string | null } } | null };

export type ClientNumberByNumberQueryVariables = Exact<{
  number: string;
}>;


export type ClientNumberByNumberQuery = { numberByNumber: { id: string, number: string, e164: string } | null };

export type ClientPrefixesQueryVariables = Exact<{
  search?: string | null | undefined;
  first?: number | null | undefined;
  poolFirst?: number | null | undefined;
  prefix: string;
}>;


export type ClientPrefixesQuery = { acquirableNumbers: Array<string> | null, availablePrefixes: Array<{ prefix: string, areaName: string, acquirableNumbers: Array<string> | null }> | null };

export type ClientUpdateNumberMutationVariables = Exact<{
  input: UpdateNumberInput;
}>;


export type ClientUpdateNumberMutation = { updateNumber: { number: { id: string } | null, userErrors: Array<{ field: Array<string> | null, message: string, code: UserErrorCode }> } | null };


export const ClientNumbersDashboardDocument = {"__meta__":{"hash":"sha256:0a74c514c2fbea998bc4ddb932de25e54507c34a1c4382e9edcc862753558db9"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"ClientNumbersDashboard"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"first"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"numbers"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"Variable","name":{"kind":"Name","value":"first"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"totalCount"}},{"kind":"Field","name":{"kind":"Name","value":"nodes"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"number"}},{"kind":"Field","name":{"kind":"Name","value":"e164"}},{"kind":"Field","name":{"kind":"Name","value":"context"}},{"kind":"Field","name":{"kind":"Name","value":"destination"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"kind"}},{"kind":"Field","name":{"kind":"Name","value":"name"}}]}},{"kind":"Field","name":{"kind":"Name","value":"subscriber"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"status"}}]}},{"kind":"Field","name":{"kind":"Name","value":"prefix"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"areaName"}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"pageInfo"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"hasNextPage"}},{"kind":"Field","name":{"kind":"Name","value":"endCursor"}}]}}]}}]}}]} as unknown as DocumentNode<ClientNumbersDashboardQuery, ClientNumbersDashboardQueryVariables>;
export const ClientAcquireNumberDocument = {"__meta__":{"hash":"sha256:1cef781b601c55db831a569a47fef762eb3d869b64364bef1240946bddd3de85"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"ClientAcquireNumber"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"AcquireNumberInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"acquireNumber"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"number"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"e164"}}]}},{"kind":"Field","name":{"kind":"Name","value":"userErrors"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"field"}},{"kind":"Field","name":{"kind":"Name","value":"message"}},{"kind":"Field","name":{"kind":"Name","value":"code"}}]}}]}}]}}]} as unknown as DocumentNode<ClientAcquireNumberMutation, ClientAcquireNumberMutationVariables>;
export const ClientNumbersPageDocument = {"__meta__":{"hash":"sha256:bd135dd44c4974493614696a52d3109f795c3ce627bab3305cfda038cfaae899"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"ClientNumbersPage"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"first"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"after"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"last"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"before"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"orderBy"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"NumberOrder"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"context"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"NumberContext"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"search"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"subscriberStatus"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"SubscriberStatus"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"recordingEnabled"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"Boolean"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"destinationKind"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"DestinationKind"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"prefix"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"numbers"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"Variable","name":{"kind":"Name","value":"first"}}},{"kind":"Argument","name":{"kind":"Name","value":"after"},"value":{"kind":"Variable","name":{"kind":"Name","value":"after"}}},{"kind":"Argument","name":{"kind":"Name","value":"last"},"value":{"kind":"Variable","name":{"kind":"Name","value":"last"}}},{"kind":"Argument","name":{"kind":"Name","value":"before"},"value":{"kind":"Variable","name":{"kind":"Name","value":"before"}}},{"kind":"Argument","name":{"kind":"Name","value":"orderBy"},"value":{"kind":"Variable","name":{"kind":"Name","value":"orderBy"}}},{"kind":"Argument","name":{"kind":"Name","value":"context"},"value":{"kind":"Variable","name":{"kind":"Name","value":"context"}}},{"kind":"Argument","name":{"kind":"Name","value":"search"},"value":{"kind":"Variable","name":{"kind":"Name","value":"search"}}},{"kind":"Argument","name":{"kind":"Name","value":"subscriberStatus"},"value":{"kind":"Variable","name":{"kind":"Name","value":"subscriberStatus"}}},{"kind":"Argument","name":{"kind":"Name","value":"recordingEnabled"},"value":{"kind":"Variable","name":{"kind":"Name","value":"recordingEnabled"}}},{"kind":"Argument","name":{"kind":"Name","value":"destinationKind"},"value":{"kind":"Variable","name":{"kind":"Name","value":"destinationKind"}}},{"kind":"Argument","name":{"kind":"Name","value":"prefix"},"value":{"kind":"Variable","name":{"kind":"Name","value":"prefix"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"totalCount"}},{"kind":"Field","name":{"kind":"Name","value":"edges"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"cursor"}},{"kind":"Field","name":{"kind":"Name","value":"node"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"number"}},{"kind":"Field","name":{"kind":"Name","value":"updatedAt"}},{"kind":"Field","name":{"kind":"Name","value":"recordingEnabled"}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"pageInfo"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"hasNextPage"}},{"kind":"Field","name":{"kind":"Name","value":"hasPreviousPage"}},{"kind":"Field","name":{"kind":"Name","value":"startCursor"}},{"kind":"Field","name":{"kind":"Name","value":"endCursor"}}]}}]}}]}}]} as unknown as DocumentNode<ClientNumbersPageQuery, ClientNumbersPageQueryVariables>;
export const ClientNumberByNumberDocument = {"__meta__":{"hash":"sha256:d870b8f1af17466a0b0c0f36576d745a1a0a87a3144fb3d2a19bd2a889d7f8da"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"ClientNumberByNumber"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"number"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"numberByNumber"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"number"},"value":{"kind":"Variable","name":{"kind":"Name","value":"number"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"number"}},{"kind":"Field","name":{"kind":"Name","value":"e164"}}]}}]}}]} as unknown as DocumentNode<ClientNumberByNumberQuery, ClientNumberByNumberQueryVariables>;
export const ClientPrefixesDocument = {"__meta__":{"hash":"sha256:2b120beda1b015c34809ea0351126aa6e54f17a6b2421d3bf1364714faefeede"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"ClientPrefixes"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"search"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"first"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"poolFirst"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"prefix"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"availablePrefixes"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"search"},"value":{"kind":"Variable","name":{"kind":"Name","value":"search"}}},{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"Variable","name":{"kind":"Name","value":"first"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"prefix"}},{"kind":"Field","name":{"kind":"Name","value":"areaName"}},{"kind":"Field","name":{"kind":"Name","value":"acquirableNumbers"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"Variable","name":{"kind":"Name","value":"poolFirst"}}}]}]}},{"kind":"Field","name":{"kind":"Name","value":"acquirableNumbers"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"prefix"},"value":{"kind":"Variable","name":{"kind":"Name","value":"prefix"}}},{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"Variable","name":{"kind":"Name","value":"poolFirst"}}}]}]}}]} as unknown as DocumentNode<ClientPrefixesQuery, ClientPrefixesQueryVariables>;
export const ClientUpdateNumberDocument = {"__meta__":{"hash":"sha256:f5d4009e773a7b7c0cc62a10eeeb559407949b2328d9d51cb50aaeb82c483999"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"ClientUpdateNumber"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"UpdateNumberInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"updateNumber"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"number"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}}]}},{"kind":"Field","name":{"kind":"Name","value":"userErrors"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"field"}},{"kind":"Field","name":{"kind":"Name","value":"message"}},{"kind":"Field","name":{"kind":"Name","value":"code"}}]}}]}}]}}]} as unknown as DocumentNode<ClientUpdateNumberMutation, ClientUpdateNumberMutationVariables>;