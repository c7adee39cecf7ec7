import { isEnumType, isInputObjectType, isInterfaceType, isObjectType, type GraphQLSchema } from 'graphql';

/**
 * The deprecation policy (docs/schema-lifecycle.md): a deprecation reason names the
 * replacement and the earliest removal date, e.g. `Use kind. Removal not before 2027-06-01.`
 */

const REMOVAL = /Removal not before (\d{4}-\d{2}-\d{2})\./;

/** The removal date a reason names, when it is a real calendar date. */
export function removalDateOf(reason: string): string | undefined {
  const date = REMOVAL.exec(reason)?.[1];
  if (date === undefined) return undefined;
  const parsed = new Date(`${date}T00:00:00Z`);
  return !Number.isNaN(parsed.getTime()) && parsed.toISOString().slice(0, 10) === date ? date : undefined;
}

/** The deprecation reason of `Type.field`, `Type.field(arg:)`, `Input.field` or `Enum.VALUE`. */
export function deprecationOf(schema: GraphQLSchema, coordinate: string): string | undefined {
  const match = /^([^.]+)\.([^(]+)(?:\(([^:]+):\))?$/.exec(coordinate);
  if (match === null) return undefined;
  const [, typeName, member, argument] = match as unknown as [string, string, string, string | undefined];
  const type = schema.getType(typeName);
  if (isEnumType(type)) return type.getValue(member)?.deprecationReason ?? undefined;
  if (isInputObjectType(type)) return type.getFields()[member]?.deprecationReason ?? undefined;
  if (!isObjectType(type) && !isInterfaceType(type)) return undefined;
  const field = type.getFields()[member];
  if (argument === undefined) return field?.deprecationReason ?? undefined;
  return field?.args.find((arg) => arg.name === argument)?.deprecationReason ?? undefined;
}
