import { Injectable } from '@nestjs/common';
import { RateLimiter } from '@etutors/platform';
import {
  lockThreshold,
  loginFailuresPerAccountAndIp,
  loginFailuresPerAccountCeiling,
  loginPerIp,
  signupPerIp,
} from '../domain/rate-limits.js';
import { TooManyAttemptsError } from '../identity.errors.js';
import { IdentitySettings } from '../identity.settings.js';
import type { RequestOrigin } from './audit-log.js';

/**
 * The auth routes' limits (see domain/rate-limits.ts), counted by the platform's RateLimiter: in
 * Redis when configured, so every API instance counts together. Each refusal is a 429 with the
 * seconds to wait (sent as `Retry-After`). While the counters cannot be reached (Redis down or
 * still connecting) the limiter fails open: sign-in stays available, and argon2 still makes
 * every guess cost 50 ms of a core.
 */
@Injectable()
export class AuthThrottle {
  constructor(
    private readonly limiter: RateLimiter,
    private readonly settings: IdentitySettings,
  ) {}

  /**
   * Counts a login attempt from the IP, and refuses it when the IP, the account from this IP, or
   * the account as a whole is locked.
   */
  async loginAttempt(origin: RequestOrigin, email: string): Promise<void> {
    const ip = loginPerIp(this.settings, origin.ip);
    const perIp = await this.limiter.hit(ip.key, ip.limit, ip.windowMs);
    if (!perIp.allowed) throw new TooManyAttemptsError(perIp.retryAfterSeconds);
    for (const rule of this.failureRules(origin, email)) {
      const locked = await this.limiter.check(rule.key, lockThreshold(rule));
      if (!locked.allowed) throw new TooManyAttemptsError(locked.retryAfterSeconds);
    }
  }

  /** Counts a failed login against the account from this IP and against the account's ceiling. */
  async loginFailed(origin: RequestOrigin, email: string): Promise<void> {
    for (const rule of this.failureRules(origin, email)) {
      await this.limiter.hit(rule.key, lockThreshold(rule), rule.windowMs);
    }
  }

  /**
   * A successful login clears the account's failures from this IP. The ceiling runs out its own
   * window: a guesser spread over many IPs gains no fresh budget from the owner signing in.
   */
  async loginSucceeded(origin: RequestOrigin, email: string): Promise<void> {
    const key = loginFailuresPerAccountAndIp(this.settings, email, origin.ip).key;
    await this.limiter.reset(key);
  }

  /** Counts a sign-up or password-forgot request from the IP. */
  async signupAttempt(origin: RequestOrigin): Promise<void> {
    const rule = signupPerIp(this.settings, origin.ip);
    const result = await this.limiter.hit(rule.key, rule.limit, rule.windowMs);
    if (!result.allowed) throw new TooManyAttemptsError(result.retryAfterSeconds);
  }

  private failureRules(origin: RequestOrigin, email: string) {
    return [
      loginFailuresPerAccountAndIp(this.settings, email, origin.ip),
      loginFailuresPerAccountCeiling(this.settings, email),
    ];
  }
}
