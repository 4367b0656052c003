import {
  admits,
  cacheIsBehind,
  decodeAccessState,
  encodeAccessState,
  supersedes,
} from './access-state.js';

describe('access state', () => {
  const active = (tokenVersion: number) => ({ active: true, tokenVersion });
  const suspended = (tokenVersion: number) => ({ active: false, tokenVersion });

  it('admits a token only for an active account at its current version', () => {
    expect(admits(active(3), 3)).toBe(true);
    expect(admits(active(3), 2)).toBe(false);
    expect(admits(suspended(3), 3)).toBe(false);
    expect(admits(null, 0)).toBe(false);
    expect(admits(active(0), undefined)).toBe(false);
    expect(admits(active(0), '0')).toBe(false);
  });

  it('never lets an older state replace a newer one in the cache', () => {
    expect(supersedes(active(1), null)).toBe(true);
    expect(supersedes(suspended(2), active(1))).toBe(true);
    expect(supersedes(active(1), suspended(2))).toBe(false);
    expect(supersedes(active(2), active(2))).toBe(true);
  });

  it('sees a cache behind a newer token', () => {
    expect(cacheIsBehind(active(1), 2)).toBe(true);
    expect(cacheIsBehind(active(2), 2)).toBe(false);
    expect(cacheIsBehind(active(2), 1)).toBe(false);
    expect(cacheIsBehind(null, 1)).toBe(false);
    expect(cacheIsBehind(active(1), 'x')).toBe(false);
  });

  it('round-trips through its cache encoding and refuses anything else', () => {
    for (const state of [active(0), suspended(41)]) {
      expect(decodeAccessState(encodeAccessState(state))).toEqual(state);
    }
    for (const junk of [null, undefined, '', '1', '2:3', '1:-1', '1:x', '1:2:3']) {
      expect(decodeAccessState(junk)).toBeNull();
    }
  });
});
