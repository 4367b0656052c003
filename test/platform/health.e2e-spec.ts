import { SwitchableProxy } from '../support/switchable-proxy.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { describeWithRedis } from '../support/needs-redis.js';

/** What a 503 may say about a dependency: its name and a fixed reason, never the driver's words. */
const DRIVER_TEXT =
  /ECONNREFUSED|ECONNRESET|connect |Connection|socket|stream|127\.0\.0\.1|offline|\d{4,5}/i;

/** Polls the readiness probe until it answers `status` (a dependency's state takes a moment to show). */
async function readyAnswering(t: TestApp, status: number, ms: number) {
  let res = await t.http().get('/health/ready');
  for (const deadline = Date.now() + ms; res.status !== status && Date.now() < deadline;) {
    await new Promise((resolve) => setTimeout(resolve, 100));
    res = await t.http().get('/health/ready');
  }
  return res;
}

describe('health probes', () => {
  it('live answers while the process runs', async () => {
    const t = await startTestApp();
    try {
      const res = await t.http().get('/health/live');
      expect(res.status).toBe(200);
      expect(res.body).toEqual({ status: 'ok' });
    } finally {
      await t.close();
    }
  });

  it('ready checks PostgreSQL', async () => {
    const t = await startTestApp({ env: { REDIS_URL: undefined } });
    try {
      const res = await t.http().get('/health/ready');
      expect(res.status).toBe(200);
      expect(res.body.info.database.status).toBe('up');
      expect(res.body.info.redis).toBeUndefined();
    } finally {
      await t.close();
    }
  });

  describe('with PostgreSQL behind a relay', () => {
    let t: TestApp;
    let proxy: SwitchableProxy;

    beforeAll(async () => {
      proxy = new SwitchableProxy(new URL(process.env.DATABASE_URL!));
      await proxy.start();
      t = await startTestApp({ env: { DATABASE_URL: proxy.url, REDIS_URL: undefined } });
    });
    afterAll(async () => {
      proxy.up();
      await t?.close();
      await proxy.stop();
    });

    it('is 503 naming the database while PostgreSQL is unreachable, without the driver’s words, and 200 again when it returns', async () => {
      expect((await readyAnswering(t, 200, 5000)).status).toBe(200);

      proxy.down();
      const during = await readyAnswering(t, 503, 5000);
      expect(during.status).toBe(503);
      expect(during.body).toMatchObject({ status: 503, detail: 'Unavailable: database' });
      expect(during.body.error).toEqual({
        database: {
          status: 'down',
          message: 'PostgreSQL did not answer',
          responseTime: expect.any(Number),
        },
      });
      const { responseTime: _, ...words } = during.body.error.database;
      expect(JSON.stringify(words)).not.toMatch(DRIVER_TEXT);

      proxy.up();
      const after = await readyAnswering(t, 200, 10_000);
      expect(after.status).toBe(200);
      expect(after.body.info.database.status).toBe('up');
    });
  });

  // Needs a Redis server to stand in front of; CI always provides one (REDIS_URL).
  describeWithRedis('with Redis behind a relay', () => {
    let t: TestApp;
    let proxy: SwitchableProxy;

    beforeAll(async () => {
      proxy = new SwitchableProxy(new URL(process.env.REDIS_URL!));
      await proxy.start();
      t = await startTestApp({ env: { REDIS_URL: proxy.url } });
    });
    afterAll(async () => {
      proxy.up();
      await t?.close();
      await proxy.stop();
    });

    it('is 503 naming redis while Redis is unreachable, without the driver’s words, and 200 again when it returns', async () => {
      const before = await readyAnswering(t, 200, 5000);
      expect(before.status).toBe(200);
      expect(before.body.info).toMatchObject({
        database: { status: 'up' },
        redis: { status: 'up' },
      });

      proxy.down();
      const during = await t.http().get('/health/ready');
      expect(during.status).toBe(503);
      expect(during.body.error).toEqual({
        redis: {
          status: 'down',
          message: 'Redis did not answer',
          responseTime: expect.any(Number),
        },
      });
      expect(during.body.info.database.status).toBe('up');
      const { responseTime: _, ...words } = during.body.error.redis;
      expect(JSON.stringify(words)).not.toMatch(DRIVER_TEXT);

      proxy.up();
      const after = await readyAnswering(t, 200, 10_000);
      expect(after.status).toBe(200);
      expect(after.body.info.redis.status).toBe('up');
    });
  });
});
