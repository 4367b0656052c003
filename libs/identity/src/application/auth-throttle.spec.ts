import type { ConfigService } from '@nestjs/config';
import { ControllableClock, RateLimiter, type Environment } from '@etutors/platform';
import { TooManyAttemptsError } from '../identity.errors.js';
import { IdentitySettings } from '../identity.settings.js';
import { AuthThrottle } from './auth-throttle.js';

const config = { get: () => 'unit' } as unknown as ConfigService<Environment, true>;
const settings = Object.assign(new IdentitySettings(), {
  RATE_LIMIT_LOGIN_PER_IP: 20,
  RATE_LIMIT_LOGIN_FAILURES_PER_ACCOUNT: 5,
  RATE_LIMIT_LOGIN_FAILURES_PER_ACCOUNT_CEILING: 12,
  RATE_LIMIT_SIGNUP_PER_IP: 10,
});

/** The throttle on the in-memory limiter (no Redis), with a hand-moved clock. */
function setUp() {
  const clock = new ControllableClock(new Date(Date.UTC(2030, 0, 1)));
  const throttle = new AuthThrottle(new RateLimiter(null, config, clock), settings);
  return { throttle, advance: (ms: number) => clock.advance(ms) };
}

const refusal = (promise: Promise<unknown>) =>
  promise.then(
    () => null,
    (error: unknown) => {
      if (!(error instanceof TooManyAttemptsError)) throw error;
      return (error.details as { retryAfterSeconds: number }).retryAfterSeconds;
    },
  );

const origin = { ip: '203.0.113.7' };

describe('auth throttle (rate-limit maths)', () => {
  afterEach(() => jest.restoreAllMocks());

  it('locks an account from one IP after 5 failures for the rest of its 15-minute window', async () => {
    const { throttle, advance } = setUp();
    for (let i = 0; i < 5; i += 1) {
      expect(await refusal(throttle.loginAttempt(origin, 'ada@x.io'))).toBeNull();
      await throttle.loginFailed(origin, 'ada@x.io');
      advance(10_000);
    }
    // Five failures took 50 s of the window that opened at the first one.
    expect(await refusal(throttle.loginAttempt(origin, 'ada@x.io'))).toBe(900 - 50);
    expect(await refusal(throttle.loginAttempt(origin, 'bob@x.io'))).toBeNull();
    // The owner, from their own address, is not locked out by someone else's failures.
    expect(await refusal(throttle.loginAttempt({ ip: '198.51.100.1' }, 'ada@x.io'))).toBeNull();
    advance(60_000);
    expect(await refusal(throttle.loginAttempt(origin, 'ada@x.io'))).toBe(900 - 110);
    advance((900 - 110) * 1000);
    expect(await refusal(throttle.loginAttempt(origin, 'ada@x.io'))).toBeNull();
  });

  it('locks an account from every IP once 12 failures are spread across IPs, for the hour', async () => {
    const { throttle, advance } = setUp();
    for (let i = 0; i < 12; i += 1) {
      const from = { ip: `192.0.2.${i}` };
      expect(await refusal(throttle.loginAttempt(from, 'ada@x.io'))).toBeNull();
      await throttle.loginFailed(from, 'ada@x.io');
      advance(60_000);
    }
    // Twelve minutes of the hour that opened at the first failure are gone.
    expect(await refusal(throttle.loginAttempt({ ip: '198.51.100.1' }, 'ada@x.io'))).toBe(
      3_600 - 720,
    );
    await throttle.loginSucceeded({ ip: '198.51.100.1' }, 'ada@x.io');
    expect(await refusal(throttle.loginAttempt({ ip: '198.51.100.1' }, 'ada@x.io'))).toBe(
      3_600 - 720,
    );
    advance((3_600 - 720) * 1000);
    expect(await refusal(throttle.loginAttempt({ ip: '198.51.100.1' }, 'ada@x.io'))).toBeNull();
  });

  it('forgets failures after a successful login', async () => {
    const { throttle } = setUp();
    for (let i = 0; i < 4; i += 1) await throttle.loginFailed(origin, 'ada@x.io');
    await throttle.loginSucceeded(origin, 'ada@x.io');
    for (let i = 0; i < 4; i += 1) await throttle.loginFailed(origin, 'ada@x.io');
    expect(await refusal(throttle.loginAttempt(origin, 'ada@x.io'))).toBeNull();
  });

  it('allows 20 login attempts per IP per minute, whatever the account', async () => {
    const { throttle, advance } = setUp();
    for (let i = 0; i < 20; i += 1) {
      expect(await refusal(throttle.loginAttempt(origin, `user${i}@x.io`))).toBeNull();
    }
    advance(15_000);
    expect(await refusal(throttle.loginAttempt(origin, 'new@x.io'))).toBe(45);
    expect(await refusal(throttle.loginAttempt({ ip: '198.51.100.1' }, 'new@x.io'))).toBeNull();
    advance(45_000);
    expect(await refusal(throttle.loginAttempt(origin, 'new@x.io'))).toBeNull();
  });

  it('allows 10 sign-ups or password-forgot requests per IP per hour', async () => {
    const { throttle, advance } = setUp();
    for (let i = 0; i < 10; i += 1)
      expect(await refusal(throttle.signupAttempt(origin))).toBeNull();
    advance(1_000);
    expect(await refusal(throttle.signupAttempt(origin))).toBe(3_599);
    // Rounded up: half a second left is still a one-second wait, never zero.
    advance(3_598_500);
    expect(await refusal(throttle.signupAttempt(origin))).toBe(1);
    advance(500);
    expect(await refusal(throttle.signupAttempt(origin))).toBeNull();
  });
});
