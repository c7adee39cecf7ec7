import { AsYouType, ParseError, parsePhoneNumberWithError, type PhoneNumber } from 'libphonenumber-js/min';

// The one reader of UK telephone numbers the gateway has: every argument or input that holds a
// number (`numberByNumber`, the `numbers(prefix:)` filter, `createNumber`/`acquireNumber`,
// `dialString`) goes through it, so a form accepted in one place is accepted everywhere.
//
// Built on libphonenumber-js with its `min` metadata (83 KB, loaded once per process). We need
// parsing (national, `+44`, `0044`, `+44 (0)…`) and the numbering plan's possible lengths, not
// the per-type patterns that `max` adds for `getType()` and strict validation: strict validity
// is deliberately NOT required, because Ofcom allocates ranges faster than the metadata follows
// (the upstream holds `020 5…` and `023 3…` numbers that libphonenumber 1.13 calls invalid), and
// a gateway must not refuse a number its unit has. `+44` includes the Crown Dependencies
// (Guernsey, Jersey, Isle of Man), which share the UK numbering plan.
//
// The upstream's form is the national one with its trunk 0 (`01228601762`, REST v2 docs).

/** What a client may send around the digits: spaces, dashes, dots, slashes, brackets, a leading `+`. */
const ALLOWED = /^[+\d\s().\-/]*$/;
const FORMATTING = /[\s().\-/]/g;
/** Digits with an optional international start: `+44…`, `0044…` or national `0…`. */
const COMPACT = /^\+?\d+$/;
const MAX_INPUT = 40;
/** UK national significant numbers are 9 or 10 digits (7-digit `0800 1111` aside, which no unit holds). */
const NSN_MIN = 9;
const NSN_MAX = 10;
const UK_CALLING_CODE = '44';
/** A prefix with no digit of the number itself yet. */
const UK_START = /^(0|(\+|00)440?)$/;

export const NUMBER_EXAMPLE = '01228 601762 or +44 1228 601762';
export const PREFIX_EXAMPLE = '01228, +44 1228 or +44 (0)1228';

export type NumberProblem = 'FORMAT' | 'NOT_UK' | 'TOO_SHORT' | 'TOO_LONG';

export type Parsed<T> = { ok: true; value: T } | { ok: false; problem: NumberProblem };

const fail = (problem: NumberProblem): { ok: false; problem: NumberProblem } => ({ ok: false, problem });

/** The input without the formatting a client may put around the digits; an over-long input as it is. */
export function withoutFormatting(input: string): string {
  return input.length > MAX_INPUT ? input : input.replace(FORMATTING, '');
}

/** The input without formatting, or undefined when it holds anything but a number's characters. */
function compactOf(input: string): string | undefined {
  if (input.length > MAX_INPUT || !ALLOWED.test(input)) return undefined;
  const compact = input.replace(FORMATTING, '');
  return COMPACT.test(compact) ? compact : undefined;
}

/**
 * A whole UK number in any usual form → its national form (`01228601762`). Refuses other
 * countries and numbers of a length the UK plan does not have.
 */
export function parseUkNumber(input: string): Parsed<string> {
  const compact = compactOf(input);
  if (compact === undefined) return fail('FORMAT');
  let phone: PhoneNumber;
  try {
    phone = parsePhoneNumberWithError(compact, { defaultCountry: 'GB' });
  } catch (error) {
    if (error instanceof ParseError && (error.message === 'TOO_SHORT' || error.message === 'TOO_LONG')) return fail(error.message);
    if (error instanceof ParseError && error.message === 'INVALID_COUNTRY') return fail('NOT_UK');
    return fail('FORMAT');
  }
  if (phone.countryCallingCode !== UK_CALLING_CODE) return fail('NOT_UK');
  // libphonenumber keeps the trunk 0 when stripping it leaves no possible number (`01228 6017`).
  const nsn = phone.nationalNumber.startsWith('0') ? phone.nationalNumber.slice(1) : phone.nationalNumber;
  if (nsn.startsWith('0')) return fail('FORMAT');
  if (nsn.length < NSN_MIN) return fail('TOO_SHORT');
  if (nsn.length > NSN_MAX) return fail('TOO_LONG');
  if (!phone.isPossible()) return fail('TOO_SHORT');
  return { ok: true, value: `0${nsn}` };
}

/**
 * The leading digits of a UK number in any usual form → the national digits the upstream's
 * numbers start with: `+44 (0)1494`, `0044 1494` and `(01494)` are all `01494`; `+44` alone is
 * `0`. A partial number must start the way a whole one does (`0`, `+44` or `0044`), so `1494`
 * is refused rather than guessed at.
 */
export function parseUkPrefix(input: string): Parsed<string> {
  const compact = compactOf(input);
  if (compact === undefined || compact === '+') return fail('FORMAT');
  const typer = new AsYouType('GB');
  typer.input(compact);
  if (typer.isInternational()) {
    const code = typer.getCallingCode();
    if (code === undefined) return fail('FORMAT');
    if (code !== UK_CALLING_CODE) return fail('NOT_UK');
  } else if (!compact.startsWith('0')) {
    return fail('FORMAT');
  }
  // No number yet (`0`, `+44`, `+44 (0)`): the prefix every UK number has.
  const nsn = typer.getNumber()?.nationalNumber ?? '';
  if (nsn === '' ? !UK_START.test(compact) : nsn.startsWith('0') || !/^\d+$/.test(nsn) || !compact.endsWith(nsn)) return fail('FORMAT');
  if (nsn.length > NSN_MAX) return fail('TOO_LONG');
  return { ok: true, value: `0${nsn}` };
}

/** `must be…` as a sentence: about `subject` (an argument's name), or about the field a user error points at. */
function sentence(subject: string | undefined, phrase: string): string {
  return subject ? `${subject} ${phrase}` : `${phrase.charAt(0).toUpperCase()}${phrase.slice(1)}`;
}

/** Why a number was refused, ending with a form that is accepted. */
export function numberMessage(problem: NumberProblem, subject?: string): string {
  switch (problem) {
    case 'NOT_UK':
      return sentence(subject, `must be a UK number (+44), such as ${NUMBER_EXAMPLE}.`);
    case 'TOO_SHORT':
      return sentence(subject, `is too short for a UK number: give all its digits, such as ${NUMBER_EXAMPLE}.`);
    case 'TOO_LONG':
      return sentence(subject, `is too long for a UK number: give one number, such as ${NUMBER_EXAMPLE}.`);
    case 'FORMAT':
      return sentence(subject, `must be a UK number such as ${NUMBER_EXAMPLE} (digits, spaces, dashes and brackets only).`);
  }
}

/** Why a prefix was refused, ending with a form that is accepted. */
export function prefixMessage(problem: NumberProblem, subject: string): string {
  switch (problem) {
    case 'NOT_UK':
      return `${subject} must be the start of a UK number (+44), such as ${PREFIX_EXAMPLE}.`;
    case 'TOO_LONG':
      return `${subject} is longer than a UK number: give its leading digits, such as ${PREFIX_EXAMPLE}.`;
    case 'TOO_SHORT':
    case 'FORMAT':
      return `${subject} must be the leading digits of a UK number starting with 0 or +44, such as ${PREFIX_EXAMPLE}.`;
  }
}
