import { randomBytes } from 'node:crypto';
import { DataCipher, DataIntegrityError, dataKeyId, UnknownDataKeyError } from './data-cipher.js';

const IBAN = 'DE89370400440532013000';
const ROW = 'payout_accounts.iban:7b0c6f0e-1a8e-4b8e-9d37-2f1f6b8f2a10';

describe('DataCipher', () => {
  const keyA = randomBytes(32);
  const keyB = randomBytes(32);
  const underA = new DataCipher({ current: keyA, previous: [] });

  it('opens what it sealed, under the current key id', () => {
    const sealed = underA.seal(IBAN, ROW);
    expect(sealed.keyId).toBe(dataKeyId(keyA));
    expect(sealed.keyId).toMatch(/^[0-9a-f]{8}$/);
    expect(underA.open(sealed, ROW)).toBe(IBAN);
  });

  it('keeps no plaintext in the ciphertext', () => {
    const { ciphertext } = underA.seal(IBAN, ROW);
    const bytes = Buffer.from(ciphertext, 'base64');
    expect(ciphertext).not.toContain(IBAN);
    expect(bytes.includes(Buffer.from('0532013000'))).toBe(false);
    // nonce, one byte per character, tag
    expect(bytes).toHaveLength(12 + IBAN.length + 16);
  });

  it('uses a fresh nonce for every value: the same plaintext never seals the same twice', () => {
    const first = underA.seal(IBAN, ROW).ciphertext;
    const second = underA.seal(IBAN, ROW).ciphertext;
    expect(first).not.toBe(second);
    expect(Buffer.from(first, 'base64').subarray(0, 12)).not.toEqual(
      Buffer.from(second, 'base64').subarray(0, 12),
    );
  });

  it('refuses a ciphertext altered by one bit', () => {
    const sealed = underA.seal(IBAN, ROW);
    const bytes = Buffer.from(sealed.ciphertext, 'base64');
    bytes[20]! ^= 1;
    expect(() => underA.open({ ...sealed, ciphertext: bytes.toString('base64') }, ROW)).toThrow(
      DataIntegrityError,
    );
    expect(() => underA.open({ ...sealed, ciphertext: 'AAAA' }, ROW)).toThrow(DataIntegrityError);
  });

  it('refuses a ciphertext opened for another row (associated data)', () => {
    const sealed = underA.seal(IBAN, ROW);
    expect(() => underA.open(sealed, 'payout_accounts.iban:another-tutor')).toThrow(
      DataIntegrityError,
    );
  });

  it('opens values under a previous key and reseals them under the current one', () => {
    const rotated = new DataCipher({ current: keyB, previous: [keyA] });
    const old = underA.seal(IBAN, ROW);
    expect(rotated.open(old, ROW)).toBe(IBAN);
    const resealed = rotated.reseal(old, ROW);
    expect(resealed.keyId).toBe(dataKeyId(keyB));
    expect(new DataCipher({ current: keyB, previous: [] }).open(resealed, ROW)).toBe(IBAN);
    expect(rotated.reseal(resealed, ROW)).toBe(resealed);
  });

  it('names the key id it does not know', () => {
    const sealed = new DataCipher({ current: keyB, previous: [] }).seal(IBAN, ROW);
    expect(underA.knows(sealed.keyId)).toBe(false);
    expect(() => underA.open(sealed, ROW)).toThrow(
      new UnknownDataKeyError(dataKeyId(keyB)).message,
    );
    expect(() => underA.open(sealed, ROW)).toThrow(UnknownDataKeyError);
  });

  it('refuses a key that is not 32 bytes', () => {
    expect(() => new DataCipher({ current: randomBytes(16), previous: [] })).toThrow(/32 bytes/);
  });
});
