// The part of an estimate that depends on the document only: the operation reduced to the
// fields that cost upstream calls (and the fields on the way to them), with fragments expanded,
// fields merged by response key as graphql-js merges them, and `@skip`/`@include` kept as
// conditions on variables. It is computed once per document; each request then only evaluates
// it with its variables (estimate.ts).

import {
  getNamedType,
  getNullableType,
  isCompositeType,
  isListType,
  Kind,
  valueFromASTUntyped,
  type DirectiveNode,
  type DocumentNode,
  type FieldNode,
  type GraphQLCompositeType,
  type GraphQLField,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type SelectionSetNode,
  type ValueNode,
} from 'graphql';
import { fragmentsOf, walkSelections, type Fragments } from '../security/ast.js';
import { FIELD_COSTS, UNKNOWN_ROOT_FIELD, type FieldCost } from './cost-rules.js';

/** `@include(if: $v)` holds when `$v` is true; `@skip(if: $v)` when it is false. */
export interface Condition {
  variable: string;
  includeWhen: boolean;
}

/** Where an argument's value comes from: a literal in the document or a variable. */
export type ValueSource = { literal: unknown } | { variable: string };

/** A page size: the largest of the `first`/`last` values given, else their defaults. */
export interface PageSource {
  given: ValueSource[];
  fallback: number | undefined;
}

export interface CostNode {
  /** `Type.field`, for rules and messages. */
  path: string;
  cost: FieldCost | undefined;
  /**
   * Alternatives, each a list of conditions that must all hold: the field runs when one
   * alternative holds (it may be selected in several places). `[[]]` is "always".
   */
  when: Condition[][];
  /** The argument a keyed cost is counted by (`number(id:)`, `acquirableNumbers(prefix:)`). */
  key?: ValueSource;
  /** The field takes `first`/`last`: the size of the list it (or its connection) returns. */
  page?: PageSource;
  /** The argument that narrows the list to a size unknown before the call (`search`). */
  narrow?: ValueSource;
  /** Its type is a list: children run once per item. */
  list: boolean;
  children: CostNode[];
}

export interface CompiledOperation {
  operation: 'query' | 'mutation' | 'subscription';
  nodes: CostNode[];
  /** Default values of the operation's variables, used when a request leaves one out. */
  defaults: ReadonlyMap<string, unknown>;
}

/** Selections one estimate may expand (fragments spread many times multiply them). */
export const MAX_SELECTIONS = 20_000;

export class TooComplexToEstimate extends Error {
  override readonly name = 'TooComplexToEstimate';
}

/** Where a selection is: the type it selects on and the conditions it runs under. */
interface Scope {
  parentType: GraphQLCompositeType;
  conditions: Condition[];
}

interface Occurrence {
  field: FieldNode;
  parentType: GraphQLCompositeType;
  conditions: Condition[];
}

function sourceOf(value: ValueNode): ValueSource {
  return value.kind === Kind.VARIABLE ? { variable: value.name.value } : { literal: valueFromASTUntyped(value) };
}

/** The conditions of `directives` added to `conditions`, or `null` when a literal excludes the node. */
function withDirectives(conditions: Condition[], directives: readonly DirectiveNode[] | undefined): Condition[] | null {
  let result = conditions;
  for (const directive of directives ?? []) {
    const name = directive.name.value;
    if (name !== 'skip' && name !== 'include') continue;
    const argument = directive.arguments?.find((a) => a.name.value === 'if')?.value;
    if (!argument) continue;
    const includeWhen = name === 'include';
    if (argument.kind === Kind.BOOLEAN) {
      if (argument.value !== includeWhen) return null;
    } else if (argument.kind === Kind.VARIABLE) {
      result = [...result, { variable: argument.name.value, includeWhen }];
    }
  }
  return result;
}

class Compiler {
  private spent = 0;

  constructor(
    private readonly schema: GraphQLSchema,
    private readonly fragments: Fragments,
  ) {}

  /** Flattens fragments into field occurrences, the way graphql-js's collectFields does. */
  private collect(selectionSet: SelectionSetNode, parentType: GraphQLCompositeType, conditions: Condition[], out: Occurrence[], spread: Set<string>): void {
    walkSelections<Scope>(
      selectionSet,
      this.fragments,
      { parentType, conditions },
      {
        enter: (selection, scope, fragment) => {
          if (++this.spent > MAX_SELECTIONS) {
            throw new TooComplexToEstimate(
              `The operation expands to more than ${MAX_SELECTIONS} selections through its fragments; spread each fragment fewer times.`,
            );
          }
          const own = withDirectives(scope.conditions, selection.directives);
          if (own === null) return null;
          if (selection.kind === Kind.FIELD) return { parentType: scope.parentType, conditions: own };
          if (selection.kind === Kind.FRAGMENT_SPREAD) {
            // graphql-js expands an unconditional spread once per selection set; so does this.
            if (!fragment || (own.length === 0 && spread.has(fragment.name.value))) return null;
            if (own.length === 0) spread.add(fragment.name.value);
            return { parentType: this.typeOf(fragment.typeCondition.name.value, scope.parentType), conditions: own };
          }
          return {
            parentType: selection.typeCondition ? this.typeOf(selection.typeCondition.name.value, scope.parentType) : scope.parentType,
            conditions: own,
          };
        },
        field: (field, scope) => out.push({ field, parentType: scope.parentType, conditions: scope.conditions }),
      },
    );
  }

  private typeOf(name: string, fallback: GraphQLCompositeType): GraphQLCompositeType {
    const type = this.schema.getType(name);
    return type && isCompositeType(type) ? type : fallback;
  }

  /** Compiles the fields of merged selection sets, keeping those that cost or lead to a cost. */
  compile(sets: Array<{ selectionSet: SelectionSetNode; conditions: Condition[] }>, parentType: GraphQLCompositeType, depth: number): CostNode[] {
    const occurrences: Occurrence[] = [];
    const spread = new Set<string>();
    for (const set of sets) this.collect(set.selectionSet, parentType, set.conditions, occurrences, spread);
    const groups = new Map<string, Occurrence[]>();
    for (const occurrence of occurrences) {
      const key = occurrence.field.alias?.value ?? occurrence.field.name.value;
      const group = groups.get(key);
      if (group) group.push(occurrence);
      else groups.set(key, [occurrence]);
    }
    const nodes: CostNode[] = [];
    for (const group of groups.values()) {
      const node = this.node(group, depth);
      if (node) nodes.push(node);
    }
    return nodes;
  }

  private node(group: Occurrence[], depth: number): CostNode | undefined {
    const [first] = group;
    if (!first) return undefined;
    const name = first.field.name.value;
    // Introspection and __typename never reach the upstream.
    if (name.startsWith('__') || !('getFields' in first.parentType)) return undefined;
    const definition: GraphQLField<unknown, unknown> | undefined = first.parentType.getFields()[name];
    if (!definition) return undefined;
    const path = `${first.parentType.name}.${name}`;
    const cost = FIELD_COSTS.get(path) ?? (depth === 0 ? UNKNOWN_ROOT_FIELD : undefined);
    const namedType = getNamedType(definition.type);
    const children = isCompositeType(namedType)
      ? this.compile(
          group.filter((o) => o.field.selectionSet).map((o) => ({ selectionSet: o.field.selectionSet as SelectionSetNode, conditions: o.conditions })),
          namedType,
          depth + 1,
        )
      : [];
    if (!cost && children.length === 0) return undefined;
    const argument = (argName: string) => first.field.arguments?.find((a) => a.name.value === argName)?.value;
    const keyArgument = cost && 'keyArgument' in cost && cost.keyArgument ? argument(cost.keyArgument) : undefined;
    const node: CostNode = {
      path,
      cost,
      when: group.some((o) => o.conditions.length === 0) ? [[]] : group.map((o) => o.conditions),
      list: isListType(getNullableType(definition.type)),
      children,
    };
    if (keyArgument) node.key = sourceOf(keyArgument);
    const narrowArgument = cost?.kind === 'shared' && cost.narrowedBy ? argument(cost.narrowedBy) : undefined;
    if (narrowArgument) node.narrow = sourceOf(narrowArgument);
    const pageArgs = definition.args.filter((a) => a.name === 'first' || a.name === 'last');
    if (pageArgs.length > 0 || (cost?.kind === 'shared' && cost.defaultPage !== undefined)) {
      const given = pageArgs.map((a) => argument(a.name)).filter((v): v is ValueNode => v !== undefined);
      const defaults = pageArgs.map((a) => a.defaultValue).filter((v): v is number => typeof v === 'number');
      const fallback = defaults.length > 0 ? Math.max(...defaults) : cost?.kind === 'shared' ? cost.defaultPage : undefined;
      node.page = { given: given.map(sourceOf), fallback };
    }
    return node;
  }
}

/** Compiles one operation of a validated document. */
export function compileOperation(schema: GraphQLSchema, document: DocumentNode, operation: OperationDefinitionNode): CompiledOperation {
  const fragments = fragmentsOf(document);
  const defaults = new Map<string, unknown>();
  for (const variable of operation.variableDefinitions ?? []) {
    if (variable.defaultValue) defaults.set(variable.variable.name.value, valueFromASTUntyped(variable.defaultValue));
  }
  const rootType = schema.getRootType(operation.operation);
  const nodes = rootType ? new Compiler(schema, fragments).compile([{ selectionSet: operation.selectionSet, conditions: [] }], rootType, 0) : [];
  return { operation: operation.operation, nodes, defaults };
}
