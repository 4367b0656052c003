import { Clock, ControllableClock } from '@etutors/platform';
import { itWithRedis } from '../support/needs-redis.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { PASSWORD, identity, newEmail } from './support.js';

// Small limits, and client IPs taken from X-Forwarded-For so each test counts from its own IP.
const LIMITS = {
  TRUST_PROXY: 'true',
  RATE_LIMIT_LOGIN_FAILURES_PER_ACCOUNT: '5',
  RATE_LIMIT_LOGIN_FAILURES_PER_ACCOUNT_CEILING: '12',
  RATE_LIMIT_LOGIN_PER_IP: '8',
  RATE_LIMIT_SIGNUP_PER_IP: '3',
};

let ipCounter = 0;
const newIp = () => `198.51.100.${(ipCounter += 1)}`;

describe('rate limits', () => {
  let t: TestApp;
  let api: ReturnType<typeof identity>;
  // Limits are timed by the platform Clock (in Redis too): tests move it instead of waiting.
  const clock = new ControllableClock();

  beforeAll(async () => {
    t = await startTestApp({
      env: LIMITS,
      override: (builder) => builder.overrideProvider(Clock).useValue(clock),
    });
    api = identity(t);
  });
  afterAll(() => t.close());

  const registered = async () => {
    const email = newEmail('target');
    const res = await api.register({ email }, newIp());
    expect(res.status).toBe(201);
    return email;
  };

  it('answers the 6th rapid wrong login for an account from one IP with 429, Retry-After and problem+json', async () => {
    const email = await registered();
    const ip = newIp();
    const statuses = [];
    for (let i = 0; i < 6; i += 1) {
      statuses.push((await api.login(email, `wrong-${i}-password`, ip)).status);
    }
    expect(statuses).toEqual([401, 401, 401, 401, 401, 429]);
    // Locked from that IP: even the right password is refused there for the rest of 15 minutes.
    const locked = await api.login(email, PASSWORD, ip);
    expect(locked.status).toBe(429);
    const wait = Number(locked.headers['retry-after']);
    expect(wait).toBeGreaterThan(800);
    expect(wait).toBeLessThanOrEqual(900);
    expect(locked.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(locked.body).toMatchObject({ status: 429, code: 'rate_limit.exceeded' });
    // Other accounts are not affected.
    expect((await api.login(await registered(), PASSWORD, newIp())).status).toBe(200);
  });

  it("does not let a stranger's failures lock the owner out at their own IP", async () => {
    const email = await registered();
    const stranger = newIp();
    for (let i = 0; i < 5; i += 1) {
      expect((await api.login(email, `wrong-${i}-password`, stranger)).status).toBe(401);
    }
    expect((await api.login(email, PASSWORD, stranger)).status).toBe(429);
    const owner = newIp();
    expect((await api.login(email, PASSWORD, owner)).status).toBe(200);
    // The owner's own typos still count from their IP, and the stranger is still locked.
    expect((await api.login(email, 'wrong-password-1', owner)).status).toBe(401);
    expect((await api.login(email, 'wrong-password-1', stranger)).status).toBe(429);
  });

  it('locks the account from every IP once failures spread across IPs reach the hourly ceiling', async () => {
    const email = await registered();
    // Twelve failures from four IPs, three each: no single IP reaches its own limit of five.
    const spread = [newIp(), newIp(), newIp(), newIp()];
    for (let i = 0; i < 12; i += 1) {
      expect((await api.login(email, `wrong-${i}-password`, spread[i % 4])).status).toBe(401);
    }
    const locked = await api.login(email, PASSWORD, newIp());
    expect(locked.status).toBe(429);
    expect(locked.body).toMatchObject({ status: 429, code: 'rate_limit.exceeded' });
    const wait = Number(locked.headers['retry-after']);
    expect(wait).toBeGreaterThan(3_500);
    expect(wait).toBeLessThanOrEqual(3_600);
    clock.advance(wait * 1000);
    expect((await api.login(email, PASSWORD, newIp())).status).toBe(200);
  });

  it('lifts the lock and the per-IP limit once the clock passes their windows', async () => {
    const email = await registered();
    const ip = newIp();
    for (let i = 0; i < 5; i += 1) await api.login(email, `wrong-${i}-password`, ip);
    const locked = await api.login(email, PASSWORD, ip);
    expect(locked.status).toBe(429);
    const wait = Number(locked.headers['retry-after']);
    clock.advance((wait - 2) * 1000);
    expect((await api.login(email, PASSWORD, ip)).status).toBe(429);
    clock.advance(2000);
    expect((await api.login(email, PASSWORD, ip)).status).toBe(200);

    const sprayIp = newIp();
    for (let i = 0; i < 8; i += 1) await api.login(newEmail('spray'), 'wrong-password-1', sprayIp);
    expect((await api.login(newEmail('spray'), 'wrong-password-1', sprayIp)).status).toBe(429);
    clock.advance(60_000);
    expect((await api.login(newEmail('spray'), 'wrong-password-1', sprayIp)).status).toBe(401);
  });

  it('locks an unknown e-mail the same way (no account oracle)', async () => {
    const email = newEmail('ghost');
    const ip = newIp();
    const statuses = [];
    for (let i = 0; i < 6; i += 1) {
      statuses.push((await api.login(email, `wrong-${i}-password`, ip)).status);
    }
    expect(statuses).toEqual([401, 401, 401, 401, 401, 429]);
  });

  it('forgets failures after a successful login', async () => {
    const email = await registered();
    const ip = newIp();
    for (let i = 0; i < 4; i += 1) await api.login(email, 'wrong-password-1', ip);
    expect((await api.login(email, PASSWORD, ip)).status).toBe(200);
    const ip2 = newIp();
    for (let i = 0; i < 4; i += 1) {
      expect((await api.login(email, 'wrong-password-1', ip2)).status).toBe(401);
    }
  });

  it('limits login attempts per IP per minute, whatever the accounts', async () => {
    const ip = newIp();
    const statuses = [];
    for (let i = 0; i < 9; i += 1) {
      statuses.push((await api.login(newEmail('spray'), 'wrong-password-1', ip)).status);
    }
    expect(statuses).toEqual([401, 401, 401, 401, 401, 401, 401, 401, 429]);
    const refused = await api.login(newEmail('spray'), 'wrong-password-1', ip);
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
    expect(Number(refused.headers['retry-after'])).toBeLessThanOrEqual(60);
    expect((await api.login(newEmail('spray'), 'wrong-password-1', newIp())).status).toBe(401);
  });

  it('limits sign-ups and password-forgot per IP per hour, together', async () => {
    const ip = newIp();
    const statuses = [
      (await api.register({}, ip)).status,
      (await api.forgot(newEmail(), ip)).status,
      (await api.register({}, ip)).status,
      (await api.register({}, ip)).status,
      (await api.forgot(newEmail(), ip)).status,
    ];
    expect(statuses).toEqual([201, 202, 201, 429, 429]);
    const refused = await api.register({}, ip);
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(3500);
    expect(Number(refused.headers['retry-after'])).toBeLessThanOrEqual(3600);
    expect(refused.body.code).toBe('rate_limit.exceeded');
    expect((await api.register({}, newIp())).status).toBe(201);
  });

  itWithRedis('counts across API instances (Redis)', async () => {
    const other = await startTestApp({ env: LIMITS });
    try {
      const email = await registered();
      const ip = newIp();
      const otherApi = identity(other);
      for (let i = 0; i < 5; i += 1) {
        const side = i % 2 === 0 ? api : otherApi;
        expect((await side.login(email, 'wrong-password-1', ip)).status).toBe(401);
      }
      expect((await otherApi.login(email, PASSWORD, ip)).status).toBe(429);
      expect((await api.login(email, PASSWORD, ip)).status).toBe(429);

      const signupIp = newIp();
      expect((await api.register({}, signupIp)).status).toBe(201);
      expect((await otherApi.register({}, signupIp)).status).toBe(201);
      expect((await api.forgot(newEmail(), signupIp)).status).toBe(202);
      expect((await otherApi.register({}, signupIp)).status).toBe(429);
    } finally {
      await other.close();
    }
  });
});
