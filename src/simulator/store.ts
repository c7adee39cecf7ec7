import { ACCESS_NUMBERS } from './data/access-numbers.js';
import type { Destination, NumberRecord } from './model.js';
import { seedWorld } from './seed.js';
import type { UnitSeed } from './seed.js';

/**
 * One unit (tenant). Its numbers live in a Map whose insertion order is id order (ids only grow),
 * so numbers/list never sorts. Serialized JSON is cached per number and for the whole list and
 * dropped on every write: a 5,000-number list is then one string concatenation.
 */
export class UnitState {
  private readonly numbers = new Map<number, NumberRecord>();
  private readonly json = new Map<number, string>();
  private listJson: Buffer | null = null;

  constructor(
    readonly id: string,
    readonly token: string,
    readonly catalogue: readonly Destination[],
    records: readonly NumberRecord[],
  ) {
    for (const record of records) this.numbers.set(record.id, record);
  }

  get size(): number {
    return this.numbers.size;
  }

  get(id: number): NumberRecord | undefined {
    return this.numbers.get(id);
  }

  recordJson(record: NumberRecord): string {
    let text = this.json.get(record.id);
    if (text === undefined) {
      text = JSON.stringify(record);
      this.json.set(record.id, text);
    }
    return text;
  }

  /** Kept as UTF-8 bytes: encoding a multi-megabyte string on every call dominated list time. */
  listDataJson(): Buffer {
    if (this.listJson === null) {
      const parts: string[] = [];
      for (const record of this.numbers.values()) parts.push(this.recordJson(record));
      this.listJson = Buffer.from(`[${parts.join(',')}]`);
    }
    return this.listJson;
  }

  findDestination(type: string, id: number): Destination | undefined {
    return this.catalogue.find((entry) => entry.type === type && entry.object.id === id);
  }

  /** Must follow every in-place change of a record, or readers get stale JSON. */
  changed(id: number): void {
    this.json.delete(id);
    this.listJson = null;
  }

  add(record: NumberRecord): void {
    this.numbers.set(record.id, record);
    this.listJson = null;
  }

  remove(id: number): boolean {
    this.json.delete(id);
    this.listJson = null;
    return this.numbers.delete(id);
  }
}

const ACCESS_NUMBERS_JSON = JSON.stringify(ACCESS_NUMBERS);

/** All simulator state: units, the provider's number pools, the id counter. */
export class SimulatorStore {
  private unitsByToken = new Map<string, UnitState>();
  private pools = new Map<string, string[]>();
  /** number → prefix, for every number still in a pool. */
  private poolIndex = new Map<string, string>();
  /** Every number held by some unit, so a number is never in two units. */
  private allocated = new Set<string>();
  private nextId = 0;
  prefixesJson = '[]';
  readonly accessNumbersJson = ACCESS_NUMBERS_JSON;

  constructor(private readonly seeds: readonly UnitSeed[]) {
    this.reset();
  }

  reset(): void {
    const world = seedWorld(this.seeds);
    this.unitsByToken = new Map();
    for (const [i, unit] of world.units.entries()) {
      const state = new UnitState(unit.id, unit.token, unit.catalogue, unit.numbers);
      for (const token of [unit.token, ...(this.seeds[i]?.moreTokens ?? [])]) this.unitsByToken.set(token, state);
    }
    this.pools = world.pools;
    this.poolIndex = new Map();
    for (const [prefix, numbers] of world.pools) for (const number of numbers) this.poolIndex.set(number, prefix);
    this.allocated = new Set(world.units.flatMap((unit) => unit.numbers.map((record) => record.number)));
    this.nextId = world.nextId;
    this.prefixesJson = JSON.stringify(world.prefixes);
  }

  unitByToken(token: string): UnitState | undefined {
    return this.unitsByToken.get(token);
  }

  /** Unknown prefixes have no stock: an empty list, not an error. */
  acquirableJson(prefix: string): string {
    return JSON.stringify(this.pools.get(prefix) ?? []);
  }

  isAllocated(number: string): boolean {
    return this.allocated.has(number);
  }

  isAcquirable(number: string): boolean {
    return this.poolIndex.has(number);
  }

  /** Adds a fully built record (id from takeId) to the unit. */
  insert(unit: UnitState, record: NumberRecord): void {
    this.allocated.add(record.number);
    unit.add(record);
  }

  takeId(): number {
    return this.nextId++;
  }

  /** Takes the number out of its pool; false when no pool holds it. */
  takeFromPool(number: string): boolean {
    const prefix = this.poolIndex.get(number);
    if (prefix === undefined) return false;
    this.poolIndex.delete(number);
    const pool = this.pools.get(prefix) ?? [];
    this.pools.set(
      prefix,
      pool.filter((entry) => entry !== number),
    );
    return true;
  }

  /**
   * A deleted number goes nowhere: real providers quarantine released numbers, so it does not
   * return to its pool (resetData restores the pools).
   */
  remove(unit: UnitState, id: number): boolean {
    const record = unit.get(id);
    if (record === undefined) return false;
    this.allocated.delete(record.number);
    return unit.remove(id);
  }
}
