/**
 * What every authenticated request must agree with: the account is active and the token carries
 * the account's current token version. Every suspension, reactivation, role change and password
 * reset bumps the version, so a version names exactly one state.
 */
export interface AccessState {
  active: boolean;
  tokenVersion: number;
}

/** An access token passes only for an active account and its current version. */
export const admits = (state: AccessState | null, tokenVersion: unknown): boolean =>
  state !== null && state.active && state.tokenVersion === tokenVersion;

/**
 * A token newer than the cached state proves the cache is behind (a write-through was lost):
 * re-read the database instead of refusing a valid token.
 */
export const cacheIsBehind = (state: AccessState | null, tokenVersion: unknown): boolean =>
  state !== null && typeof tokenVersion === 'number' && tokenVersion > state.tokenVersion;

/**
 * Whether `candidate` may replace `current` in the cache. Versions only grow, so a request that
 * read the database just before a change committed can never overwrite the newer state written
 * after the commit.
 */
export const supersedes = (candidate: AccessState, current: AccessState | null): boolean =>
  current === null || candidate.tokenVersion >= current.tokenVersion;

export const encodeAccessState = (state: AccessState) =>
  `${state.active ? 1 : 0}:${state.tokenVersion}`;

export function decodeAccessState(value: string | null | undefined): AccessState | null {
  const match = /^([01]):(\d+)$/.exec(value ?? '');
  return match ? { active: match[1] === '1', tokenVersion: Number(match[2]) } : null;
}
