import { describe, expect, it } from '@jest/globals';
import type { PlannerConfig } from '../../src/config.js';
import { createLoaders } from '../../src/loaders/index.js';
import { planBatch } from '../../src/loaders/planner.js';
import { UnitSizeMemory } from '../../src/loaders/unit-size.js';
import { UpstreamError } from '../../src/upstream/errors.js';
import { createFakeApi, numberDto as dto, type FakeApiOptions } from '../helpers/fake-api.js';

const planner: PlannerConfig = { listRatio: 30, infoConcurrency: 3, maxBatch: 1000, acquirableConcurrency: 2, acquirableMaxPrefixes: 2 };

/** Loaders over the recording fake, with every batch they dispatch recorded (keys included). */
function setup(options: FakeApiOptions, tenantKey = 't', unitSizes = new UnitSizeMemory()) {
  const fake = createFakeApi({ infoDelayMs: 5, ...options });
  const batches: Array<[string, string[]]> = [];
  const loaders = createLoaders(fake.api, { planner, tenantKey, unitSizes, onBatch: (loader, keys) => batches.push([loader, [...keys]]) });
  return { fake, loaders, batches };
}

describe('planBatch', () => {
  it('follows the cost rule k > 1 + S / ratio', () => {
    expect(planBatch({ batchSize: 2, unitSize: 30, listStarted: false }, planner)).toBe('info');
    expect(planBatch({ batchSize: 3, unitSize: 30, listStarted: false }, planner)).toBe('list');
    expect(planBatch({ batchSize: 167, unitSize: 5000, listStarted: false }, planner)).toBe('info');
    expect(planBatch({ batchSize: 168, unitSize: 5000, listStarted: false }, planner)).toBe('list');
  });

  it('uses info while the unit size is unknown unless the batch exceeds one round of the cap', () => {
    expect(planBatch({ batchSize: 3, unitSize: undefined, listStarted: false }, planner)).toBe('info');
    expect(planBatch({ batchSize: 4, unitSize: undefined, listStarted: false }, planner)).toBe('list');
  });

  it('always reuses a list the request already fetched', () => {
    expect(planBatch({ batchSize: 1, unitSize: 100_000, listStarted: true }, planner)).toBe('list');
  });
});

describe('numberById loader', () => {
  it('batches ids of one tick into info calls under the concurrency cap, re-keyed by id', async () => {
    const { fake, loaders, batches } = setup({ numbers: [dto(1), dto(2), dto(3), dto(4)] });
    const results = await Promise.all(['3', '1', '3', '99'].map((id) => loaders.numberById.load(id)));
    expect(results).toEqual([dto(3), dto(1), dto(3), null]);
    expect(batches).toEqual([['numberById', ['3', '1', '99']]]);
    expect(fake.calls).toEqual(['info 3', 'info 1', 'info 99']);
    expect(fake.maxInFlight()).toBeLessThanOrEqual(planner.infoConcurrency);
  });

  it('fails only the key whose info call failed', async () => {
    const failure = new UpstreamError('HTTP 500', { kind: 'UNAVAILABLE', endpoint: 'info', status: 500 });
    const { fake, loaders, batches } = setup({ numbers: [dto(1)], failInfo: { '666': failure } });
    const [ok, failed] = await Promise.allSettled([loaders.numberById.load('1'), loaders.numberById.load('666')]);
    expect(ok).toEqual({ status: 'fulfilled', value: dto(1) });
    expect(failed).toEqual({ status: 'rejected', reason: failure });
    expect(batches).toEqual([['numberById', ['1', '666']]]);
    expect(fake.calls).toEqual(['info 1', 'info 666']);
  });

  it('learns the unit size from the list, per tenant, and primes the by-id cache from it', async () => {
    const unit = Array.from({ length: 30 }, (_, i) => dto(i + 1));
    const sizes = new UnitSizeMemory();
    const first = setup({ numbers: unit }, 'tenant-a', sizes);
    await first.loaders.numberList.get();
    expect(await first.loaders.numberById.load('7')).toEqual(dto(7));
    expect(first.fake.calls).toEqual(['list']);
    expect(first.batches).toEqual([]);
    expect(sizes.get('tenant-a')).toBe(30);
    expect(sizes.get('tenant-b')).toBeUndefined();

    const next = setup({ numbers: unit }, 'tenant-a', sizes);
    await Promise.all(['1', '2', '3'].map((id) => next.loaders.numberById.load(id)));
    expect(next.batches).toEqual([['numberById', ['1', '2', '3']]]);
    expect(next.fake.calls).toEqual(['list']);
  });

  it('sees a written number after a mutation instead of the value loaded before', async () => {
    const { fake, loaders, batches } = setup({ numbers: [dto(1)] });
    await loaders.numberById.load('1');
    loaders.numberWritten({ ...dto(1), recording_enabled: true });
    expect(await loaders.numberById.load('1')).toMatchObject({ recording_enabled: true });
    loaders.numberDeleted('1');
    expect(await loaders.numberById.load('1')).toBeNull();
    expect(batches).toEqual([['numberById', ['1']]]);
    expect(fake.calls).toEqual(['info 1']);
  });
});

describe('acquirable numbers loader', () => {
  it('calls once per distinct prefix and again only after the pool changed', async () => {
    const { fake, loaders, batches } = setup({});
    await Promise.all(['01224', '01887', '01224'].map((p) => loaders.acquirableByPrefix.load(p)));
    expect(batches).toEqual([['acquirableByPrefix', ['01224', '01887']]]);
    expect(fake.calls).toEqual(['acquirable_numbers 01224', 'acquirable_numbers 01887']);
    loaders.poolChanged();
    await loaders.acquirableByPrefix.load('01224');
    expect(batches).toEqual([
      ['acquirableByPrefix', ['01224', '01887']],
      ['acquirableByPrefix', ['01224']],
    ]);
    expect(fake.calls).toEqual(['acquirable_numbers 01224', 'acquirable_numbers 01887', 'acquirable_numbers 01224']);
  });
});
