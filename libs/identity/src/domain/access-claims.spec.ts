import { accessClaims, epochSeconds } from './access-claims.js';

describe('access claims', () => {
  const now = epochSeconds(new Date('2030-01-01T00:00:00Z'));
  const sub = '0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b';
  const valid = { sub, roles: ['student'], ver: 2, exp: now + 900, iat: now };

  it('gives the holder of a complete token inside its lifetime', () => {
    expect(accessClaims(valid, now)).toEqual({
      userId: sub,
      roles: ['student'],
      tokenVersion: 2,
      expiresAt: new Date(valid.exp * 1000),
    });
    expect(accessClaims({ ...valid, nbf: now }, now)).not.toBeNull();
  });

  it('refuses a token without a numeric expiry, or at or past it', () => {
    expect(accessClaims({ ...valid, exp: undefined }, now)).toBeNull();
    expect(accessClaims({ ...valid, exp: String(now + 900) }, now)).toBeNull();
    expect(accessClaims(valid, now + 899)).not.toBeNull();
    expect(accessClaims(valid, now + 900)).toBeNull();
  });

  it('refuses a token before its not-before time', () => {
    expect(accessClaims({ ...valid, nbf: now + 1 }, now)).toBeNull();
    expect(accessClaims({ ...valid, nbf: 'soon' }, now)).toBeNull();
  });

  it('refuses incomplete or malformed claims', () => {
    for (const broken of [
      { sub: undefined },
      { sub: 'not-a-uuid' },
      { ver: undefined },
      { ver: '2' },
      { ver: 1.5 },
      { roles: 'student' },
      { roles: ['king'] },
    ]) {
      expect(accessClaims({ ...valid, ...broken }, now)).toBeNull();
    }
  });
});
