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
