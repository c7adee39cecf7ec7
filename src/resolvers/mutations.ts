import type { MutationResolvers, UserError } from '../generated/graphql.js';
import type { GatewayContext } from '../context.js';
import { UpstreamError } from '../upstream/errors.js';
import type { NumberDto } from '../upstream/types.js';
import { checkCreate, checkId, checkNumber, checkSubscriber, checkUpdate, type Checked } from './mutation-inputs.js';
import type { DeleteNumberPayloadModel, NumberPayloadModel } from './payloads.js';
import type { Path } from './validation.js';

/** How an expected upstream refusal reads for the client of one mutation. */
interface Refusals {
  /** Field and code for a 400/422 answer. */
  rejected: { field: Path; code: string; fallback: string };
  /** Field for a 404 answer (the id the client sent). */
  notFound?: Path;
}

/**
 * Turns expected upstream refusals into `userErrors`; everything else (outage, timeout, auth)
 * propagates as a GraphQL error with a code. Writes are sent exactly once: never retried.
 */
async function expectRefusals<T>(refusals: Refusals, write: () => Promise<T>): Promise<{ value: T } | { userErrors: UserError[] }> {
  try {
    return { value: await write() };
  } catch (error) {
    if (!(error instanceof UpstreamError)) throw error;
    if (error.kind === 'REJECTED') {
      const { field, code, fallback } = refusals.rejected;
      return { userErrors: [{ field, code, message: error.upstreamMessage ?? fallback }] };
    }
    if (error.kind === 'NOT_FOUND' && refusals.notFound) {
      return { userErrors: [{ field: refusals.notFound, code: 'NOT_FOUND', message: 'Your unit has no number with this id.' }] };
    }
    throw error;
  }
}

async function numberMutation<P>(
  ctx: GatewayContext,
  checked: Checked<P>,
  refusals: Refusals,
  write: (params: P) => Promise<NumberDto>,
): Promise<NumberPayloadModel> {
  if (!checked.ok) return { number: null, userErrors: checked.userErrors };
  const result = await expectRefusals(refusals, () => write(checked.params));
  if ('userErrors' in result) return { number: null, userErrors: result.userErrors };
  ctx.loaders.numberWritten(result.value);
  return { number: result.value, userErrors: [] };
}

const REJECTED_INPUT = { field: ['input'], code: 'REJECTED', fallback: 'The numbers service refused this change.' };

export const mutations: MutationResolvers = {
  createNumber: (_root, { input }, ctx) =>
    numberMutation(ctx, checkCreate(input), { rejected: REJECTED_INPUT }, (p) => ctx.api.save(p)),

  updateNumber: (_root, { input }, ctx) =>
    numberMutation(ctx, checkUpdate(input), { rejected: REJECTED_INPUT, notFound: ['input', 'id'] }, (p) => ctx.api.save(p)),

  acquireNumber: async (_root, { input }, ctx) => {
    const rejected = {
      field: ['input', 'number'],
      code: 'NUMBER_NOT_AVAILABLE',
      fallback: 'This number is not available to acquire.',
    };
    const payload = await numberMutation(ctx, checkNumber(['input', 'number'], input.number), { rejected }, (n) => ctx.api.acquire(n));
    if (payload.number) ctx.loaders.poolChanged();
    return payload;
  },

  updateSubscriber: (_root, { input }, ctx) =>
    numberMutation(ctx, checkSubscriber(input), { rejected: REJECTED_INPUT, notFound: ['input', 'numberId'] }, (p) =>
      ctx.api.updateSubscriber(p),
    ),

  deleteNumber: async (_root, { input }, ctx): Promise<DeleteNumberPayloadModel> => {
    const checked = checkId(['input', 'id'], input.id);
    if (!checked.ok) return { deletedId: null, userErrors: checked.userErrors };
    const id = checked.params;
    const result = await expectRefusals({ rejected: REJECTED_INPUT, notFound: ['input', 'id'] }, () => ctx.api.delete(id));
    if ('userErrors' in result) return { deletedId: null, userErrors: result.userErrors };
    if (!result.value) {
      return { deletedId: null, userErrors: [{ field: ['input', 'id'], code: 'REJECTED', message: 'The numbers service did not delete the number.' }] };
    }
    ctx.loaders.numberDeleted(id);
    return { deletedId: id, userErrors: [] };
  },
};
