/**
 * What every authenticated request must agree with, read from the account's row on each request:
 * the account is active and the token carries the account's current token version. Every
 * suspension, reactivation, role change and password reset moves the version on, so a token
 * signed before any of them is refused on its next request, on every instance.
 */
export interface AccessState {
  active: boolean;
  tokenVersion: number;
}

/** An access token passes only for an active account and its current version. */
export const admits = (state: AccessState | null, tokenVersion: unknown): boolean =>
  state !== null && state.active && state.tokenVersion === tokenVersion;
