import { createHash, createSecretKey, randomBytes, type KeyObject } from 'node:crypto';

/** An opaque secret: 256 random bits, base64url. */
export const randomToken = () => randomBytes(32).toString('base64url');

/** Tokens are stored only as their SHA-256. */
export const hashToken = (token: string) => createHash('sha256').update(token).digest('hex');

/** The `kid` of a signing key: a short fingerprint that names it without revealing it. */
export const keyId = (secret: string) =>
  createHash('sha256').update(secret).digest('hex').slice(0, 12);

export interface SigningKey {
  kid: string;
  secret: string;
  /**
   * The secret as an HMAC key object, made once. Handed a string, jsonwebtoken first tries to
   * parse it as a PEM public key on every verification and only then makes a secret key: that
   * failed parse was most of the cost of an authenticated request.
   */
  key: KeyObject;
}

/** Signing keys in order: the current one, then the previous ones still accepted during a rotation. */
export function signingKeys(current: string, previous: string | undefined): SigningKey[] {
  const secrets = [
    current,
    ...(previous ?? '')
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean),
  ];
  return secrets.map((secret) => ({
    kid: keyId(secret),
    secret,
    key: createSecretKey(Buffer.from(secret, 'utf8')),
  }));
}

/**
 * The `kid` in a compact JWT's header, or undefined when there is none or the header is not
 * JSON. Only picks the key to verify with: nothing in the header is trusted beyond that.
 */
export function tokenKeyId(token: string): string | undefined {
  const dot = token.indexOf('.');
  if (dot < 1) return undefined;
  try {
    const header = JSON.parse(Buffer.from(token.slice(0, dot), 'base64url').toString('utf8')) as {
      kid?: unknown;
    } | null;
    return typeof header?.kid === 'string' ? header.kid : undefined;
  } catch {
    return undefined;
  }
}

/** The verification key a token names by its `kid`, among the accepted ones. */
export const keyFor = (token: string, keys: readonly SigningKey[]): SigningKey | undefined => {
  const kid = tokenKeyId(token);
  return kid === undefined ? undefined : keys.find((key) => key.kid === kid);
};
