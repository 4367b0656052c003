import { createHash } from 'node:crypto';
import { COMMON_PASSWORDS_TEXT } from './common-passwords.data.js';
import {
  PASSWORD_MAX,
  PASSWORD_MIN,
  commonPasswordCount,
  normalizeEmail,
  passwordProblem,
} from './password-policy.js';

describe('password policy', () => {
  it('ships the 30,000 most common passwords, exactly as generated', () => {
    expect(commonPasswordCount()).toBe(30_000);
    const lines = COMMON_PASSWORDS_TEXT.split('\n').filter(Boolean);
    const sha256 = createHash('sha256').update(lines.join('\n')).digest('hex');
    // The generator writes this checksum into the data file's header: an edit by hand shows here.
    expect(sha256).toBe('fca84ce3ec6575546a2d1e37774842afd27d82ac1b6d0b329b903d8936aa869a');
  });

  it('takes 10 to 128 characters, counted as characters, not bytes', () => {
    expect(PASSWORD_MIN).toBe(10);
    expect(PASSWORD_MAX).toBe(128);
    expect(passwordProblem('nine-char')).toMatch(/at least 10/);
    expect(passwordProblem('ten-chars!')).toBeNull();
    expect(passwordProblem('x'.repeat(128))).toBeNull();
    expect(passwordProblem('x'.repeat(129))).toMatch(/at most 128/);
    // Nine emoji are 18 UTF-16 units and 36 bytes, but nine characters.
    expect(passwordProblem('🔑'.repeat(9))).toMatch(/at least 10/);
    expect(passwordProblem('ü'.repeat(10))).toBeNull();
  });

  it('refuses common passwords whatever their case, including ones with $ and quotes', () => {
    for (const common of ['1234567890', 'PassWord123', 'qwertyuiop', 'iloveyou12']) {
      expect(passwordProblem(common)).toMatch(/too common/);
    }
    // Short common entries are already refused by length; the list must still hold them intact.
    const list = new Set(COMMON_PASSWORDS_TEXT.split('\n'));
    for (const entry of ['pa$$w0rd', "pic's", '123456', 'password'])
      expect(list.has(entry)).toBe(true);
    expect(passwordProblem('plum-orbit-candle-42')).toBeNull();
  });

  it('normalizes e-mails: trimmed and lower-cased', () => {
    expect(normalizeEmail('  Ada@Example.COM ')).toBe('ada@example.com');
  });
});
