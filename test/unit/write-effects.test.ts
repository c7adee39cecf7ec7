import { describe, expect, it } from '@jest/globals';
import { applyWriteEffects, GUARDED_MUTATIONS, WRITE_EFFECTS, type WriteEffectTargets } from '../../src/write-effects.js';
import { numberDto } from '../helpers/fake-api.js';

/** Targets that record what was applied to them, in order. */
function recordingTargets(withCache = true) {
  const applied: string[] = [];
  const targets: WriteEffectTargets = {
    loaders: {
      numberWritten: (dto) => void applied.push(`numberWritten ${dto.id}`),
      numberDeleted: (id) => void applied.push(`numberDeleted ${id}`),
      poolChanged: () => void applied.push('poolChanged'),
    },
    ...(withCache ? { forgetPools: async (number: string) => void applied.push(`forgetPools ${number}`) } : {}),
  };
  return { targets, applied };
}

describe('write effects', () => {
  it('guards exactly the mutations that spend money or destroy data', () => {
    expect([...GUARDED_MUTATIONS]).toEqual(['acquireNumber', 'deleteNumber']);
  });

  it('declares an effect for every mutation', () => {
    expect(Object.keys(WRITE_EFFECTS)).toEqual(['createNumber', 'updateNumber', 'acquireNumber', 'updateSubscriber', 'deleteNumber']);
  });

  it('primes the written number after an update', async () => {
    const { targets, applied } = recordingTargets();
    await applyWriteEffects(targets, 'updateNumber', { written: numberDto(7) });
    expect(applied).toEqual(['numberWritten 7']);
  });

  it('primes the acquired number and clears its pools, request and cache', async () => {
    const { targets, applied } = recordingTargets();
    await applyWriteEffects(targets, 'acquireNumber', { number: '01224000007', written: numberDto(7) });
    expect(applied).toEqual(['numberWritten 7', 'poolChanged', 'forgetPools 01224000007']);
  });

  it('clears the pools of a refused acquisition, and nothing else', async () => {
    const { targets, applied } = recordingTargets();
    await applyWriteEffects(targets, 'acquireNumber', { number: '01224000007' });
    expect(applied).toEqual(['poolChanged', 'forgetPools 01224000007']);
  });

  it('clears only the request pools when there is no reference cache', async () => {
    const { targets, applied } = recordingTargets(false);
    await applyWriteEffects(targets, 'acquireNumber', { number: '01224000007' });
    expect(applied).toEqual(['poolChanged']);
  });

  it('forgets a deleted number and does nothing for a failed write', async () => {
    const { targets, applied } = recordingTargets();
    await applyWriteEffects(targets, 'deleteNumber', { deletedId: '7' });
    await applyWriteEffects(targets, 'createNumber', {});
    expect(applied).toEqual(['numberDeleted 7']);
  });
});
