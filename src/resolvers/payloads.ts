import type { UserError } from '../generated/graphql.js';
import type { NumberDto } from '../upstream/types.js';

export interface NumberPayloadModel {
  number: NumberDto | null;
  userErrors: UserError[];
}

export interface DeleteNumberPayloadModel {
  deletedId: string | null;
  userErrors: UserError[];
}
