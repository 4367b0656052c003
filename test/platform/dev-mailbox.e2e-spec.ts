import { Writable } from 'node:stream';
import { eventually, startTestApp, type TestApp } from '../support/test-app.js';

const PASSWORD = 'plum-orbit-candle-42';
const NEW_PASSWORD = 'amber-kettle-violin-77';

interface Captured {
  to: string;
  subject: string;
  text: string;
  capturedAt: string;
}

const register = (t: TestApp, email: string) =>
  t
    .http()
    .post('/api/v1/auth/register')
    .send({ email, password: PASSWORD, displayName: 'Mia', role: 'student' });

/** The newest single-use token in a captured message: the last non-empty line of its text. */
const tokenIn = (mail: Captured) => mail.text.trim().split('\n').at(-1)!.trim();

describe('dev mailbox (captured e-mail, SMTP_URL unset)', () => {
  it('shows the full text of captured e-mails, so a password reset works end to end', async () => {
    const t = await startTestApp();
    try {
      const email = `mia-${Date.now()}@example.com`;
      expect((await register(t, email)).status).toBe(201);
      expect((await t.http().post('/api/v1/auth/password/forgot').send({ email })).status).toBe(
        202,
      );
      const reset = await eventually(async () => {
        const res = await t.http().get('/api/v1/dev/mailbox').query({ to: email });
        expect(res.status).toBe(200);
        return (res.body.data as Captured[]).find((mail) => /reset/i.test(mail.subject));
      });
      expect(reset.to).toBe(email);
      expect(reset.text).toMatch(/reset the password/);
      const done = await t
        .http()
        .post('/api/v1/auth/password/reset')
        .send({ token: tokenIn(reset), password: NEW_PASSWORD });
      expect(done.status).toBe(204);
      const login = await t
        .http()
        .post('/api/v1/auth/login')
        .send({ email, password: NEW_PASSWORD });
      expect(login.status).toBe(200);

      // Only that address's mail when asked for one; other addresses see none of it.
      const other = await t.http().get('/api/v1/dev/mailbox').query({ to: 'nobody@example.com' });
      expect(other.body.data).toEqual([]);
    } finally {
      await t.close();
    }
  });

  it('logs captured e-mail in full at info level outside production', async () => {
    const lines: string[] = [];
    const sink = new Writable({
      write(chunk: Buffer, _encoding, done) {
        lines.push(...chunk.toString().split('\n').filter(Boolean));
        done();
      },
    });
    const { CapturingMailer } = await import('@etutors/platform');
    const { pino } = await import('pino');
    const { PinoNestLogger } = await import('@etutors/platform');
    const { Logger } = await import('@nestjs/common');
    Logger.overrideLogger(new PinoNestLogger(pino({ level: 'info' }, sink)));
    try {
      await new CapturingMailer(true).send({
        to: 'a@example.com',
        subject: 'Hi',
        text: 'TOKEN-123',
      });
      await new CapturingMailer(false).send({
        to: 'b@example.com',
        subject: 'Hi',
        text: 'TOKEN-456',
      });
    } finally {
      Logger.overrideLogger(false);
    }
    const entries = lines.map((line) => JSON.parse(line) as { level: number; msg: string });
    expect(entries.find((entry) => entry.msg.includes('a@example.com'))).toMatchObject({
      level: 30,
      msg: expect.stringContaining('TOKEN-123'),
    });
    // Production keeps single-use tokens out of the log.
    expect(entries.some((entry) => entry.msg.includes('TOKEN-456'))).toBe(false);
    expect(entries.some((entry) => entry.msg.includes('b@example.com'))).toBe(true);
  });

  it('is absent in production', async () => {
    const t = await startTestApp({
      env: {
        NODE_ENV: 'production',
        DATA_ENCRYPTION_KEY: Buffer.alloc(32, 7).toString('base64'),
      },
    });
    try {
      const res = await t.http().get('/api/v1/dev/mailbox');
      expect(res.status).toBe(404);
      expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
      // The API itself is up: the 404 is the route's absence, not a broken app.
      expect((await t.http().get('/health/live')).status).toBe(200);
    } finally {
      await t.close();
    }
  });
});
