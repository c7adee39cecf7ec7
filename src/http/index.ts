import type { Concern, Guard } from '../concern.js';
import type { Config } from '../config.js';
import { bodyGuard } from './body.js';

export interface Http extends Concern {
  readonly guards: { body: Guard };
}

/** HTTP itself: the body of a POST, read within LIMIT_BODY_BYTES and parsed once. */
export function createHttp(config: Pick<Config, 'limits'>): Http {
  return { guards: { body: bodyGuard(config.limits.bodyBytes) } };
}
