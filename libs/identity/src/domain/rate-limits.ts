import { MINUTE_MS } from '@etutors/platform';

/** A fixed-window limit: at most `limit` counted events per `windowMs` for one key. */
export interface LimitRule {
  key: string;
  limit: number;
  windowMs: number;
}

export interface RateLimitSettings {
  RATE_LIMIT_LOGIN_PER_IP: number;
  RATE_LIMIT_LOGIN_FAILURES_PER_ACCOUNT: number;
  RATE_LIMIT_LOGIN_FAILURES_PER_ACCOUNT_CEILING: number;
  RATE_LIMIT_SIGNUP_PER_IP: number;
}

/** Every login attempt from one IP, per minute. */
export const loginPerIp = (
  settings: RateLimitSettings,
  ip: string | null | undefined,
): LimitRule => ({
  key: `login-ip:${ip ?? 'unknown'}`,
  limit: settings.RATE_LIMIT_LOGIN_PER_IP,
  windowMs: MINUTE_MS,
});

/**
 * Failed logins of one account (by normalized e-mail, known or not, so the limit is no account
 * oracle) from one client IP, per 15 minutes. Once `limit` failures are counted that pair is locked
 * for the rest of the window: the next attempt is refused before its password is even checked, so
 * a guesser gets exactly `limit` tries from an IP. Keyed by the client as well, so a stranger's
 * failures lock the stranger out, not the account's owner at their own address.
 */
export const loginFailuresPerAccountAndIp = (
  settings: RateLimitSettings,
  email: string,
  ip: string | null | undefined,
): LimitRule => ({
  key: `login-failures:${email}:${ip ?? 'unknown'}`,
  limit: settings.RATE_LIMIT_LOGIN_FAILURES_PER_ACCOUNT,
  windowMs: 15 * MINUTE_MS,
});

/**
 * Failed logins of one account from every client together, per hour: the slower ceiling that stops
 * a guesser who spreads attempts across many IPs. Reaching it locks the account for everyone for
 * the rest of the window, so it sits well above what one person mistyping ever reaches.
 */
export const loginFailuresPerAccountCeiling = (
  settings: RateLimitSettings,
  email: string,
): LimitRule => ({
  key: `login-failures:${email}`,
  limit: settings.RATE_LIMIT_LOGIN_FAILURES_PER_ACCOUNT_CEILING,
  windowMs: 60 * MINUTE_MS,
});

/** Sign-ups and password-forgot requests from one IP share one budget per hour. */
export const signupPerIp = (
  settings: RateLimitSettings,
  ip: string | null | undefined,
): LimitRule => ({
  key: `signup-ip:${ip ?? 'unknown'}`,
  limit: settings.RATE_LIMIT_SIGNUP_PER_IP,
  windowMs: 60 * MINUTE_MS,
});

/**
 * The threshold to hand a limiter that refuses once *more than* its threshold is counted, so that
 * reaching `limit` failures already locks: the `limit`-th failure sets the lock, and attempt
 * `limit + 1` is refused.
 */
export const lockThreshold = (rule: LimitRule) => Math.max(0, rule.limit - 1);
