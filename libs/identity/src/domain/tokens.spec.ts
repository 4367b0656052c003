import { hashToken, keyFor, keyId, randomToken, signingKeys, tokenKeyId } from './tokens.js';

const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

describe('token helpers', () => {
  it('makes 256-bit opaque tokens and stores only their SHA-256', () => {
    const token = randomToken();
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(Buffer.from(token, 'base64url')).toHaveLength(32);
    expect(randomToken()).not.toBe(token);
    expect(hashToken(token)).toMatch(/^[0-9a-f]{64}$/);
    expect(hashToken(token)).toBe(hashToken(token));
    expect(hashToken(token)).not.toContain(token);
  });

  it('names keys by a fingerprint that does not reveal them, current key first', () => {
    const keys = signingKeys('current-secret', ' old-1 , old-2 ,');
    expect(keys.map((k) => k.secret)).toEqual(['current-secret', 'old-1', 'old-2']);
    expect(keys[0]!.kid).toBe(keyId('current-secret'));
    expect(keys[0]!.kid).toMatch(/^[0-9a-f]{12}$/);
    expect(new Set(keys.map((k) => k.kid)).size).toBe(3);
    expect(signingKeys('only', undefined)).toHaveLength(1);
    expect(signingKeys('only', '')).toHaveLength(1);
    expect(keys[0]!.key.type).toBe('secret');
    expect(keys[0]!.key.export().toString('utf8')).toBe('current-secret');
  });

  it('reads the kid from a token header, and picks only a known key by it', () => {
    const keys = signingKeys('current-secret', 'old-1');
    const token = (header: unknown) => `${b64(header)}.${b64({ sub: 'x' })}.sig`;
    expect(tokenKeyId(token({ alg: 'HS256', kid: keys[1]!.kid }))).toBe(keys[1]!.kid);
    expect(keyFor(token({ alg: 'HS256', kid: keys[1]!.kid }), keys)?.secret).toBe('old-1');
    expect(keyFor(token({ alg: 'HS256', kid: keyId('unknown') }), keys)).toBeUndefined();
    expect(keyFor(token({ alg: 'HS256' }), keys)).toBeUndefined();
    expect(keyFor(token({ alg: 'none', kid: 7 }), keys)).toBeUndefined();
    expect(keyFor(token(null), keys)).toBeUndefined();
    for (const garbage of ['', 'garbage', '.a.b', '%%%.a.b', `${b64('string')}.a.b`]) {
      expect(keyFor(garbage, keys)).toBeUndefined();
    }
  });
});
