/** What an access token says once its signature, algorithm, issuer and audience are verified. */
export interface VerifiedClaims {
  sub: string;
  roles: unknown;
  ver: unknown;
  /** Expiry, in seconds since the epoch. */
  exp: number;
}

/**
 * Access tokens already verified by this process, by their exact text, until they expire. A
 * client sends the same token with every request for its 15 minutes; verifying it once is enough,
 * as nothing else that verification depends on can change while the process runs (the keys, the
 * algorithm, the issuer and the audience are fixed at boot). Expiry is checked as jsonwebtoken
 * checks it; a token that differs by one character is a miss and is verified in full. What can
 * change, the account's state, is still checked on every request by the caller. Bounded: past
 * `limit` tokens the oldest goes first, and only tokens that passed verification get in.
 */
export class VerifiedTokens {
  private readonly byToken = new Map<string, VerifiedClaims>();

  constructor(private readonly limit: number) {}

  /** The claims of a token verified earlier and not yet expired at `nowSeconds`. */
  get(token: string, nowSeconds: number): VerifiedClaims | undefined {
    const claims = this.byToken.get(token);
    if (claims === undefined) return undefined;
    if (nowSeconds >= claims.exp) {
      this.byToken.delete(token);
      return undefined;
    }
    return claims;
  }

  /** Keeps a token that has just passed verification; one without a numeric expiry never. */
  remember(token: string, claims: VerifiedClaims): void {
    if (typeof claims.exp !== 'number' || this.byToken.has(token)) return;
    if (this.byToken.size >= this.limit) this.byToken.delete(this.byToken.keys().next().value!);
    this.byToken.set(token, claims);
  }

  get size(): number {
    return this.byToken.size;
  }
}

/** Seconds since the epoch, as jsonwebtoken counts them when it checks `exp`. */
export const epochSeconds = (milliseconds = Date.now()) => Math.floor(milliseconds / 1000);
