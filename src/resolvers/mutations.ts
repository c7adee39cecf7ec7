import type { GatewayContext } from '../request/context.js';
import { UserErrorCode } from '../error-codes.js';
import type { DeleteNumberPayload, MutationResolvers, NumberPayload, UserError } from '../generated/graphql.js';
import { UpstreamError } from '../upstream/errors.js';
import type { NumberDto } from '../upstream/types.js';
import type { MutationName, WRITE_EFFECTS, WriteOutcome } from '../write-effects.js';
import {
  checkCreate,
  checkId,
  checkNumber,
  checkSubscriber,
  checkUpdate,
  SAVE_INPUT_FIELDS,
  SUBSCRIBER_INPUT_FIELDS,
  type Checked,
  type InputFields,
} from './mutation-inputs.js';
import { verifyDelete, verifyListed, verifySubscriber, verifyUpdate, type Verdict } from './mutation-verify.js';
import type { Path } from './validation.js';

/** A payload's `number` is the upstream DTO (codegen maps it); the rest is generated. */
type NumberPayloadModel = Omit<NumberPayload, 'number'> & { number: NumberDto | null };

/** How one mutation reads expected refusals, and how it checks a write whose answer was lost. */
interface WritePolicy<T> {
  mutation: MutationName;
  /**
   * Code and field for a 400/422 answer: the input field of the parameter the refusal is about
   * when the upstream client could tell (`fields`), else `field`.
   */
  rejected: { field: Path; fields?: InputFields; code: UserErrorCode; fallback: string };
  /** Field for a 404 answer (the id the client sent). */
  notFound?: Path;
  verify: () => Promise<Verdict<T>>;
  /** What the write was about, for its effects (write-effects.ts) whatever the outcome. */
  outcome: (value: T | undefined) => WriteOutcome;
}

type WriteResult<T> = { value: T } | { userErrors: UserError[] };

/**
 * Sends a write exactly once (never retried). Expected refusals become `userErrors`. When the
 * answer is lost (timeout, reset, 5xx) the upstream state is read back: an applied change is a
 * success; otherwise the GraphQL error says what the read showed in `extensions.outcome`.
 * The mutation's effects are applied in every case.
 */
async function write<T>(ctx: GatewayContext, policy: WritePolicy<T>, send: () => Promise<T>): Promise<WriteResult<T>> {
  let value: T | undefined;
  try {
    const result = await attempt(ctx, policy, send);
    if ('value' in result) value = result.value;
    return result;
  } finally {
    await ctx.wrote(policy.mutation, policy.outcome(value));
  }
}

async function attempt<T>(ctx: GatewayContext, policy: WritePolicy<T>, send: () => Promise<T>): Promise<WriteResult<T>> {
  try {
    return { value: await send() };
  } catch (error) {
    if (!(error instanceof UpstreamError)) throw error;
    if (error.kind === 'REJECTED') {
      const { code, fallback, fields } = policy.rejected;
      const field = (error.param && fields?.[error.param]) || policy.rejected.field;
      return { userErrors: [{ field, code, message: error.upstreamMessage ?? fallback }] };
    }
    if (error.kind === 'NOT_FOUND' && policy.notFound) {
      return { userErrors: [{ field: policy.notFound, code: UserErrorCode.NOT_FOUND, message: 'Your unit has no number with this id.' }] };
    }
    if (error.kind !== 'TIMEOUT' && error.kind !== 'UNAVAILABLE') throw error;
    const verdict = await policy.verify().catch(() => undefined);
    ctx.logger.warn({ endpoint: error.endpoint, kind: error.kind, applied: verdict?.applied ?? 'unknown' }, 'write answer lost; upstream state checked');
    if (verdict?.applied) return { value: verdict.value };
    throw error.withOutcome(!verdict ? 'UNKNOWN' : error.kind === 'TIMEOUT' ? 'NOT_SEEN' : 'NOT_APPLIED');
  }
}

type NumberPolicy = Omit<WritePolicy<NumberDto>, 'outcome'>;

async function numberMutation<P>(
  ctx: GatewayContext,
  checked: Checked<P>,
  policy: (params: P) => NumberPolicy & { number?: string },
  send: (params: P) => Promise<NumberDto>,
): Promise<NumberPayloadModel> {
  if (!checked.ok) return { number: null, userErrors: checked.userErrors };
  const { number, ...rest } = policy(checked.params);
  const result = await write(ctx, { ...rest, outcome: (written) => ({ number, written }) }, () => send(checked.params));
  if ('userErrors' in result) return { number: null, userErrors: result.userErrors };
  return { number: result.value, userErrors: [] };
}

const REJECTED = { field: ['input'], code: UserErrorCode.REJECTED, fallback: 'The numbers service refused this change.' };
const REJECTED_SAVE = { ...REJECTED, fields: SAVE_INPUT_FIELDS };

export const mutations = {
  createNumber: (_root, { input }, ctx) =>
    numberMutation(
      ctx,
      checkCreate(input),
      (p) => ({ mutation: 'createNumber', rejected: REJECTED_SAVE, verify: () => verifyListed(ctx.api, p.number) }),
      (p) => ctx.api.save(p),
    ),

  updateNumber: (_root, { input }, ctx) =>
    numberMutation(
      ctx,
      checkUpdate(input),
      (p) => ({ mutation: 'updateNumber', rejected: REJECTED_SAVE, notFound: ['input', 'id'], verify: () => verifyUpdate(ctx.api, p) }),
      (p) => ctx.api.save(p),
    ),

  acquireNumber: (_root, { input }, ctx) => {
    const rejected = { field: ['input', 'number'], code: UserErrorCode.NUMBER_NOT_AVAILABLE, fallback: 'This number is not available to acquire.' };
    return numberMutation(
      ctx,
      checkNumber(['input', 'number'], input.number),
      (n) => ({ mutation: 'acquireNumber', number: n, rejected, verify: () => verifyListed(ctx.api, n) }),
      (n) => ctx.api.acquire(n),
    );
  },

  updateSubscriber: (_root, { input }, ctx) =>
    numberMutation(
      ctx,
      checkSubscriber(input),
      (p) => ({
        mutation: 'updateSubscriber',
        rejected: { ...REJECTED, fields: SUBSCRIBER_INPUT_FIELDS },
        notFound: ['input', 'numberId'],
        verify: () => verifySubscriber(ctx.api, p),
      }),
      (p) => ctx.api.updateSubscriber(p),
    ),

  deleteNumber: async (_root, { input }, ctx): Promise<DeleteNumberPayload> => {
    const checked = checkId(['input', 'id'], input.id);
    if (!checked.ok) return { deletedId: null, userErrors: checked.userErrors };
    const id = checked.params;
    const result = await write(
      ctx,
      {
        mutation: 'deleteNumber',
        rejected: { ...REJECTED, fields: { id: ['input', 'id'] } },
        notFound: ['input', 'id'],
        verify: () => verifyDelete(ctx.api, id),
        outcome: (deleted) => (deleted ? { deletedId: id } : {}),
      },
      () => ctx.api.delete(id),
    );
    if ('userErrors' in result) return { deletedId: null, userErrors: result.userErrors };
    if (!result.value) {
      return {
        deletedId: null,
        userErrors: [{ field: ['input', 'id'], code: UserErrorCode.REJECTED, message: 'The numbers service did not delete the number.' }],
      };
    }
    return { deletedId: id, userErrors: [] };
  },
} satisfies Required<MutationResolvers>;

/** Every mutation has a row in the table of write effects, and every row a mutation. */
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const everyMutationHasEffects: Same<keyof typeof mutations, keyof typeof WRITE_EFFECTS> = true;
void everyMutationHasEffects;
