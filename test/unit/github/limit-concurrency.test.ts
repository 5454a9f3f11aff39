import { limitConcurrency } from '../../../src/github/limit-concurrency.js';

describe('limitConcurrency', () => {
  test('never runs more than the bound at once, keeps arrival order, and survives failures', async () => {
    const limited = limitConcurrency(2);
    let active = 0;
    let peak = 0;
    const started: number[] = [];
    const task = (i: number) => async () => {
      started.push(i);
      active++;
      peak = Math.max(peak, active);
      await new Promise((r) => setTimeout(r, 5 + (i % 3)));
      active--;
      if (i === 3) throw new Error('boom');
      return i;
    };
    const results = await Promise.allSettled(Array.from({ length: 9 }, (_, i) => limited(task(i))));
    expect(peak).toBe(2);
    expect(started).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8]);
    expect(results.map((r) => r.status)).toEqual([
      'fulfilled',
      'fulfilled',
      'fulfilled',
      'rejected',
      'fulfilled',
      'fulfilled',
      'fulfilled',
      'fulfilled',
      'fulfilled',
    ]);
    // The slots were all handed back: a later burst still gets two at once.
    peak = 0;
    await Promise.all([limited(task(10)), limited(task(11))]);
    expect(peak).toBe(2);
    expect(active).toBe(0);
  });
});
