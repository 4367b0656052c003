import {
  lockThreshold,
  loginFailuresPerAccountAndIp,
  loginFailuresPerAccountCeiling,
  loginPerIp,
  signupPerIp,
} from './rate-limits.js';

const settings = {
  RATE_LIMIT_LOGIN_PER_IP: 20,
  RATE_LIMIT_LOGIN_FAILURES_PER_ACCOUNT: 5,
  RATE_LIMIT_LOGIN_FAILURES_PER_ACCOUNT_CEILING: 50,
  RATE_LIMIT_SIGNUP_PER_IP: 10,
};

describe('auth rate-limit rules', () => {
  it('limits login attempts per IP per minute', () => {
    expect(loginPerIp(settings, '10.0.0.1')).toEqual({
      key: 'login-ip:10.0.0.1',
      limit: 20,
      windowMs: 60_000,
    });
    expect(loginPerIp(settings, undefined).key).toBe('login-ip:unknown');
  });

  it('limits failed logins per account and IP per 15 minutes, locking at the limit', () => {
    const rule = loginFailuresPerAccountAndIp(settings, 'ada@example.com', '10.0.0.1');
    expect(rule).toEqual({
      key: 'login-failures:ada@example.com:10.0.0.1',
      limit: 5,
      windowMs: 900_000,
    });
    expect(loginFailuresPerAccountAndIp(settings, 'ada@example.com', null).key).toBe(
      'login-failures:ada@example.com:unknown',
    );
    // A limiter that refuses past its threshold locks on the 5th failure with a threshold of 4.
    expect(lockThreshold(rule)).toBe(4);
    expect(lockThreshold({ ...rule, limit: 1 })).toBe(0);
    expect(lockThreshold({ ...rule, limit: 0 })).toBe(0);
  });

  it('caps failed logins per account across every IP per hour', () => {
    expect(loginFailuresPerAccountCeiling(settings, 'ada@example.com')).toEqual({
      key: 'login-failures:ada@example.com',
      limit: 50,
      windowMs: 3_600_000,
    });
  });

  it('shares one hourly budget per IP between sign-up and password-forgot', () => {
    expect(signupPerIp(settings, '::1')).toEqual({
      key: 'signup-ip:::1',
      limit: 10,
      windowMs: 3_600_000,
    });
  });
});
