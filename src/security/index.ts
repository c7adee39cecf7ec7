import type { ValidationRule } from 'graphql';
import type { Counters } from '../cache/counters.js';
import type { Concern, GatewayPlugin, Guard } from '../concern.js';
import type { Config } from '../config.js';
import { operationLimits } from './limits.js';
import { createRateLimiter, rateLimitGuard } from './rate-limit.js';
import { useRequireCredential } from './require-credential.js';

export interface Security extends Concern {
  readonly guards: { rateLimit: Guard };
  readonly plugins: { operationLimits: readonly GatewayPlugin[]; requireCredential: GatewayPlugin };
  /** Apollo's parse and validation options: the token limit, and the depth/alias/directive and guarded-mutation rules. */
  readonly parseOptions: { maxTokens: number };
  readonly validationRules: readonly ValidationRule[];
}

export interface SecurityDeps {
  /** Where the rate limiter counts (Redis across replicas when configured). */
  counters: Counters;
}

/**
 * Who may call and how much: requests per minute per credential and per IP (refused before
 * the body is read), the operation limits (refused at parse and validation) and the credential
 * an operation that reaches the upstream must carry (refused before execution).
 */
export function createSecurity(config: Pick<Config, 'env' | 'limits' | 'rateLimit'>, deps: SecurityDeps): Security {
  const limits = operationLimits(config.limits, config.env === 'production');
  return {
    guards: { rateLimit: rateLimitGuard(createRateLimiter(config.rateLimit, deps.counters)) },
    plugins: { operationLimits: limits.plugins, requireCredential: useRequireCredential() },
    parseOptions: limits.parseOptions,
    validationRules: limits.validationRules,
  };
}
