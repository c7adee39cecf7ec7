import type { Loaders } from './loaders/index.js';
import type { NumberDto } from './upstream/types.js';

// What each mutation changes besides its write, in one table: the request's loaders, the
// cross-request reference cache and the operation limits all read it, so a new mutation is one
// row here (resolvers/mutations.ts fails to compile until it has one).

export type MutationName = 'createNumber' | 'updateNumber' | 'acquireNumber' | 'updateSubscriber' | 'deleteNumber';

export type Invalidation =
  /**
   * The request's number list, and the written number's by-id entry, primed with the number as
   * the write returned it (or `null` once deleted): later fields of the operation see the new state.
   */
  | 'numbers'
  /**
   * The acquirable-number pools the number belongs to: the request's loaded pools and the
   * tenant's cached ones. Cleared whatever the outcome: a refusal ("no longer available") means
   * the cached pool was already stale.
   */
  | 'pools';

export interface WriteEffect {
  readonly invalidates: readonly Invalidation[];
  /** Spends money or destroys data: at most one guarded mutation per operation (security/limits.ts). */
  readonly guarded: boolean;
}

export const WRITE_EFFECTS: Readonly<Record<MutationName, WriteEffect>> = {
  createNumber: { invalidates: ['numbers'], guarded: false },
  updateNumber: { invalidates: ['numbers'], guarded: false },
  acquireNumber: { invalidates: ['numbers', 'pools'], guarded: true },
  updateSubscriber: { invalidates: ['numbers'], guarded: false },
  deleteNumber: { invalidates: ['numbers'], guarded: true },
};

export const GUARDED_MUTATIONS: ReadonlySet<string> = new Set(
  Object.entries(WRITE_EFFECTS)
    .filter(([, effect]) => effect.guarded)
    .map(([name]) => name),
);

/** What a write did, as far as the mutation knows it. */
export interface WriteOutcome {
  /** The national number the write was about, when it names one (its pools). */
  number?: string;
  /** The number as the upstream returned it after a successful write. */
  written?: NumberDto;
  /** The id of a number the write deleted. */
  deletedId?: string;
}

export interface WriteEffectTargets {
  loaders: Pick<Loaders, 'numberWritten' | 'numberDeleted' | 'poolChanged'>;
  /** Forgets the tenant's cached pools of a number (the reference cache), if there is one. */
  forgetPools?: (number: string) => Promise<void>;
}

/** Applies a mutation's row of the table to one request after its write, whatever the outcome. */
export async function applyWriteEffects(targets: WriteEffectTargets, mutation: MutationName, outcome: WriteOutcome): Promise<void> {
  const { invalidates } = WRITE_EFFECTS[mutation];
  if (invalidates.includes('numbers')) {
    if (outcome.written) targets.loaders.numberWritten(outcome.written);
    else if (outcome.deletedId !== undefined) targets.loaders.numberDeleted(outcome.deletedId);
  }
  if (invalidates.includes('pools')) {
    targets.loaders.poolChanged();
    const number = outcome.number ?? outcome.written?.number;
    if (number !== undefined && targets.forgetPools) await targets.forgetPools(number);
  }
}
