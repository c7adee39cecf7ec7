import { describe, expect, it } from '@jest/globals';
import type { PlannerConfig } from '../../src/config.js';
import { createLoaders } from '../../src/loaders/index.js';
import { planBatch } from '../../src/loaders/planner.js';
import { UnitSizeMemory } from '../../src/loaders/unit-size.js';
import { UpstreamError } from '../../src/upstream/errors.js';
import type { NumberDto, NumbersApi } from '../../src/upstream/types.js';

const planner: PlannerConfig = { listRatio: 30, infoConcurrency: 3, maxBatch: 1000, acquirableConcurrency: 2, acquirableMaxPrefixes: 2 };

function dto(id: number): NumberDto {
  return {
    id,
    number: `0122400${String(id).padStart(4, '0')}`,
    context: 'incoming',
    created_at: '2015-05-05T14:43:36.000Z',
    updated_at: '2015-05-05T14:43:36.000Z',
    recording_enabled: false,
    caller_id_prefix: null,
    callerid_passthrough: true,
    forward_sip_to: null,
    aquisition: null,
    destination: null,
  };
}

/** A recording fake of the upstream: the narrow unit test of the loaders only. */
function fakeApi(unit: NumberDto[]) {
  const calls: string[] = [];
  let inFlight = 0;
  let maxInFlight = 0;
  const api: Partial<NumbersApi> = {
    list: async () => {
      calls.push('list');
      return unit;
    },
    info: async (id) => {
      calls.push(`info:${id}`);
      inFlight += 1;
      maxInFlight = Math.max(maxInFlight, inFlight);
      await new Promise((resolve) => setTimeout(resolve, 5));
      inFlight -= 1;
      if (id === '666') throw new UpstreamError('HTTP 500', { kind: 'UNAVAILABLE', endpoint: 'info', status: 500 });
      return unit.find((n) => String(n.id) === id) ?? null;
    },
    acquirableNumbers: async (prefix) => {
      calls.push(`acquirable:${prefix}`);
      return [`${prefix}000001`];
    },
  };
  return { api: api as NumbersApi, calls, maxInFlight: () => maxInFlight };
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
    const unit = [dto(1), dto(2), dto(3), dto(4)];
    const fake = fakeApi(unit);
    const loaders = createLoaders(fake.api, { planner, tenantKey: 't', unitSizes: new UnitSizeMemory() });
    const results = await Promise.all(['3', '1', '3', '99'].map((id) => loaders.numberById.load(id)));
    expect(results).toEqual([dto(3), dto(1), dto(3), null]);
    expect(fake.calls.sort()).toEqual(['info:1', 'info:3', 'info:99']);
    expect(fake.maxInFlight()).toBeLessThanOrEqual(planner.infoConcurrency);
  });

  it('fails only the key whose info call failed', async () => {
    const fake = fakeApi([dto(1)]);
    const loaders = createLoaders(fake.api, { planner, tenantKey: 't', unitSizes: new UnitSizeMemory() });
    const [ok, failed] = await Promise.allSettled([loaders.numberById.load('1'), loaders.numberById.load('666')]);
    expect(ok).toEqual({ status: 'fulfilled', value: dto(1) });
    expect(failed.status).toBe('rejected');
  });

  it('learns the unit size from the list, per tenant, and primes the by-id cache from it', async () => {
    const unit = Array.from({ length: 30 }, (_, i) => dto(i + 1));
    const sizes = new UnitSizeMemory();
    const first = fakeApi(unit);
    const one = createLoaders(first.api, { planner, tenantKey: 'tenant-a', unitSizes: sizes });
    await one.numberList.get();
    expect(await one.numberById.load('7')).toEqual(dto(7));
    expect(first.calls).toEqual(['list']);
    expect(sizes.get('tenant-a')).toBe(30);
    expect(sizes.get('tenant-b')).toBeUndefined();

    const second = fakeApi(unit);
    const next = createLoaders(second.api, { planner, tenantKey: 'tenant-a', unitSizes: sizes });
    await Promise.all(['1', '2', '3'].map((id) => next.numberById.load(id)));
    expect(second.calls).toEqual(['list']);
  });

  it('sees a written number after a mutation instead of the value loaded before', async () => {
    const fake = fakeApi([dto(1)]);
    const loaders = createLoaders(fake.api, { planner, tenantKey: 't', unitSizes: new UnitSizeMemory() });
    await loaders.numberById.load('1');
    loaders.numberWritten({ ...dto(1), recording_enabled: true });
    expect(await loaders.numberById.load('1')).toMatchObject({ recording_enabled: true });
    loaders.numberDeleted('1');
    expect(await loaders.numberById.load('1')).toBeNull();
    expect(fake.calls).toEqual(['info:1']);
  });
});

describe('acquirable numbers loader', () => {
  it('calls once per distinct prefix and again only after the pool changed', async () => {
    const fake = fakeApi([]);
    const loaders = createLoaders(fake.api, { planner, tenantKey: 't', unitSizes: new UnitSizeMemory() });
    await Promise.all(['01224', '01887', '01224'].map((p) => loaders.acquirableByPrefix.load(p)));
    expect(fake.calls.sort()).toEqual(['acquirable:01224', 'acquirable:01887']);
    loaders.poolChanged();
    await loaders.acquirableByPrefix.load('01224');
    expect(fake.calls.filter((c) => c === 'acquirable:01224')).toHaveLength(2);
  });
});
