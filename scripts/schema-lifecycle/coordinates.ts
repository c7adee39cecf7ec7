import {
  getNamedType,
  isEnumType,
  isInputObjectType,
  TypeInfo,
  typeFromAST,
  visit,
  visitWithTypeInfo,
  type DocumentNode,
  type GraphQLInputType,
  type GraphQLNamedType,
  type GraphQLSchema,
} from 'graphql';

/**
 * Schema coordinates a document uses, for `npm run schema:check`, named as the usage ledger
 * names them (src/usage/coordinates.ts, which counts what one request really sends):
 * `Type.field` for a selected field or an input field written in the document, `Type.field(arg:)`
 * for an argument given, `Enum.VALUE` for an enum value written in the document, and the bare
 * type name (`Type`) for every type a selection or input value goes through (a removed type or
 * a new required input field touches every use of the type).
 *
 * A variable's value is not in the document, so a variable of an input object or enum type uses
 * every input field and enum value reachable from it: the client may send any of them, and
 * only the runtime ledger can tell which it really does.
 */
export interface DocumentCoordinates {
  /** Coordinates the document itself writes. */
  readonly written: ReadonlySet<string>;
  /** Input fields and enum values a variable may carry (plus their types). */
  readonly throughVariables: ReadonlySet<string>;
}

const isIntrospection = (name: string): boolean => name.startsWith('__');

/** Every input field and enum value reachable from `type`, and the types on the way. */
function reachable(type: GraphQLInputType, into: Set<string>, seen = new Set<GraphQLNamedType>()): void {
  const named = getNamedType(type);
  if (seen.has(named)) return;
  seen.add(named);
  if (isEnumType(named)) {
    into.add(named.name);
    for (const value of named.getValues()) into.add(`${named.name}.${value.name}`);
  } else if (isInputObjectType(named)) {
    into.add(named.name);
    for (const field of Object.values(named.getFields())) {
      into.add(`${named.name}.${field.name}`);
      reachable(field.type, into, seen);
    }
  }
}

/** The coordinates `document` uses against `schema`; parts that do not validate are skipped. */
export function coordinatesOf(schema: GraphQLSchema, document: DocumentNode): DocumentCoordinates {
  const written = new Set<string>();
  const throughVariables = new Set<string>();
  const info = new TypeInfo(schema);
  visit(
    document,
    visitWithTypeInfo(info, {
      VariableDefinition(node) {
        const type = typeFromAST(schema, node.type);
        if (type !== undefined) reachable(type as GraphQLInputType, throughVariables);
      },
      Field(node) {
        const parent = info.getParentType();
        if (parent == null || isIntrospection(node.name.value) || info.getFieldDef() == null) return;
        written.add(parent.name);
        written.add(`${parent.name}.${node.name.value}`);
      },
      Argument(node) {
        const parent = info.getParentType();
        const field = info.getFieldDef();
        // Directive arguments (`@include(if:)`) are not coordinates of this schema's types.
        if (info.getDirective() != null || parent == null || field == null || info.getArgument() == null) return;
        written.add(`${parent.name}.${field.name}(${node.name.value}:)`);
      },
      ObjectField(node) {
        const parent = info.getParentInputType();
        const input = parent == null ? undefined : getNamedType(parent);
        if (!isInputObjectType(input) || input.getFields()[node.name.value] === undefined) return;
        written.add(input.name);
        written.add(`${input.name}.${node.name.value}`);
      },
      EnumValue(node) {
        const type = info.getInputType();
        const named = type == null ? undefined : getNamedType(type);
        if (!isEnumType(named) || named.getValue(node.value) === undefined) return;
        written.add(named.name);
        written.add(`${named.name}.${node.value}`);
      },
    }),
  );
  return { written, throughVariables };
}
