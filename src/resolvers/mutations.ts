import type { MutationResolvers, UserError } from '../generated/graphql.js';
import type { GatewayContext } from '../context.js';
import { UpstreamError } from '../upstream/errors.js';
import type { NumberDto } from '../upstream/types.js';
import { checkCreate, checkId, checkNumber, checkSubscriber, checkUpdate, type Checked } from './mutation-inputs.js';
import { verifyDelete, verifyListed, verifySubscriber, verifyUpdate, type Verdict } from './mutation-verify.js';
import type { DeleteNumberPayloadModel, NumberPayloadModel } from './payloads.js';
import type { Path } from './validation.js';

/** How one mutation reads expected refusals, and how it checks a write whose answer was lost. */
interface WritePolicy<T> {
  /** Field and code for a 400/422 answer. */
  rejected: { field: Path; code: string; fallback: string };
  /** Field for a 404 answer (the id the client sent). */
  notFound?: Path;
  verify: () => Promise<Verdict<T>>;
}

type WriteResult<T> = { value: T } | { userErrors: UserError[] };

/**
 * Sends a write exactly once (never retried). Expected refusals become `userErrors`. When the
 * answer is lost (timeout, reset, 5xx) the upstream state is read back: an applied change is a
 * success; otherwise the GraphQL error says what the read showed in `extensions.outcome`.
 */
async function write<T>(ctx: GatewayContext, policy: WritePolicy<T>, send: () => Promise<T>): Promise<WriteResult<T>> {
  try {
    return { value: await send() };
  } catch (error) {
    if (!(error instanceof UpstreamError)) throw error;
    if (error.kind === 'REJECTED') {
      const { field, code, fallback } = policy.rejected;
      return { userErrors: [{ field, code, message: error.upstreamMessage ?? fallback }] };
    }
    if (error.kind === 'NOT_FOUND' && policy.notFound) {
      return { userErrors: [{ field: policy.notFound, code: 'NOT_FOUND', message: 'Your unit has no number with this id.' }] };
    }
    if (error.kind !== 'TIMEOUT' && error.kind !== 'UNAVAILABLE') throw error;
    const verdict = await policy.verify().catch(() => undefined);
    ctx.logger.warn({ endpoint: error.endpoint, kind: error.kind, applied: verdict?.applied ?? 'unknown' }, 'write answer lost; upstream state checked');
    if (verdict?.applied) return { value: verdict.value };
    error.outcome = !verdict ? 'UNKNOWN' : error.kind === 'TIMEOUT' ? 'NOT_SEEN' : 'NOT_APPLIED';
    throw error;
  }
}

async function numberMutation<P>(
  ctx: GatewayContext,
  checked: Checked<P>,
  policy: (params: P) => WritePolicy<NumberDto>,
  send: (params: P) => Promise<NumberDto>,
): Promise<NumberPayloadModel> {
  if (!checked.ok) return { number: null, userErrors: checked.userErrors };
  const result = await write(ctx, policy(checked.params), () => send(checked.params));
  if ('userErrors' in result) return { number: null, userErrors: result.userErrors };
  ctx.loaders.numberWritten(result.value);
  return { number: result.value, userErrors: [] };
}

const REJECTED_INPUT = { field: ['input'], code: 'REJECTED', fallback: 'The numbers service refused this change.' };

export const mutations: MutationResolvers = {
  createNumber: (_root, { input }, ctx) =>
    numberMutation(ctx, checkCreate(input), (p) => ({ rejected: REJECTED_INPUT, verify: () => verifyListed(ctx.api, p.number) }), (p) => ctx.api.save(p)),

  updateNumber: (_root, { input }, ctx) =>
    numberMutation(
      ctx,
      checkUpdate(input),
      (p) => ({ rejected: REJECTED_INPUT, notFound: ['input', 'id'], verify: () => verifyUpdate(ctx.api, p) }),
      (p) => ctx.api.save(p),
    ),

  acquireNumber: async (_root, { input }, ctx) => {
    const rejected = { field: ['input', 'number'], code: 'NUMBER_NOT_AVAILABLE', fallback: 'This number is not available to acquire.' };
    const payload = await numberMutation(
      ctx,
      checkNumber(['input', 'number'], input.number),
      (n) => ({ rejected, verify: () => verifyListed(ctx.api, n) }),
      (n) => ctx.api.acquire(n),
    );
    if (payload.number) ctx.loaders.poolChanged();
    return payload;
  },

  updateSubscriber: (_root, { input }, ctx) =>
    numberMutation(
      ctx,
      checkSubscriber(input),
      (p) => ({ rejected: REJECTED_INPUT, notFound: ['input', 'numberId'], verify: () => verifySubscriber(ctx.api, p) }),
      (p) => ctx.api.updateSubscriber(p),
    ),

  deleteNumber: async (_root, { input }, ctx): Promise<DeleteNumberPayloadModel> => {
    const checked = checkId(['input', 'id'], input.id);
    if (!checked.ok) return { deletedId: null, userErrors: checked.userErrors };
    const id = checked.params;
    const policy = { rejected: REJECTED_INPUT, notFound: ['input', 'id'], verify: () => verifyDelete(ctx.api, id) };
    const result = await write(ctx, policy, () => ctx.api.delete(id));
    if ('userErrors' in result) return { deletedId: null, userErrors: result.userErrors };
    if (!result.value) {
      return { deletedId: null, userErrors: [{ field: ['input', 'id'], code: 'REJECTED', message: 'The numbers service did not delete the number.' }] };
    }
    ctx.loaders.numberDeleted(id);
    return { deletedId: id, userErrors: [] };
  },
};
