import type { Strategy, StrategyCreatedStatic } from 'passport';

/**
 * The passport strategy that authenticates API requests (bearer access tokens). Provided by the
 * identity context, which owns the tokens; the platform's global guard runs it.
 */
export const ACCESS_TOKEN_STRATEGY = Symbol('ACCESS_TOKEN_STRATEGY');

/**
 * Runs a passport strategy on one request the way `passport.authenticate()` does: a copy of the
 * strategy per request, with the outcome actions attached. What it leaves out is the middleware
 * around that, which decorates every request with login-session helpers a token API never uses.
 * Resolves with the user, or `false` when the strategy did not authenticate the request.
 */
export function attemptAuthentication(strategy: Strategy, request: unknown): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const attempt = Object.create(strategy) as StrategyCreatedStatic & {
      authenticate(request: unknown, options: object): void;
    };
    attempt.success = (user) => resolve(user);
    attempt.fail = () => resolve(false);
    attempt.pass = () => resolve(false);
    attempt.redirect = () => resolve(false);
    attempt.error = (error: unknown) => reject(error);
    attempt.authenticate(request, {});
  });
}
