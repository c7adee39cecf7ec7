import { describe, expect, it } from '@jest/globals';
import { createPlanRecorder } from '../../src/plan/recorder.js';

describe('the plan recorder', () => {
  it('records a read shared with a request in flight at the moment it joined the call, not when the answer came', () => {
    // The request arrived 1,000 ms ago; its reads waited 900 and 950 ms for another request's call.
    const recorder = createPlanRecorder(performance.now() - 1000, 'memory');
    recorder.shared({ endpoint: 'list', params: {}, waitedMs: 900 });
    recorder.shared({ endpoint: 'list', params: {}, waitedMs: 950 });
    const plan = recorder.toPlan(1, 0);
    expect(plan.calls).toEqual([]);
    expect(plan.reads).toEqual([{ endpoint: 'list', source: 'shared', count: 2, firstMs: expect.any(Number) }]);
    // The earlier join of the two: 950 ms before its answer, which came after the 1,000 ms and before the plan was written.
    const firstMs = plan.reads[0]?.firstMs ?? NaN;
    expect(firstMs).toBeGreaterThanOrEqual(50);
    expect(firstMs).toBeLessThanOrEqual((plan.durationMs ?? 0) - 950 + 0.01);
  });
});
