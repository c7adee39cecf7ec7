import { describe, expect, it } from '@jest/globals';
import { buildASTSchema, buildSchema, concatAST, getOperationAST, parse, validate, type OperationDefinitionNode } from 'graphql';
import { loadTypeDefs } from '../../src/schema.js';
import { computeUsage, deprecatedCoordinates, MAX_VARIABLE_NODES, usageOf, variableCoordinates } from '../../src/usage/coordinates.js';

const schema = buildASTSchema(concatAST(loadTypeDefs().map((typeDefs) => parse(typeDefs))));

function usage(source: string, operationName?: string, on = schema) {
  const document = parse(source);
  expect(validate(on, document)).toEqual([]);
  const operation = getOperationAST(document, operationName) as OperationDefinitionNode;
  return { document, operation, usage: computeUsage(on, document, operation) };
}

describe('the coordinates of an operation', () => {
  it('lists every field selected and every argument given, as Type.field and Type.field(arg:)', () => {
    const { usage: u } = usage('{ numbers(first: 2, search: "01") { totalCount nodes { id destination { type name } } } }');
    expect(u.coordinates).toEqual([
      'Destination.name',
      'Destination.type',
      'Number.destination',
      'Number.id',
      'NumberConnection.nodes',
      'NumberConnection.totalCount',
      'Query.numbers',
      'Query.numbers(first:)',
      'Query.numbers(search:)',
    ]);
    expect(u.variables).toEqual([]);
  });

  it('follows named and inline fragments, each field under the type it is selected on', () => {
    const withNodes = buildSchema(`
      interface Node { id: ID! }
      type Subscriber { name: String }
      type Number implements Node { id: ID! number: String! e164: String! subscriber: Subscriber }
      type NumberConnection { nodes: [Number!]! }
      type Query { node(id: ID!): Node numbers(first: Int): NumberConnection }`);
    const { usage: u } = usage(
      `query Q { node(id: "1") { id ...N } numbers(first: 1) { nodes { ...N } } }
      query Other { numbers { nodes { ...E } } }
      fragment N on Number { number ... on Number { subscriber { ...S } } }
      fragment S on Subscriber { name }
      fragment E on Number { e164 }`,
      'Q',
      withNodes,
    );
    expect(u.coordinates).toEqual([
      'Node.id',
      'Number.number',
      'Number.subscriber',
      'NumberConnection.nodes',
      'Query.node',
      'Query.node(id:)',
      'Query.numbers',
      'Query.numbers(first:)',
      'Subscriber.name',
    ]);
  });

  it('counts enum values and input fields written as literals, and leaves out __typename and directive arguments', () => {
    const { usage: u } = usage(`query($skip: Boolean!) {
      __typename
      numbers(context: INCOMING, orderBy: { field: CREATED_AT, direction: DESC }) @skip(if: $skip) { totalCount }
    }`);
    expect(u.coordinates).toEqual([
      'NumberConnection.totalCount',
      'NumberContext.INCOMING',
      'NumberOrder.direction',
      'NumberOrder.field',
      'NumberOrderField.CREATED_AT',
      'OrderDirection.DESC',
      'Query.numbers',
      'Query.numbers(context:)',
      'Query.numbers(orderBy:)',
    ]);
  });

  it('leaves out introspection: __schema, __type(name:) and everything under them', () => {
    const { usage: u } = usage(`{
      __schema { queryType { name } types { kind name fields(includeDeprecated: true) { name isDeprecated } } }
      __type(name: "Number") { kind enumValues(includeDeprecated: false) { name } }
      accessNumbers { code }
    }`);
    expect(u.coordinates).toEqual(['AccessNumber.code', 'Query.accessNumbers']);
  });

  it('keeps the variables that can send enum values or input fields, and finds what each request sends', () => {
    const { usage: m } = usage('mutation M($input: UpdateNumberInput!) { updateNumber(input: $input) { number { id } } }');
    expect(m.variables.map((v) => v.name)).toEqual(['input']);
    expect(m.coordinates).toContain('Mutation.updateNumber(input:)');
    expect(variableCoordinates(m, { input: { id: '7', destination: { type: 'Menu', id: '3' }, callerIdPrefix: null } }).sort()).toEqual([
      'DestinationInput.id',
      'DestinationInput.type',
      'UpdateNumberInput.callerIdPrefix',
      'UpdateNumberInput.destination',
      'UpdateNumberInput.id',
    ]);
    // Unknown fields name nothing.
    expect(variableCoordinates(m, { input: { id: '7', nope: 1 } })).toEqual(['UpdateNumberInput.id']);
    const { usage: q } = usage('query Q($context: NumberContext, $first: Int) { numbers(context: $context, first: $first) { totalCount } }');
    expect(q.variables.map((v) => v.name)).toEqual(['context']);
    expect(variableCoordinates(q, { context: 'UTILITY', first: 2 })).toEqual(['NumberContext.UTILITY']);
    // Unknown values, absent variables and no variables at all name nothing.
    expect(variableCoordinates(q, { context: 'NOT_A_VALUE' })).toEqual([]);
    expect(variableCoordinates(q, { first: 2 })).toEqual([]);
    expect(variableCoordinates(q, undefined)).toEqual([]);
  });

  it('walks lists of enum values in variables, and stops after a bounded number of values', () => {
    const listSchema = buildSchema('enum Color { RED GREEN BLUE } type Query { paint(colors: [Color!]!): Int }');
    const { usage: u } = usage('query($c: [Color!]!) { paint(colors: $c) }', undefined, listSchema);
    expect(variableCoordinates(u, { c: ['RED', 'BLUE', 'RED'] }).sort()).toEqual(['Color.BLUE', 'Color.RED']);
    // A single value where a list is expected is coerced to a list by GraphQL: it counts too.
    expect(variableCoordinates(u, { c: 'GREEN' })).toEqual(['Color.GREEN']);
    const huge = [...Array.from({ length: MAX_VARIABLE_NODES + 10 }, () => 'RED'), 'GREEN'];
    expect(variableCoordinates(u, { c: huge })).toEqual(['Color.RED']);
  });

  it('marks the coordinates the schema deprecates: fields, arguments, input fields and enum values', () => {
    const deprecating = buildSchema(`
      enum Kind { MENU QUEUE @deprecated(reason: "Use MENU.") }
      input Filter { kind: Kind, type: String @deprecated(reason: "Use kind.") }
      type Item { kind: Kind, type: String @deprecated(reason: "Use kind.") }
      type Query { items(filter: Filter, type: String @deprecated(reason: "Use filter.")): [Item] }`);
    expect([...deprecatedCoordinates(deprecating)].sort()).toEqual(['Filter.type', 'Item.type', 'Kind.QUEUE', 'Query.items(type:)']);
    const { usage: u } = usage(
      'query($f: Filter) { items(type: "x", filter: { kind: QUEUE }) { type kind } more: items(filter: $f) { kind } }',
      undefined,
      deprecating,
    );
    expect(u.deprecated).toEqual(['Item.type', 'Kind.QUEUE', 'Query.items(type:)']);
    expect(variableCoordinates(u, { f: { type: 'Menu' } })).toEqual(['Filter.type']);
  });

  it('computes an operation once, however often it is asked for', () => {
    const { document, operation } = usage('{ accessNumbers { code } }');
    const first = usageOf(schema, document, operation);
    expect(usageOf(schema, document, operation)).toBe(first);
    expect(first.coordinates).toEqual(['AccessNumber.code', 'Query.accessNumbers']);
  });
});
