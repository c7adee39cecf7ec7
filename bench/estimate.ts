/**
 * CPU cost of demand control per request: the estimate of the dashboard operation with a warm
 * per-document cache (what every repeated operation pays: evaluating the compiled document with
 * its variables) and a cold one (a document seen for the first time: compile, then evaluate).
 * Parsing is not included: Apollo parses and caches documents whether or not they are estimated.
 *
 *   node --import @swc-node/register/esm-register bench/estimate.ts [--rounds=21] [--iterations=2000]
 *
 * Bounded: rounds × iterations estimates, median of the rounds' mean µs per estimate.
 */
import { parseArgs } from 'node:util';
import { buildASTSchema, concatAST, getOperationAST, parse, type OperationDefinitionNode } from 'graphql';
import { createEstimator } from '../src/governance/estimate.js';
import { loadTypeDefs } from '../src/schema.js';

const { values } = parseArgs({ options: { rounds: { type: 'string', default: '21' }, iterations: { type: 'string', default: '2000' } } });
const rounds = Math.min(Math.max(Number(values.rounds), 1), 200);
const iterations = Math.min(Math.max(Number(values.iterations), 1), 100_000);

const schema = buildASTSchema(concatAST(loadTypeDefs().map((typeDefs) => parse(typeDefs))));
/** The dashboard of test/client/numbers.graphql (ClientNumbersDashboard). */
const DASHBOARD = `query ClientNumbersDashboard($first: Int!) {
  numbers(first: $first) {
    totalCount
    nodes { id number e164 context destination { type name } subscriber { name status } prefix { areaName } }
    pageInfo { hasNextPage endCursor }
  }
}`;
const document = parse(DASHBOARD);
const operation = getOperationAST(document) as OperationDefinitionNode;
const input = { variables: { first: 20 }, planIds: () => 'info' as const };

function median(samples: number[]): number {
  const sorted = [...samples].sort((x, y) => x - y);
  return sorted[Math.floor(sorted.length / 2)] ?? NaN;
}

function measure(run: () => number): number {
  const perRound: number[] = [];
  let sink = 0;
  for (let round = 0; round < rounds; round++) {
    const started = performance.now();
    for (let i = 0; i < iterations; i++) sink += run();
    perRound.push(((performance.now() - started) * 1000) / iterations);
  }
  if (sink === 0) throw new Error('the estimate of the dashboard must not be 0');
  return median(perRound);
}

const warmEstimator = createEstimator({ maxPrefixes: 20 });
const warm = measure(() => warmEstimator.estimate(schema, document, operation, input).total);
// A new estimator per estimate: its per-document cache is empty every time.
const cold = measure(() => createEstimator({ maxPrefixes: 20 }).estimate(schema, document, operation, input).total);

console.log(
  `estimate of the dashboard (${warmEstimator.estimate(schema, document, operation, input).total} upstream calls), median of ${rounds} rounds × ${iterations}, Node ${process.version}:`,
);
console.log(`  warm per-document cache: ${warm.toFixed(2)} µs per request`);
console.log(`  cold per-document cache: ${cold.toFixed(2)} µs per request`);
