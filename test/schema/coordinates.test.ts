import { describe, expect, it } from '@jest/globals';
import { buildSchema, parse } from 'graphql';
import { coordinatesOf } from '../../scripts/schema-lifecycle/coordinates.js';

const schema = buildSchema(`
  type Query { numbers(first: Int, kind: Kind, filter: Filter): [Number!]! node(id: ID!): Node }
  interface Node { id: ID! }
  type Number implements Node { id: ID! kind: Kind! destination: Destination }
  type Destination { name: String }
  enum Kind { MENU QUEUE }
  input Filter { kind: Kind, nested: Filter, text: String }
`);

const of = (document: string) => {
  const { written, throughVariables } = coordinatesOf(schema, parse(document));
  return { written: [...written].sort(), throughVariables: [...throughVariables].sort() };
};

describe('the schema coordinates of a document', () => {
  it('names selected fields, given arguments, written input fields and enum values, and their types', () => {
    expect(
      of(
        'query Q { numbers(first: 2, kind: MENU, filter: { nested: { kind: QUEUE } }) { id destination { name } __typename } node(id: "1") { id ... on Number { kind } } }',
      ),
    ).toEqual({
      written: [
        'Destination',
        'Destination.name',
        'Filter',
        'Filter.kind',
        'Filter.nested',
        'Kind',
        'Kind.MENU',
        'Kind.QUEUE',
        'Node',
        'Node.id',
        'Number',
        'Number.destination',
        'Number.id',
        'Number.kind',
        'Query',
        'Query.node',
        'Query.node(id:)',
        'Query.numbers',
        'Query.numbers(filter:)',
        'Query.numbers(first:)',
        'Query.numbers(kind:)',
      ],
      throughVariables: [],
    });
  });

  it('counts every input field and enum value reachable from a variable as possibly sent', () => {
    expect(of('query Q($filter: Filter, $skip: Boolean!) { numbers(filter: $filter) @skip(if: $skip) { id } }')).toEqual({
      written: ['Number', 'Number.id', 'Query', 'Query.numbers', 'Query.numbers(filter:)'],
      throughVariables: ['Filter', 'Filter.kind', 'Filter.nested', 'Filter.text', 'Kind', 'Kind.MENU', 'Kind.QUEUE'],
    });
  });

  it('skips what the schema does not have', () => {
    expect(of('{ numbers(nope: 1) { id missing } }')).toEqual({ written: ['Number', 'Number.id', 'Query', 'Query.numbers'], throughVariables: [] });
  });
});
