import { VerifiedTokens, epochSeconds } from './verified-tokens.js';

const claims = (exp: number) => ({ sub: 'user-1', roles: ['student'], ver: 0, exp });

describe('VerifiedTokens', () => {
  it('answers for a remembered token until the second it expires, as jsonwebtoken does', () => {
    const tokens = new VerifiedTokens(10);
    tokens.remember('a.b.c', claims(1_000));
    expect(tokens.get('a.b.c', 999)).toEqual(claims(1_000));
    expect(tokens.get('a.b.c', 1_000)).toBeUndefined();
    // Gone for good: an expired token is verified (and refused) in full from then on.
    expect(tokens.get('a.b.c', 999)).toBeUndefined();
    expect(tokens.size).toBe(0);
  });

  it('knows only the exact text it was given', () => {
    const tokens = new VerifiedTokens(10);
    tokens.remember('a.b.c', claims(1_000));
    expect(tokens.get('a.b.C', 1)).toBeUndefined();
    expect(tokens.get('a.b.c ', 1)).toBeUndefined();
    expect(tokens.get('', 1)).toBeUndefined();
  });

  it('never keeps a token without a numeric expiry', () => {
    const tokens = new VerifiedTokens(10);
    tokens.remember('a.b.c', { ...claims(0), exp: undefined as unknown as number });
    tokens.remember('d.e.f', { ...claims(0), exp: '2000' as unknown as number });
    expect(tokens.size).toBe(0);
  });

  it('keeps at most `limit` tokens, dropping the oldest first', () => {
    const tokens = new VerifiedTokens(2);
    tokens.remember('one', claims(1_000));
    tokens.remember('two', claims(1_000));
    tokens.remember('three', claims(1_000));
    expect(tokens.size).toBe(2);
    expect(tokens.get('one', 1)).toBeUndefined();
    expect(tokens.get('two', 1)).toBeDefined();
    expect(tokens.get('three', 1)).toBeDefined();
  });

  it('counts seconds the way jsonwebtoken does', () => {
    expect(epochSeconds(1_999)).toBe(1);
    expect(epochSeconds(2_000)).toBe(2);
  });
});
