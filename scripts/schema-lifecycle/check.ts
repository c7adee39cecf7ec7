import { parse, specifiedRules, validate, type GraphQLSchema, type OperationDefinitionNode } from 'graphql';
import type { ClientRegistry } from '../../src/governance/trusted-documents/client-registry.js';
import { coordinatesOf } from './coordinates.js';
import { classifyChanges, type ClassifiedChange, type Level } from './changes.js';
import { deprecationsOf } from '../../src/usage/coordinates.js';
import { deprecationOf, removalDateOf } from './deprecation.js';
import { retainedEntries, type UsageExport } from './usage-export.js';

/**
 * `npm run schema:check`: whether the new schema can be released without breaking a client
 * still in use. It refuses (problems) when a registered operation no longer validates, when a
 * breaking change touches a coordinate a registered operation or the usage export uses, when a
 * field, argument, input field or enum value is removed without a deprecation in the released
 * schema or before the removal date its reason names, and when a deprecation names no date.
 */

export interface CheckInput {
  released: GraphQLSchema;
  current: GraphQLSchema;
  registry?: ClientRegistry;
  usage?: UsageExport;
  /** `YYYY-MM-DD` (UTC): removals before a deprecation's date are refused until then. */
  today: string;
}

export type Problem =
  | { kind: 'operation-invalid'; client: string; version: string; operation: string; id: string; message: string }
  | {
      kind: 'breaks-registered-operation';
      change: string;
      coordinate: string;
      client: string;
      version: string;
      operation: string;
      via: 'document' | 'variables';
    }
  | { kind: 'breaks-recorded-usage'; change: string; coordinate: string; client: string; version: string; count: number; lastDay: string }
  | { kind: 'removed-without-deprecation'; change: string; coordinate: string }
  | { kind: 'removed-before-date'; change: string; coordinate: string; removalDate: string }
  | { kind: 'deprecation-without-date'; coordinate: string; reason: string };

export interface CheckReport {
  ok: boolean;
  summary: Record<Level, number>;
  changes: ClassifiedChange[];
  problems: Problem[];
}

interface Operation {
  client: string;
  version: string;
  name: string;
  id: string;
  document: string;
}

function operationsOf(registry: ClientRegistry | undefined): Operation[] {
  return (registry?.manifests ?? []).flatMap(({ client, version, documents }) =>
    [...documents].map(([id, document]) => {
      const names = parse(document)
        .definitions.filter((definition): definition is OperationDefinitionNode => definition.kind === 'OperationDefinition')
        .map((operation) => operation.name?.value ?? '(anonymous)');
      return { client, version, id, document, name: names.join(', ') };
    }),
  );
}

function invalidOperations(operations: Operation[], schema: GraphQLSchema): Problem[] {
  return operations.flatMap(({ client, version, name, id, document }) =>
    validate(schema, parse(document), specifiedRules).map((error) => ({
      kind: 'operation-invalid' as const,
      client,
      version,
      operation: name,
      id,
      message: error.message,
    })),
  );
}

/** Operations (their coordinates read against the released schema) a breaking change touches. */
function brokenOperations(changes: ClassifiedChange[], operations: Operation[], released: GraphQLSchema): Problem[] {
  const used = operations.map((operation) => ({ operation, ...coordinatesOf(released, parse(operation.document)) }));
  return changes.flatMap((change) =>
    change.touches.flatMap((coordinate) =>
      used.flatMap(({ operation, written, throughVariables }) => {
        const via = written.has(coordinate) ? 'document' : throughVariables.has(coordinate) ? 'variables' : undefined;
        if (via === undefined) return [];
        return [
          {
            kind: 'breaks-registered-operation' as const,
            change: change.message,
            coordinate,
            client: operation.client,
            version: operation.version,
            operation: operation.name,
            via,
          },
        ];
      }),
    ),
  );
}

/** A bare type is used by any of its coordinates; a field by itself or any of its arguments. */
const usedAs = (recorded: string, coordinate: string): boolean =>
  recorded === coordinate || recorded.startsWith(`${coordinate}.`) || recorded.startsWith(`${coordinate}(`);

function brokenUsage(changes: ClassifiedChange[], usage: UsageExport | undefined): Problem[] {
  if (usage === undefined) return [];
  const entries = retainedEntries(usage);
  return changes.flatMap((change) =>
    change.touches.flatMap((coordinate) => {
      const byVersion = new Map<string, { client: string; version: string; count: number; lastDay: string }>();
      for (const entry of entries) {
        if (!usedAs(entry.coordinate, coordinate)) continue;
        const key = JSON.stringify([entry.client, entry.version]);
        const seen = byVersion.get(key);
        if (seen === undefined) byVersion.set(key, { client: entry.client, version: entry.version, count: entry.count, lastDay: entry.day });
        else {
          seen.count += entry.count;
          if (entry.day > seen.lastDay) seen.lastDay = entry.day;
        }
      }
      return [...byVersion.values()].map((hit) => ({ kind: 'breaks-recorded-usage' as const, change: change.message, coordinate, ...hit }));
    }),
  );
}

function policyProblems(changes: ClassifiedChange[], input: CheckInput): Problem[] {
  const problems: Problem[] = [];
  for (const change of changes) {
    if (change.removed === undefined) continue;
    const reason = deprecationOf(input.released, change.removed);
    const removalDate = reason === undefined ? undefined : removalDateOf(reason);
    if (reason === undefined) problems.push({ kind: 'removed-without-deprecation', change: change.message, coordinate: change.removed });
    else if (removalDate === undefined || input.today < removalDate) {
      problems.push({ kind: 'removed-before-date', change: change.message, coordinate: change.removed, removalDate: removalDate ?? 'none named' });
    }
  }
  for (const { coordinate, reason } of deprecationsOf(input.current)) {
    if (removalDateOf(reason) === undefined) problems.push({ kind: 'deprecation-without-date', coordinate, reason });
  }
  return problems;
}

export async function checkSchema(input: CheckInput): Promise<CheckReport> {
  const changes = await classifyChanges(input.released, input.current);
  const operations = operationsOf(input.registry);
  const problems = [
    ...invalidOperations(operations, input.current),
    ...brokenOperations(changes, operations, input.released),
    ...brokenUsage(changes, input.usage),
    ...policyProblems(changes, input),
  ];
  const summary: Record<Level, number> = { breaking: 0, dangerous: 0, safe: 0 };
  for (const change of changes) summary[change.level] += 1;
  return { ok: problems.length === 0, summary, changes, problems };
}
