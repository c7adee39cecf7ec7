import { isDeepStrictEqual } from 'node:util';
import type { Scenario } from './scenarios.js';

/** Sends one scenario's first request body to one server and resolves its parsed answer. */
export type Ask = (scenario: Scenario) => Promise<unknown>;

/**
 * The part of an answer the servers must agree on: `data` and `errors`. Response extensions are
 * the gateway's own (`cost` since operation governance, `plan` on request); the comparators have
 * none, and comparing them made the bench refuse to run at all.
 */
export function comparable(answer: unknown): { data: unknown; errors: unknown } {
  const body = typeof answer === 'object' && answer !== null ? (answer as Record<string, unknown>) : {};
  return { data: body.data, errors: body.errors };
}

/** Why `other` is not the gateway's answer, or `undefined` when it is. */
export function difference(scenario: string, name: string, fromGateway: unknown, other: unknown): string | undefined {
  const expected = comparable(fromGateway);
  const actual = comparable(other);
  if (isDeepStrictEqual(expected, actual)) return undefined;
  return `${scenario}: the ${name} server answers differently\n gateway: ${JSON.stringify(expected).slice(0, 400)}\n ${name}: ${JSON.stringify(actual).slice(0, 400)}`;
}

/**
 * The comparators must answer exactly what the gateway answers, or the comparison means nothing.
 * Throws with the first scenario a comparator answers differently.
 */
export async function checkSameAnswers(list: readonly Scenario[], gateway: Ask, others: ReadonlyArray<{ name: string; ask: Ask }>): Promise<void> {
  for (const scenario of list) {
    const fromGateway = await gateway(scenario);
    for (const { name, ask } of others) {
      const problem = difference(scenario.name, name, fromGateway, await ask(scenario));
      if (problem) throw new Error(problem);
    }
  }
}
