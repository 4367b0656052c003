import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';

/** The current key (32 bytes) and the retired ones still accepted for decryption. */
export interface DataKeys {
  current: Buffer;
  previous: readonly Buffer[];
}

/** An encrypted value as stored: the ciphertext and the id of the key it is under. */
export interface SealedValue {
  /** base64 of nonce ‖ ciphertext ‖ authentication tag. */
  ciphertext: string;
  keyId: string;
}

const ALGORITHM = 'aes-256-gcm';
const KEY_BYTES = 32;
const NONCE_BYTES = 12;
const TAG_BYTES = 16;

/** A value's key id names no key this process has (neither current nor previous). */
export class UnknownDataKeyError extends Error {
  constructor(readonly keyId: string) {
    super(
      `No data encryption key with id ${keyId} is configured: add it to DATA_ENCRYPTION_PREVIOUS_KEYS`,
    );
    this.name = 'UnknownDataKeyError';
  }
}

/** A ciphertext failed authentication: altered, cut, or sealed for another row. */
export class DataIntegrityError extends Error {
  constructor(keyId: string) {
    super(`A value under key ${keyId} does not authenticate: altered, or sealed for another row`);
    this.name = 'DataIntegrityError';
  }
}

/** A key's public name, stored beside each value: the first 8 hex digits of its SHA-256. */
export const dataKeyId = (key: Buffer): string =>
  createHash('sha256').update(key).digest('hex').slice(0, 8);

/**
 * Encrypts values at rest with AES-256-GCM: a fresh random nonce per value, and associated data
 * (`context`) that binds the value to where it is stored, so a ciphertext copied to another row
 * does not decrypt there. Values are sealed under the current key; any configured key opens.
 */
export class DataCipher {
  private readonly keys = new Map<string, Buffer>();
  readonly currentKeyId: string;

  constructor({ current, previous }: DataKeys) {
    for (const key of [current, ...previous]) {
      if (key.length !== KEY_BYTES) {
        throw new Error(`A data encryption key must be ${KEY_BYTES} bytes, not ${key.length}`);
      }
      const id = dataKeyId(key);
      const known = this.keys.get(id);
      if (known && !known.equals(key)) throw new Error(`Two data encryption keys share id ${id}`);
      this.keys.set(id, key);
    }
    this.currentKeyId = dataKeyId(current);
  }

  /** Whether values under `keyId` can be opened here. */
  knows(keyId: string): boolean {
    return this.keys.has(keyId);
  }

  seal(plaintext: string, context: string): SealedValue {
    const nonce = randomBytes(NONCE_BYTES);
    const cipher = createCipheriv(ALGORITHM, this.keys.get(this.currentKeyId)!, nonce, {
      authTagLength: TAG_BYTES,
    });
    cipher.setAAD(Buffer.from(context, 'utf8'));
    const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    return {
      ciphertext: Buffer.concat([nonce, body, cipher.getAuthTag()]).toString('base64'),
      keyId: this.currentKeyId,
    };
  }

  /** The plaintext of `sealed`; throws when its key is unknown or it does not authenticate. */
  open(sealed: SealedValue, context: string): string {
    const key = this.keys.get(sealed.keyId);
    if (!key) throw new UnknownDataKeyError(sealed.keyId);
    const bytes = Buffer.from(sealed.ciphertext, 'base64');
    if (bytes.length < NONCE_BYTES + TAG_BYTES) throw new DataIntegrityError(sealed.keyId);
    const decipher = createDecipheriv(ALGORITHM, key, bytes.subarray(0, NONCE_BYTES), {
      authTagLength: TAG_BYTES,
    });
    decipher.setAAD(Buffer.from(context, 'utf8'));
    decipher.setAuthTag(bytes.subarray(bytes.length - TAG_BYTES));
    try {
      return Buffer.concat([
        decipher.update(bytes.subarray(NONCE_BYTES, bytes.length - TAG_BYTES)),
        decipher.final(),
      ]).toString('utf8');
    } catch {
      throw new DataIntegrityError(sealed.keyId);
    }
  }

  /** `sealed` under the current key (unchanged when it is already), for key rotation. */
  reseal(sealed: SealedValue, context: string): SealedValue {
    if (sealed.keyId === this.currentKeyId) return sealed;
    return this.seal(this.open(sealed, context), context);
  }
}
