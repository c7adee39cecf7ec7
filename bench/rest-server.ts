/**
 * The bench's second comparator, the gateway a team writes without this project. Apollo
 * Server 5 through `startStandaloneServer`, one `RESTDataSource` per request (its default
 * fetcher, its in-request GET dedupe and nothing more: no DataLoader, no cache across requests,
 * no concurrency cap, no breaker), and the schema subset the bench scenarios use, answering the
 * same JSON. Written as the Apollo docs show it, not tuned: it is the yardstick a reviewer would
 * pick, so it must be what people ship.
 */
import { RESTDataSource, type AugmentedRequest } from '@apollo/datasource-rest';
import { ApolloServer } from '@apollo/server';
import { startStandaloneServer } from '@apollo/server/standalone';
import { GraphQLError } from 'graphql';
import type { AccessNumberDto, NumberDto, PrefixDto } from '../src/upstream/types.js';

interface Envelope<T> {
  status: string;
  data: T;
}

class NumbersAPI extends RESTDataSource {
  constructor(
    upstreamUrl: string,
    private readonly authorization: string,
    options: ConstructorParameters<typeof RESTDataSource>[0],
  ) {
    super(options);
    this.baseURL = `${upstreamUrl}/api/v2/numbers/`;
  }

  override willSendRequest(_path: string, request: AugmentedRequest): void {
    request.headers.authorization = this.authorization;
  }

  private async data<T>(answer: Promise<Envelope<T>>): Promise<T> {
    const envelope = await answer;
    if (envelope.status !== 'success') throw new GraphQLError('upstream error');
    return envelope.data;
  }

  list = () => this.data(this.get<Envelope<NumberDto[]>>('list'));
  async info(id: string): Promise<NumberDto | null> {
    try {
      return await this.data(this.get<Envelope<NumberDto>>('info', { params: { id } }));
    } catch (error) {
      if (error instanceof GraphQLError && (error.extensions.response as { status?: number } | undefined)?.status === 404) return null;
      throw error;
    }
  }
  prefixes = () => this.data(this.get<Envelope<PrefixDto[]>>('available_prefixes'));
  acquirable = (prefix: string) => this.data(this.get<Envelope<string[]>>('acquirable_numbers', { params: { prefix } }));
  accessNumbers = () => this.data(this.get<Envelope<AccessNumberDto[]>>('available_access_numbers'));
  save = (params: Record<string, string>) => this.data(this.post<Envelope<NumberDto>>('save', { body: new URLSearchParams(params) }));
}

interface Context {
  dataSources: { numbers: NumbersAPI };
}

const typeDefs = `#graphql
  type Query {
    numbers(first: Int = 20): NumberConnection
    number(id: ID!): Number
    availablePrefixes(search: String): [Prefix!]
    accessNumbers: [AccessNumber!]
  }
  type Mutation {
    updateNumber(input: UpdateNumberInput!): NumberPayload
  }
  input UpdateNumberInput { id: ID!, recordingEnabled: Boolean }
  type NumberPayload { number: Number, userErrors: [UserError!]! }
  type UserError { code: String!, message: String! }
  type NumberConnection { nodes: [Number!]! }
  type Number {
    id: ID!
    number: String!
    recordingEnabled: Boolean!
    destination: Destination
    subscriber: Subscriber
    prefix: Prefix
  }
  type Destination { name: String }
  type Subscriber { name: String }
  type Prefix { prefix: String!, areaName: String!, acquirableNumbers(first: Int): [String!] }
  type AccessNumber { code: String!, description: String!, takesNumber: Boolean! }
`;

const areaNameOf = (description: string) => description.replace(/\s*\(\d+\)\s*$/, '');

const resolvers = {
  Query: {
    numbers: async (_: unknown, args: { first: number }, { dataSources }: Context) => ({
      nodes: (await dataSources.numbers.list()).slice(0, args.first),
    }),
    number: (_: unknown, args: { id: string }, { dataSources }: Context) => dataSources.numbers.info(args.id),
    availablePrefixes: async (_: unknown, args: { search?: string }, { dataSources }: Context) => {
      const search = (args.search ?? '').toLowerCase();
      return (await dataSources.numbers.prefixes())
        .filter((p) => p.prefix.startsWith(search) || areaNameOf(p.description).toLowerCase().includes(search))
        .sort((a, b) => a.description.localeCompare(b.description, 'en-GB'));
    },
    accessNumbers: (_: unknown, _args: unknown, { dataSources }: Context) => dataSources.numbers.accessNumbers(),
  },
  Mutation: {
    updateNumber: async (_: unknown, args: { input: { id: string; recordingEnabled?: boolean } }, { dataSources }: Context) => {
      const params: Record<string, string> = { id: args.input.id };
      if (args.input.recordingEnabled != null) params.recording_enabled = String(args.input.recordingEnabled);
      return { number: await dataSources.numbers.save(params), userErrors: [] };
    },
  },
  Number: {
    id: (n: NumberDto) => String(n.id),
    recordingEnabled: (n: NumberDto) => n.recording_enabled,
    destination: (n: NumberDto) => (n.destination ? { name: n.destination.object.name } : null),
    subscriber: (n: NumberDto) => n.aquisition?.subscriber ?? null,
    // Longest matching area code; every row asks, the data source dedupes the call.
    prefix: async (n: NumberDto, _args: unknown, { dataSources }: Context) =>
      (await dataSources.numbers.prefixes()).filter((p) => n.number.startsWith(p.prefix)).sort((a, b) => b.prefix.length - a.prefix.length)[0] ?? null,
  },
  Prefix: {
    areaName: (p: PrefixDto) => areaNameOf(p.description),
    acquirableNumbers: async (p: PrefixDto, args: { first?: number }, { dataSources }: Context) =>
      (await dataSources.numbers.acquirable(p.prefix)).slice(0, args.first ?? undefined),
  },
  AccessNumber: {
    code: (a: AccessNumberDto) => a.number,
    takesNumber: (a: AccessNumberDto) => a.number.includes('{number}'),
  },
};

/**
 * Starts the RESTDataSource gateway in front of `upstreamUrl` on a free loopback port.
 * bench/child-rest.ts runs it as a bench child, the bench's answer test in-process.
 */
export async function startRestServer(upstreamUrl: string): Promise<{ url: string; stop(): Promise<void> }> {
  const server = new ApolloServer<Context>({ typeDefs, resolvers });
  const { url } = await startStandaloneServer(server, {
    listen: { port: 0, host: '127.0.0.1' },
    context: async ({ req }) => {
      const { cache } = server;
      return { dataSources: { numbers: new NumbersAPI(upstreamUrl, req.headers.authorization ?? '', { cache }) } };
    },
  });
  return { url: url.replace(/\/$/, ''), stop: () => server.stop() };
}
