import type { NumberDto } from '../upstream/types.js';

// The objects resolvers build for GraphQL types that are not an upstream DTO (codegen mappers).
// Nothing here imports from generated/, so the generated types and the resolvers do not form a
// cycle.

/** What the `NumberConnection` resolvers receive: one page cut from the unit's list. */
export interface NumberConnectionModel {
  totalCount: number;
  edges: NumberEdgeModel[];
  hasNextPage: boolean;
  hasPreviousPage: boolean;
}

export interface NumberEdgeModel {
  /** The edge's cursor, sealed on first use (resolvers/cursor.ts). */
  cursor: () => string;
  node: NumberDto;
}
