import { createHash, randomBytes } from 'node:crypto';

/** An opaque secret: 256 random bits, base64url. */
export const randomToken = () => randomBytes(32).toString('base64url');

/** Tokens are stored only as their SHA-256. */
export const hashToken = (token: string) => createHash('sha256').update(token).digest('hex');

/** The `kid` of a signing key: a short fingerprint that names it without revealing it. */
export const keyId = (secret: string) =>
  createHash('sha256').update(secret).digest('hex').slice(0, 12);

/** Signing keys in order: the current one, then the previous ones still accepted during a rotation. */
export function signingKeys(
  current: string,
  previous: string | undefined,
): { kid: string; secret: string }[] {
  const secrets = [
    current,
    ...(previous ?? '')
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean),
  ];
  return secrets.map((secret) => ({ kid: keyId(secret), secret }));
}
