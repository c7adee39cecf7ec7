import { describe, expect, it } from '@jest/globals';
import { createLimit } from '../../src/upstream/concurrency.js';

/** A task that stays in flight until the test settles it, recording when it started. */
function gate(started: string[], name: string) {
  let settle: { resolve(value: string): void; reject(error: Error): void } | undefined;
  const task = () => {
    started.push(name);
    return new Promise<string>((resolve, reject) => (settle = { resolve, reject }));
  };
  return { task, resolve: () => settle?.resolve(name), reject: () => settle?.reject(new Error(name)) };
}

const tick = () => new Promise((resolve) => setImmediate(resolve));

describe('concurrency cap', () => {
  it('starts tasks under the cap at once and the rest in arrival order as slots free up', async () => {
    const limit = createLimit(2);
    const started: string[] = [];
    const [a, b, c, d] = ['a', 'b', 'c', 'd'].map((name) => gate(started, name));
    const results = [a!, b!, c!, d!].map((g) => limit(g.task));
    expect(started).toEqual(['a', 'b']);
    b!.resolve();
    await tick();
    expect(started).toEqual(['a', 'b', 'c']);
    a!.resolve();
    await tick();
    expect(started).toEqual(['a', 'b', 'c', 'd']);
    c!.resolve();
    d!.resolve();
    await expect(Promise.all(results)).resolves.toEqual(['a', 'b', 'c', 'd']);
  });

  it('frees the slot of a task that fails, whether it rejects or throws', async () => {
    const limit = createLimit(1);
    const started: string[] = [];
    const failing = gate(started, 'failing');
    const first = limit(failing.task);
    const thrown = limit(() => {
      throw new Error('thrown');
    });
    const last = limit(() => Promise.resolve('last'));
    failing.reject();
    await expect(first).rejects.toThrow('failing');
    await expect(thrown).rejects.toThrow('thrown');
    await expect(last).resolves.toBe('last');
  });
});
