import type { Concern, Guard } from '../concern.js';
import type { Config } from '../config.js';
import { bodyGuard } from './body.js';
import { corsGuard, createCors } from './cors.js';

export interface Http extends Concern {
  readonly guards: { cors: Guard; body: Guard };
}

/**
 * HTTP itself: cross-origin access for web apps (CORS_ORIGINS: preflights answered, allowed
 * origins decorated, Server-Timing readable by them when it is on) and the body of a POST, read within BODY_LIMIT_BYTES and parsed once.
 */
export function createHttp(config: Pick<Config, 'limits' | 'cors' | 'serverTiming'>): Http {
  return { guards: { cors: corsGuard(createCors(config.cors, config.serverTiming)), body: bodyGuard(config.limits.bodyBytes) } };
}
