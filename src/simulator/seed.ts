import { ADDRESSES, COMPANIES, FIRST_NAMES, SURNAMES } from './data/subscribers.js';
import { destinationCatalogue } from './data/destinations.js';
import { AREA_CODES } from './data/prefixes.js';
import { emptySubscriber } from './model.js';
import type { Destination, NumberContext, NumberRecord, Prefix, Subscriber, SubscriberStatus } from './model.js';
import { createRng, pick, randomDigits, randomInt } from './random.js';
import type { Rng } from './random.js';

// Deterministic seed data. Everything is derived from fixed seed strings (a prefix, a unit id),
// so two simulators with the same options hold byte-identical data.

export interface UnitSeed {
  id: string;
  token: string;
  /** More tokens of the same unit; they see and change the same numbers. */
  moreTokens?: readonly string[];
  count: number;
}

export interface SeededUnit {
  id: string;
  token: string;
  catalogue: Destination[];
  numbers: NumberRecord[];
}

export interface SeededWorld {
  prefixes: Prefix[];
  /** The provider's stock per prefix, shared by all units, in the order the API returns it. */
  pools: Map<string, string[]>;
  units: SeededUnit[];
  /** First id handed out to numbers created after start-up. */
  nextId: number;
}

const PREFIXES_BY_LENGTH = new Map<number, Set<string>>();
for (const [code] of AREA_CODES) {
  const set = PREFIXES_BY_LENGTH.get(code.length) ?? new Set<string>();
  set.add(code);
  PREFIXES_BY_LENGTH.set(code.length, set);
}

/** The longest listed area code the number starts with, as a gateway would resolve it. */
export function longestPrefix(number: string): string | null {
  for (let length = 6; length >= 3; length--) {
    const candidate = number.slice(0, length);
    if (PREFIXES_BY_LENGTH.get(length)?.has(candidate)) return candidate;
  }
  return null;
}

/**
 * An 11-digit number under `prefix` that longest-prefix match resolves back to `prefix`
 * (a draw under 01387 must not land in 013873) and is not yet allocated anywhere.
 */
function geographicNumber(rng: Rng, prefix: string, used: Set<string>): string {
  for (;;) {
    // UK local numbers never start with 0 or 1.
    const candidate = prefix + String(randomInt(rng, 2, 9)) + randomDigits(rng, 10 - prefix.length);
    if (longestPrefix(candidate) === prefix && !used.has(candidate)) {
      used.add(candidate);
      return candidate;
    }
  }
}

function nonGeographicNumber(rng: Rng, range: '0330' | '0800', used: Set<string>): string {
  for (;;) {
    const candidate = range + String(randomInt(rng, 1, 9)) + randomDigits(rng, 6);
    if (!used.has(candidate)) {
      used.add(candidate);
      return candidate;
    }
  }
}

const SEED_START = Date.UTC(2015, 0, 1);
const SEED_CREATED_END = Date.UTC(2024, 5, 30);
const SEED_END = Date.UTC(2024, 11, 31);

function isoSeconds(ms: number): string {
  return new Date(Math.floor(ms / 1000) * 1000).toISOString();
}

// Records own their destination so a later update can never alter the catalogue.
function copyDestination(destination: Destination): Destination {
  return { type: destination.type, object: { ...destination.object } };
}

const CALLER_ID_PREFIXES = ['Sales', 'Support', 'Accounts', 'OOH'];

function seededSubscriber(rng: Rng, index: number, createdMs: number, updatedMs: number): Subscriber {
  // A fixed cycle rather than a random draw guarantees every status appears in a 25-number unit.
  const cycle: (SubscriberStatus | null)[] = [null, 'validated', 'validation_pending', null, 'rejected'];
  const status = cycle[index % cycle.length] ?? null;
  if (status === null) return emptySubscriber();
  const person = rng() < 0.6;
  const address = pick(rng, ADDRESSES);
  const pushedMs = createdMs + Math.floor(rng() * (updatedMs - createdMs));
  return {
    first_name: person ? pick(rng, FIRST_NAMES) : null,
    name: person ? pick(rng, SURNAMES) : pick(rng, COMPANIES),
    address1: address.address1,
    address2: address.address2,
    address3: address.address3,
    address4: address.address4,
    postcode: address.postcode,
    pushed_at: status === 'validation_pending' ? null : isoSeconds(pushedMs),
    status,
  };
}

function seedUnitNumbers(unit: UnitSeed, catalogue: Destination[], firstId: number, used: Set<string>): NumberRecord[] {
  const rng = createRng(`unit:${unit.id}`);
  // Sorted creation times so ids grow with created_at, as they would in a real database.
  const created = Array.from({ length: unit.count }, () => SEED_START + Math.floor(rng() * (SEED_CREATED_END - SEED_START)));
  created.sort((a, b) => a - b);
  const records: NumberRecord[] = [];
  let id = firstId;
  for (let i = 0; i < unit.count; i++) {
    const createdMs = created[i] ?? SEED_START;
    const updatedMs = createdMs + Math.floor(rng() * (SEED_END - createdMs));
    const number =
      i % 10 === 4
        ? nonGeographicNumber(rng, '0330', used)
        : i % 10 === 9
          ? nonGeographicNumber(rng, '0800', used)
          : geographicNumber(rng, pick(rng, AREA_CODES)[0], used);
    const context: NumberContext = i % 7 === 3 ? 'utility' : 'incoming';
    const callerIdPrefix = i % 3 === 0 ? '' : i % 3 === 1 ? null : pick(rng, CALLER_ID_PREFIXES);
    records.push({
      id,
      number,
      context,
      created_at: isoSeconds(createdMs),
      updated_at: isoSeconds(updatedMs),
      recording_enabled: rng() < 0.4,
      caller_id_prefix: callerIdPrefix,
      callerid_passthrough: rng() < 0.8,
      forward_sip_to: i % 8 === 6 ? `sip:${number}@${unit.id}.sip.example.net` : null,
      aquisition: {
        acquired_at: isoSeconds(createdMs - randomInt(rng, 5, 600) * 1000),
        subscriber: seededSubscriber(rng, i, createdMs, updatedMs),
      },
      destination: i % 6 === 5 ? null : copyDestination(pick(rng, catalogue)),
    });
    // Occasional gaps, so nobody can assume ids are contiguous.
    id += rng() < 0.15 ? randomInt(rng, 2, 4) : 1;
  }
  return records;
}

function seedPools(used: Set<string>): Map<string, string[]> {
  const pools = new Map<string, string[]>();
  for (const [prefix] of AREA_CODES) {
    const rng = createRng(`pool:${prefix}`);
    const size = randomInt(rng, 10, 20);
    pools.set(
      prefix,
      Array.from({ length: size }, () => geographicNumber(rng, prefix, used)),
    );
  }
  return pools;
}

const FIRST_SEEDED_ID = 3401;

export function seedWorld(units: readonly UnitSeed[]): SeededWorld {
  const used = new Set<string>();
  const prefixes = AREA_CODES.map(([prefix, place]) => ({
    description: `${place} (${prefix})`,
    prefix,
  }));
  prefixes.sort((a, b) => (a.description < b.description ? -1 : a.description > b.description ? 1 : 0));
  const pools = seedPools(used);
  // Each unit gets its own id block (unit-a from 3401, unit-b from 5401 at default sizes);
  // the block is wide enough for the largest unit including the random gaps.
  const largest = Math.max(0, ...units.map((unit) => unit.count));
  const stride = Math.max(2000, Math.ceil((largest * 4) / 1000) * 1000 + 1000);
  const seeded = units.map((unit, index) => {
    const catalogue = destinationCatalogue(index);
    const numbers = seedUnitNumbers(unit, catalogue, FIRST_SEEDED_ID + index * stride, used);
    return { id: unit.id, token: unit.token, catalogue, numbers };
  });
  return {
    prefixes,
    pools,
    units: seeded,
    nextId: FIRST_SEEDED_ID + units.length * stride,
  };
}
