import { GraphQLError } from 'graphql';
import type { UserError } from '../generated/graphql.js';
import { ErrorCode, UserErrorCode } from '../error-codes.js';
import { NUMBER_EXAMPLE, numberMessage, parseUkNumber, withoutFormatting } from '../phone/uk-number.js';

// Input rules, checked before any upstream call so malformed or hostile values (`..`,
// `%2e%2e`, `1?x=2`, control characters, huge strings) never reach REST v2.

const ID = /^[1-9]\d{0,17}$/;
const PREFIX = /^0\d{1,5}$/;
const POSTCODE = /^([A-Z]{1,2}\d[A-Z\d]?) ?(\d[A-Z]{2})$/;
export const DESTINATION_TYPE = /^[A-Za-z][A-Za-z0-9_]{0,39}$/;
const DIAL_DIGITS = /^[0-9*#]{1,20}$/;
/** Ten digits or more after a trunk 0: meant as a whole national number. */
const LONG_NATIONAL = /^0\d{9,}$/;
const CONTROL = /[\u0000-\u001f\u007f]/;

export const TEXT_MAX = 100;
export const CALLER_ID_PREFIX_MAX = 32;

export type Path = string[];

/** Collects user errors of one mutation input. */
export class InputCheck {
  readonly errors: UserError[] = [];

  fail(field: Path, code: UserErrorCode, message: string): void {
    this.errors.push({ field, code, message });
  }

  id(field: Path, value: string): string {
    if (!ID.test(value)) this.fail(field, UserErrorCode.INVALID_FORMAT, 'Must be a numeric id such as 3466.');
    return value;
  }

  /** Any usual form of a UK number (src/phone/uk-number.ts) → the national form the upstream takes. */
  nationalNumber(field: Path, value: string): string {
    const parsed = parseUkNumber(value);
    if (!parsed.ok) {
      this.fail(field, UserErrorCode.INVALID_FORMAT, numberMessage(parsed.problem));
      return value;
    }
    return parsed.value;
  }

  text(field: Path, value: string | null, max = TEXT_MAX): string | null {
    if (value === null) return null;
    if (CONTROL.test(value)) this.fail(field, UserErrorCode.INVALID_FORMAT, 'Must not contain control characters.');
    else if (value.length > max) this.fail(field, UserErrorCode.TOO_LONG, `Must be at most ${max} characters.`);
    return value.trim();
  }

  postcode(field: Path, value: string | null): string | null {
    if (value === null) return null;
    const match = POSTCODE.exec(value.trim().replace(/\s+/g, ' ').toUpperCase());
    if (!match) {
      this.fail(field, UserErrorCode.INVALID_FORMAT, 'Must be a UK postcode such as M1 1DZ.');
      return value;
    }
    return `${match[1]} ${match[2]}`;
  }

  destinationType(field: Path, value: string): string {
    if (!DESTINATION_TYPE.test(value)) this.fail(field, UserErrorCode.INVALID_FORMAT, 'Must be a destination type such as Menu or Queue.');
    return value;
  }
}

/** A query argument holding a whole UK number, in any usual form → its national form. */
export function requireUkNumber(value: string, argument = 'number'): string {
  const parsed = parseUkNumber(value);
  if (!parsed.ok) throw badInput(numberMessage(parsed.problem, argument), argument);
  return parsed.value;
}

/** Arguments of queries are rejected with a GraphQL error: there is no payload to carry them. */
export function badInput(message: string, argument: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code: ErrorCode.BAD_USER_INPUT, argument } });
}

export function isId(value: string): boolean {
  return ID.test(value);
}

export function requireId(value: string, argument = 'id'): string {
  if (!ID.test(value)) throw badInput(`${argument} must be a numeric id such as 3466.`, argument);
  return value;
}

export function requirePrefix(value: string, argument = 'prefix'): string {
  if (!PREFIX.test(value)) throw badInput(`${argument} must be area code digits such as 01224.`, argument);
  return value;
}

export function requireRange(value: number, min: number, max: number, argument: string): number {
  if (value < min || value > max) throw badInput(`${argument} must be between ${min} and ${max}.`, argument);
  return value;
}

export function requireSearch(value: string, argument = 'search'): string {
  if (CONTROL.test(value) || value.length > TEXT_MAX) {
    throw badInput(`${argument} must be at most ${TEXT_MAX} characters without control characters.`, argument);
  }
  return value.trim();
}

/**
 * What replaces `{number}` in a feature code: a UK number in any usual form (sent as its national
 * digits, as dialled from an extension) or an extension or code of digits, `*` and `#`. Anything
 * written as an international number, or as long as a national one, must be a UK number.
 */
export function requireDialNumber(value: string, argument = 'number'): string {
  const compact = withoutFormatting(value);
  if (compact.startsWith('+') || compact.startsWith('00') || LONG_NATIONAL.test(compact)) return requireUkNumber(value, argument);
  if (!DIAL_DIGITS.test(compact)) {
    throw badInput(`${argument} must be an extension or code (1 to 20 digits, * or #) or a UK number such as ${NUMBER_EXAMPLE}.`, argument);
  }
  return compact;
}
