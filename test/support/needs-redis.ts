/**
 * `describe` for what needs a Redis server (the bull driver, a worker next to an API). CI always
 * sets REDIS_URL; without it the block is skipped and says why, in its name and on the console.
 */
export function describeWithRedis(name: string, tests: () => void): void {
  if (process.env.REDIS_URL) {
    describe(name, tests);
    return;
  }
  const reason = 'skipped: REDIS_URL is not set, and this needs a Redis server';
  console.warn(`${name}: ${reason}`);
  describe.skip(`${name} (${reason})`, tests);
}

/** `it` counterpart of {@link describeWithRedis}. */
export function itWithRedis(name: string, test: () => Promise<void>, timeout?: number): void {
  if (process.env.REDIS_URL) {
    it(name, test, timeout);
    return;
  }
  const reason = 'skipped: REDIS_URL is not set, and this needs a Redis server';
  console.warn(`${name}: ${reason}`);
  it.skip(`${name} (${reason})`, test, timeout);
}
