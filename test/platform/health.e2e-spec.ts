import { createServer, connect, type Server, type Socket } from 'node:net';
import { startTestApp, type TestApp } from '../support/test-app.js';

/** A TCP relay in front of the real Redis that the test can take down and bring back. */
class SwitchableProxy {
  private server?: Server;
  private readonly sockets = new Set<Socket>();

  constructor(
    private readonly target: URL,
    readonly port: number,
  ) {}

  async up(): Promise<void> {
    if (this.server?.listening) return;
    this.server = createServer((client) => {
      const upstream = connect(Number(this.target.port || 6379), this.target.hostname);
      for (const socket of [client, upstream]) {
        this.sockets.add(socket);
        socket.on('close', () => this.sockets.delete(socket));
        socket.on('error', () => undefined);
      }
      client.pipe(upstream).pipe(client);
    });
    await new Promise<void>((resolve, reject) => {
      this.server!.once('error', reject);
      this.server!.listen(this.port, '127.0.0.1', resolve);
    });
  }

  async down(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((resolve) =>
      this.server?.listening ? this.server.close(() => resolve()) : resolve(),
    );
  }
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

  // Needs a Redis server to stand in front of; CI always provides one (REDIS_URL).
  (process.env.REDIS_URL ? describe : describe.skip)('with Redis', () => {
    let t: TestApp;
    let proxy: SwitchableProxy;

    beforeAll(async () => {
      const port = 20000 + Math.floor(Math.random() * 20000);
      proxy = new SwitchableProxy(new URL(process.env.REDIS_URL!), port);
      await proxy.up();
      t = await startTestApp({ env: { REDIS_URL: `redis://127.0.0.1:${port}` } });
    });
    afterAll(async () => {
      await proxy.up().catch(() => undefined);
      await t.close();
      await proxy.down();
    });

    const readyWithin = async (ms: number) => {
      let res = await t.http().get('/health/ready');
      for (const deadline = Date.now() + ms; res.status !== 200 && Date.now() < deadline;) {
        await new Promise((resolve) => setTimeout(resolve, 100));
        res = await t.http().get('/health/ready');
      }
      return res;
    };

    it('is 503 naming redis while Redis is unreachable, and 200 again when it returns', async () => {
      const before = await readyWithin(5000);
      expect(before.status).toBe(200);
      expect(before.body.info).toMatchObject({
        database: { status: 'up' },
        redis: { status: 'up' },
      });

      await proxy.down();
      const during = await t.http().get('/health/ready');
      expect(during.status).toBe(503);
      expect(during.body.error.redis.status).toBe('down');
      expect(during.body.info.database.status).toBe('up');

      await proxy.up();
      const after = await readyWithin(10_000);
      expect(after.status).toBe(200);
      expect(after.body.info.redis.status).toBe('up');
    });
  });
});
