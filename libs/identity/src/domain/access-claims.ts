import { ROLES, type Role } from '@etutors/platform';

/** The claims of an access token whose signature, algorithm, issuer and audience checked out. */
export interface VerifiedClaims {
  sub?: unknown;
  roles?: unknown;
  ver?: unknown;
  exp?: unknown;
  nbf?: unknown;
}

/** Who a token stands for, the token version it was signed under, and when it expires. */
export interface AccessClaims {
  userId: string;
  roles: Role[];
  tokenVersion: number;
  expiresAt: Date;
}

/** Seconds since the epoch, as JWTs count `iat`, `nbf` and `exp`. */
export const epochSeconds = (at: Date) => Math.floor(at.getTime() / 1000);

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * The token's holder when its claims are complete and it is valid at `nowSeconds`, else null.
 * The one place token lifetimes are checked: a token without a numeric `exp` never passes (every
 * token the API signs has one), one at or past its `exp` is expired, one before its `nbf` is not
 * yet valid, as jsonwebtoken counts them.
 */
export function accessClaims(claims: VerifiedClaims, nowSeconds: number): AccessClaims | null {
  const { sub, roles, ver, exp, nbf } = claims;
  if (typeof exp !== 'number' || nowSeconds >= exp) return null;
  if (nbf !== undefined && (typeof nbf !== 'number' || nbf > nowSeconds)) return null;
  if (typeof sub !== 'string' || !UUID.test(sub)) return null;
  if (!Number.isInteger(ver)) return null;
  if (!Array.isArray(roles) || !roles.every((role) => ROLES.includes(role as Role))) return null;
  return {
    userId: sub,
    roles: roles as Role[],
    tokenVersion: ver as number,
    expiresAt: new Date(exp * 1000),
  };
}
