import { commonPasswordCount, normalizeEmail, passwordProblem } from './password-policy.js';
import { hashToken, keyId, randomToken, signingKeys } from './tokens.js';

describe('password policy', () => {
  it('ships at least 10,000 common passwords', () => {
    expect(commonPasswordCount()).toBeGreaterThanOrEqual(10_000);
  });

  it('takes 10 to 128 characters that are not common', () => {
    expect(passwordProblem('short')).toMatch(/at least 10/);
    expect(passwordProblem('x'.repeat(129))).toMatch(/at most 128/);
    expect(passwordProblem('1234567890')).toMatch(/too common/);
    expect(passwordProblem('PassWord123')).toMatch(/too common/);
    expect(passwordProblem('plum-orbit-candle-42')).toBeNull();
    expect(passwordProblem('ü'.repeat(10))).toBeNull();
  });

  it('normalizes e-mails', () => {
    expect(normalizeEmail('  Ada@Example.COM ')).toBe('ada@example.com');
  });
});

describe('token helpers', () => {
  it('makes 256-bit opaque tokens and stores only their hash', () => {
    const token = randomToken();
    expect(Buffer.from(token, 'base64url')).toHaveLength(32);
    expect(randomToken()).not.toBe(token);
    expect(hashToken(token)).toMatch(/^[0-9a-f]{64}$/);
    expect(hashToken(token)).toBe(hashToken(token));
  });

  it('names keys by fingerprint, current first', () => {
    const keys = signingKeys('current-secret', ' old-1 , old-2 ,');
    expect(keys.map((k) => k.secret)).toEqual(['current-secret', 'old-1', 'old-2']);
    expect(keys[0]!.kid).toBe(keyId('current-secret'));
    expect(keys[0]!.kid).not.toContain('current');
  });
});
