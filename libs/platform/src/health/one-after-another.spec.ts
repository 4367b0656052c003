import type { HealthIndicatorResult } from '@nestjs/terminus';
import { oneAfterAnother } from './one-after-another.js';

/** A check that reports when it starts and settles only when the test says so. */
function gatedCheck(key: string, started: string[]) {
  let settle!: (ok: boolean) => void;
  const check = () => {
    started.push(key);
    return new Promise<HealthIndicatorResult>((resolve, reject) => {
      settle = (ok) => (ok ? resolve({ [key]: { status: 'up' } }) : reject(new Error(key)));
    });
  };
  return { check, settle: (ok: boolean) => settle(ok) };
}

const tick = () => new Promise((resolve) => setImmediate(resolve));

describe('oneAfterAnother', () => {
  it('starts each check only once the one before it has settled, even when it failed', async () => {
    const started: string[] = [];
    const database = gatedCheck('database', started);
    const redis = gatedCheck('redis', started);
    // Terminus calls every function at once, as here.
    const [first, second] = oneAfterAnother([database.check, redis.check]).map((run) => run());

    await tick();
    expect(started).toEqual(['database']);

    database.settle(false);
    await expect(first).rejects.toThrow('database');
    await tick();
    expect(started).toEqual(['database', 'redis']);

    redis.settle(true);
    await expect(second).resolves.toEqual({ redis: { status: 'up' } });
  });
});
