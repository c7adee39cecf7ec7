import { describe, expect, it } from '@jest/globals';
import { createOperationCoalescer, operationKey, type SharedAnswer } from '../../src/coalescing/operations.js';
import { createDeparture } from '../../src/upstream/coalesce.js';

/**
 * The registry of queries in flight (src/coalescing/operations.ts) on its own: who may join,
 * what a waiter gets, and when it stops waiting. Through the whole gateway, over HTTP:
 * test/integration/coalescing.test.ts.
 */

const LATER = () => performance.now() + 60_000;
const answer = (n: number): SharedAnswer => ({ data: { n }, errors: undefined, reads: new Map([['list', 1]]) });
const KEY = operationKey('tenant-a', 'hash-1', undefined, { first: 2 }) ?? '';

describe('queries in flight', () => {
  it("hand the leader's answer to every waiter, once, and are gone when it ends", async () => {
    const operations = createOperationCoalescer();
    expect(operations.join(KEY, { endsAt: LATER() })).toBeUndefined();
    const { settle } = operations.lead(KEY, LATER());
    const waiting = [operations.join(KEY, { endsAt: LATER() }), operations.join(KEY, { endsAt: LATER() })];
    expect(operations.waiting).toBe(2);
    settle(answer(1));
    settle(answer(2));
    expect(await Promise.all(waiting)).toEqual([answer(1), answer(1)]);
    expect(operations.waiting).toBe(0);
    expect(operations.join(KEY, { endsAt: LATER() })).toBeUndefined();
  });

  it('tell the waiters to run the operation themselves when the answer is not shareable', async () => {
    const operations = createOperationCoalescer();
    const { settle } = operations.lead(KEY, LATER());
    const waiting = operations.join(KEY, { endsAt: LATER() });
    settle(undefined);
    expect(await waiting).toBeUndefined();
  });

  it('key on the credential, the document, the operation name and the variables', () => {
    const keys = [
      KEY,
      operationKey('tenant-b', 'hash-1', undefined, { first: 2 }),
      operationKey('tenant-a', 'hash-2', undefined, { first: 2 }),
      operationKey('tenant-a', 'hash-1', 'Dashboard', { first: 2 }),
      operationKey('tenant-a', 'hash-1', undefined, { first: 3 }),
      operationKey('tenant-a', 'hash-1', undefined, undefined),
    ];
    expect(new Set(keys).size).toBe(keys.length);
    const operations = createOperationCoalescer();
    operations.lead(KEY, LATER());
    for (const other of keys.slice(1)) expect(operations.join(other ?? '', { endsAt: LATER() })).toBeUndefined();
  });

  it('have no key for variables nested deeper than JSON can write: such a query is not shared', () => {
    let deep: unknown = 1;
    for (let i = 0; i < 100_000; i += 1) deep = [deep];
    expect(operationKey('tenant-a', 'hash-1', undefined, { v: deep })).toBeUndefined();
  });

  it('tell the leader until when its reads must stay in flight: the latest budget of those who joined', async () => {
    const operations = createOperationCoalescer();
    const lead = operations.lead(KEY, LATER());
    expect(lead.heldUntil()).toBe(0);
    const now = performance.now();
    const waiting = [operations.join(KEY, { endsAt: now + 5000 }), operations.join(KEY, { endsAt: now + 3000 })];
    expect(lead.heldUntil()).toBe(now + 5000);
    lead.settle(undefined);
    await Promise.all(waiting);
    // The waiters now run the operation themselves: its reads must still be there for them.
    expect(lead.heldUntil()).toBe(now + 5000);
  });

  it('let no one join an operation started before a write; those already waiting keep waiting', async () => {
    const operations = createOperationCoalescer();
    const { settle } = operations.lead(KEY, LATER());
    const before = operations.join(KEY, { endsAt: LATER() });
    operations.wrote();
    expect(operations.join(KEY, { endsAt: LATER() })).toBeUndefined();
    settle(answer(1));
    expect(await before).toEqual(answer(1));
  });

  it('stop a waiter when its budget runs out, and one whose client went away, without ending the others', async () => {
    const operations = createOperationCoalescer();
    const { settle } = operations.lead(KEY, LATER());
    const hurried = operations.join(KEY, { endsAt: performance.now() + 20 });
    const departure = createDeparture();
    const leaving = operations.join(KEY, { endsAt: LATER(), departure });
    const patient = operations.join(KEY, { endsAt: LATER() });
    expect(await hurried).toBeUndefined();
    departure.leave();
    expect(await leaving).toBeUndefined();
    expect(operations.waiting).toBe(1);
    settle(answer(3));
    expect(await patient).toEqual(answer(3));
  });

  it('forget a leader long past its own budget (its answer will not come) and let its key be led again', async () => {
    const operations = createOperationCoalescer();
    operations.lead(KEY, performance.now() - 10_000);
    expect(operations.join(KEY, { endsAt: LATER() })).toBeUndefined();
    const { settle } = operations.lead(KEY, LATER());
    const waiting = operations.join(KEY, { endsAt: LATER() });
    settle(answer(4));
    expect(await waiting).toEqual(answer(4));
  });

  it('do not make a request whose client is already gone wait', async () => {
    const operations = createOperationCoalescer();
    operations.lead(KEY, LATER());
    const departure = createDeparture();
    departure.leave();
    expect(await operations.join(KEY, { endsAt: LATER(), departure })).toBeUndefined();
    expect(operations.waiting).toBe(0);
  });
});
