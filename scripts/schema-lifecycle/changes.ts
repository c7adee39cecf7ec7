import { ChangeType, CriticalityLevel, diff, type Change } from '@graphql-inspector/core';
import type { GraphQLSchema } from 'graphql';

/**
 * Every difference between the released and the new schema, classified by
 * @graphql-inspector/core, with the coordinates whose users a change can break: what
 * `schema:check` compares with the registered operations and the usage export.
 */

export type Level = 'breaking' | 'dangerous' | 'safe';

export interface ClassifiedChange {
  level: Level;
  /** The inspector's change type, e.g. `FIELD_REMOVED`. */
  type: string;
  message: string;
  /** Coordinates (`Type.field`, `Type.field(arg:)`, `Enum.VALUE`, `Type`) whose users this can break. */
  touches: string[];
  /** For the removal of a field, argument, input field or enum value: its coordinate. */
  removed?: string;
}

const LEVELS: Record<CriticalityLevel, Level> = {
  [CriticalityLevel.Breaking]: 'breaking',
  [CriticalityLevel.Dangerous]: 'dangerous',
  [CriticalityLevel.NonBreaking]: 'safe',
};

const REMOVALS = new Set<string>([ChangeType.FieldRemoved, ChangeType.FieldArgumentRemoved, ChangeType.InputFieldRemoved, ChangeType.EnumValueRemoved]);

/** `Int` → `Int!`: the same type, now required. */
const becomesRequired = (before: string | undefined, after: string | undefined): boolean => before !== undefined && after === `${before}!`;

function metaString(change: Change, key: string): string | undefined {
  const value = (change.meta as Record<string, unknown> | undefined)?.[key];
  return typeof value === 'string' ? value : undefined;
}

function coordinateOf(path: string | undefined): string | undefined {
  if (path === undefined || path.startsWith('@')) return undefined;
  const [type, field, argument] = path.split('.');
  if (argument !== undefined) return `${type}.${field}(${argument}:)`;
  return field === undefined ? type : `${type}.${field}`;
}

/** Whose operations a change can break: a required argument or input field added, or one that
 * becomes required, breaks every use of its field or input type, not only uses of itself. */
function touchesOf(change: Change, coordinate: string | undefined): string[] {
  if (coordinate === undefined) return [];
  const owner = coordinate.replace(/\(.*$/, '');
  const type = coordinate.split('.')[0] as string;
  switch (change.type) {
    case ChangeType.FieldArgumentAdded:
      return [owner];
    case ChangeType.FieldArgumentTypeChanged:
      return becomesRequired(metaString(change, 'oldArgumentType'), metaString(change, 'newArgumentType')) ? [owner] : [coordinate];
    case ChangeType.InputFieldAdded:
      return [type];
    case ChangeType.InputFieldTypeChanged:
      return becomesRequired(metaString(change, 'oldInputFieldType'), metaString(change, 'newInputFieldType')) ? [type] : [coordinate];
    default:
      return [coordinate];
  }
}

/** The deprecation reason's coordinate, e.g. `Query.numbers(destinationType:)`. */
function deprecatedCoordinate(change: Change): string | undefined {
  const [type, field, argument, value] = ['parentTypeName', 'parentFieldName', 'parentArgumentName', 'parentEnumValueName'].map((key) =>
    metaString(change, key),
  );
  if (type === undefined) return undefined;
  if (argument !== undefined) return `${type}.${field}(${argument}:)`;
  return field !== undefined ? `${type}.${field}` : value !== undefined ? `${type}.${value}` : type;
}

/** One line each; the inspector's "Argument 'reason' was added to '@deprecated'" says where. */
function messageOf(change: Change): string {
  const message = change.message.replace(/\s*\n\s*/g, ' ');
  const isReason = change.type === ChangeType.DirectiveUsageArgumentAdded || change.type === ChangeType.DirectiveUsageArgumentRemoved;
  if (!isReason || metaString(change, 'directiveName') !== 'deprecated') return message;
  const coordinate = deprecatedCoordinate(change);
  const value = metaString(change, 'addedArgumentValue');
  if (coordinate === undefined) return message;
  return change.type === ChangeType.DirectiveUsageArgumentAdded && value !== undefined
    ? `Deprecation reason of '${coordinate}' set to ${value}`
    : `Deprecation reason of '${coordinate}' removed`;
}

export async function classifyChanges(released: GraphQLSchema, current: GraphQLSchema): Promise<ClassifiedChange[]> {
  const changes = await diff(released, current);
  return changes.map((change) => {
    const coordinate = coordinateOf(change.path);
    const level = LEVELS[change.criticality.level];
    return {
      level,
      type: change.type,
      message: messageOf(change),
      touches: level === 'breaking' ? touchesOf(change, coordinate) : [],
      ...(REMOVALS.has(change.type) && coordinate !== undefined ? { removed: coordinate } : {}),
    };
  });
}
