import { admits } from './access-state.js';

describe('access state', () => {
  const active = (tokenVersion: number) => ({ active: true, tokenVersion });
  const suspended = (tokenVersion: number) => ({ active: false, tokenVersion });

  it('admits a token only for an active account at its current version', () => {
    expect(admits(active(3), 3)).toBe(true);
    expect(admits(active(3), 2)).toBe(false);
    expect(admits(active(3), 4)).toBe(false);
    expect(admits(suspended(3), 3)).toBe(false);
    expect(admits(null, 0)).toBe(false);
    expect(admits(active(0), undefined)).toBe(false);
    expect(admits(active(0), '0')).toBe(false);
  });
});
