import type { NodeResolvers, QueryResolvers } from '../generated/graphql.js';
import type { NumberDto } from '../upstream/types.js';
import { badInput, isId } from './validation.js';

// Resolvers of schema/node.graphql. Every node is a number, so `node(id:)` and `nodes(ids:)` go
// through the same per-request loader as `number(id:)`: one batch per operation, planned as one
// list call or one info call per distinct id (loaders/planner.ts), and costed by the same rule
// (governance/cost-rules.ts).

export const MAX_NODE_IDS = 100;

export const Node: NodeResolvers = {
  __resolveType: () => 'Number',
};

export const nodeQueries: Pick<QueryResolvers, 'node' | 'nodes'> = {
  node: (_root, args, { loaders }) => {
    if (!isId(args.id)) throw badInput('id must be a numeric id such as 3466.', 'id');
    return loaders.numberById.load(args.id);
  },
  // All ids are checked before any is loaded, so a refused list costs no upstream call.
  nodes: (_root, args, { loaders }) => {
    const { ids } = args;
    if (ids.length > MAX_NODE_IDS) throw badInput(`ids must hold at most ${MAX_NODE_IDS} ids; it holds ${ids.length}.`, 'ids');
    const bad = ids.findIndex((id) => !isId(id));
    if (bad !== -1) throw badInput(`ids[${bad}] must be a numeric id such as 3466.`, 'ids');
    // One promise per item, not one for the list: graphql-js completes items on their own, so an
    // id whose info call fails is `null` with its own error at `nodes.<index>` and the others
    // still arrive. The generated item type has no room for a promise of `null`, which graphql-js
    // completes as `null` like any nullable item.
    return ids.map((id) => loaders.numberById.load(id) as Promise<NumberDto>);
  },
};
