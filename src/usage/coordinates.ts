import {
  getNamedType,
  isEnumType,
  isInputObjectType,
  isListType,
  isNonNullType,
  isObjectType,
  isInterfaceType,
  TypeInfo,
  typeFromAST,
  visit,
  visitWithTypeInfo,
  type ASTNode,
  type DocumentNode,
  type FragmentDefinitionNode,
  type GraphQLInputType,
  type GraphQLSchema,
  type OperationDefinitionNode,
} from 'graphql';
import { fragmentsOf } from '../security/ast.js';

// The schema coordinates an operation uses (https://spec.graphql.org/draft/#sec-Schema-Coordinates
// style): `Type.field` for every field selected (through fragments too), `Type.field(arg:)` for
// every argument given, `Input.field` for every input field given, and `Enum.VALUE` for every
// enum value sent, as a literal or in a variable. Computed once per operation of a validated
// document (`usageOf`, cached for as long as the document lives, as the cost plan is); a
// request then only adds what its variables send (`variableCoordinates`).

export interface VariableUsage {
  readonly name: string;
  readonly type: GraphQLInputType;
}

export interface OperationUsage {
  /** Coordinates the document uses whatever its variables, sorted. */
  readonly coordinates: readonly string[];
  /** Those of `coordinates` that the schema marks `@deprecated`. */
  readonly deprecated: readonly string[];
  /** Variables whose values can name enum values or input fields (walked per request). */
  readonly variables: readonly VariableUsage[];
}

/** Values walked in one request's variables at most (a huge list must not cost a huge walk). */
export const MAX_VARIABLE_NODES = 2_000;

/** Every deprecated coordinate of the schema with its reason (built-in types excepted). */
export function deprecationsOf(schema: GraphQLSchema): { coordinate: string; reason: string }[] {
  const found: { coordinate: string; reason: string }[] = [];
  const add = (coordinate: string, reason: string | null | undefined) => {
    if (reason != null) found.push({ coordinate, reason });
  };
  for (const type of Object.values(schema.getTypeMap())) {
    if (type.name.startsWith('__')) continue;
    if (isEnumType(type)) for (const value of type.getValues()) add(`${type.name}.${value.name}`, value.deprecationReason);
    if (isInputObjectType(type)) for (const field of Object.values(type.getFields())) add(`${type.name}.${field.name}`, field.deprecationReason);
    if (isObjectType(type) || isInterfaceType(type)) {
      for (const field of Object.values(type.getFields())) {
        add(`${type.name}.${field.name}`, field.deprecationReason);
        for (const arg of field.args) add(`${type.name}.${field.name}(${arg.name}:)`, arg.deprecationReason);
      }
    }
  }
  return found;
}

const deprecatedBySchema = new WeakMap<GraphQLSchema, ReadonlySet<string>>();

/** Every coordinate the schema marks `@deprecated`: fields, arguments, input fields, enum values. */
export function deprecatedCoordinates(schema: GraphQLSchema): ReadonlySet<string> {
  let found = deprecatedBySchema.get(schema);
  if (found) return found;
  found = new Set(deprecationsOf(schema).map(({ coordinate }) => coordinate));
  deprecatedBySchema.set(schema, found);
  return found;
}

function mayNameCoordinates(type: GraphQLInputType): boolean {
  const named = getNamedType(type);
  return isEnumType(named) || isInputObjectType(named);
}

/** The fragments an operation spreads, directly or through other fragments. */
function reachableFragments(document: DocumentNode, operation: OperationDefinitionNode): FragmentDefinitionNode[] {
  const byName = fragmentsOf(document);
  const reached = new Map<string, FragmentDefinitionNode>();
  const pending: ASTNode[] = [operation];
  while (pending.length > 0) {
    const node = pending.pop() as ASTNode;
    visit(node, {
      FragmentSpread(spread) {
        const name = spread.name.value;
        const fragment = byName.get(name);
        if (fragment && !reached.has(name)) {
          reached.set(name, fragment);
          pending.push(fragment);
        }
      },
    });
  }
  return [...reached.values()];
}

/** `__typename`, `__schema`, `__type` and the `__Type`, `__Field` … types they return: not the API's schema. */
const isIntrospection = (name: string): boolean => name.startsWith('__');

/** Computes the usage of one operation of a validated document (see `usageOf` for the cached form). */
export function computeUsage(schema: GraphQLSchema, document: DocumentNode, operation: OperationDefinitionNode): OperationUsage {
  const used = new Set<string>();
  const typeInfo = new TypeInfo(schema);
  const visitor = visitWithTypeInfo(typeInfo, {
    Field(node) {
      const parent = typeInfo.getParentType();
      if (!parent || isIntrospection(node.name.value) || isIntrospection(parent.name) || !typeInfo.getFieldDef()) return;
      used.add(`${parent.name}.${node.name.value}`);
    },
    Argument(node) {
      // Directive arguments (`@include(if:)`) are not schema fields.
      if (typeInfo.getDirective()) return;
      const parent = typeInfo.getParentType();
      const field = typeInfo.getFieldDef();
      if (!parent || !field || !typeInfo.getArgument() || isIntrospection(parent.name) || isIntrospection(field.name)) return;
      used.add(`${parent.name}.${field.name}(${node.name.value}:)`);
    },
    ObjectField(node) {
      const parent = typeInfo.getParentInputType();
      const named = parent ? getNamedType(parent) : undefined;
      if (named && isInputObjectType(named) && named.getFields()[node.name.value]) used.add(`${named.name}.${node.name.value}`);
    },
    EnumValue(node) {
      const input = typeInfo.getInputType();
      const named = input ? getNamedType(input) : undefined;
      if (named && isEnumType(named) && !isIntrospection(named.name) && named.getValue(node.value)) used.add(`${named.name}.${node.value}`);
    },
  });
  visit(operation, visitor);
  for (const fragment of reachableFragments(document, operation)) visit(fragment, visitor);

  const variables: VariableUsage[] = [];
  for (const definition of operation.variableDefinitions ?? []) {
    const type = typeFromAST(schema, definition.type) as GraphQLInputType | undefined;
    if (type && mayNameCoordinates(type)) variables.push({ name: definition.variable.name.value, type });
  }
  const coordinates = [...used].sort();
  const deprecated = deprecatedCoordinates(schema);
  return { coordinates, deprecated: coordinates.filter((c) => deprecated.has(c)), variables };
}

const cache = new WeakMap<OperationDefinitionNode, OperationUsage>();

/**
 * The usage of `operation`, computed on its first request and kept for as long as Apollo keeps
 * the parsed document (its document cache, by query hash), so a repeated operation costs a
 * WeakMap lookup.
 */
export function usageOf(schema: GraphQLSchema, document: DocumentNode, operation: OperationDefinitionNode): OperationUsage {
  let usage = cache.get(operation);
  if (usage === undefined) {
    usage = computeUsage(schema, document, operation);
    cache.set(operation, usage);
  }
  return usage;
}

/**
 * The enum values and input fields one request's variables send, each once. Values that do not
 * fit the type are skipped (coercion refuses the request anyway), and the walk stops after
 * MAX_VARIABLE_NODES values.
 */
export function variableCoordinates(usage: OperationUsage, variables: Readonly<Record<string, unknown>> | undefined): string[] {
  if (usage.variables.length === 0 || variables === undefined) return [];
  const found = new Set<string>();
  let budget = MAX_VARIABLE_NODES;
  const walk = (type: GraphQLInputType, value: unknown): void => {
    if (value === null || value === undefined || --budget < 0) return;
    if (isNonNullType(type)) return walk(type.ofType, value);
    if (isListType(type)) {
      if (Array.isArray(value)) for (const item of value) walk(type.ofType, item);
      else walk(type.ofType, value);
      return;
    }
    if (isEnumType(type)) {
      if (typeof value === 'string' && type.getValue(value)) found.add(`${type.name}.${value}`);
      return;
    }
    if (isInputObjectType(type) && typeof value === 'object' && !Array.isArray(value)) {
      const fields = type.getFields();
      for (const [key, inner] of Object.entries(value)) {
        const field = Object.hasOwn(fields, key) ? fields[key] : undefined;
        if (!field) continue;
        found.add(`${type.name}.${key}`);
        walk(field.type, inner);
      }
    }
  };
  for (const variable of usage.variables) {
    if (Object.hasOwn(variables, variable.name)) walk(variable.type, variables[variable.name]);
  }
  return [...found];
}
