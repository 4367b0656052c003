import { createHash, randomBytes } from 'node:crypto';
import { CapturingMailer, Mailer } from '@etutors/platform';
import type { UserView } from '../../libs/identity/src/application/user-view.js';
import { eventually, type TestApp } from '../support/test-app.js';

/** Long, uncommon, accepted by the policy. */
export const PASSWORD = 'plum-orbit-candle-42';

export interface Session {
  user: UserView;
  accessToken: string;
  refreshToken: string;
  expiresIn: number;
}

/** SHA-256 in hex, computed here rather than by the code under test: how tokens are stored. */
export const sha256 = (value: string) => createHash('sha256').update(value).digest('hex');

/** A fresh address, mixed case on purpose (the API lower-cases it). */
export const newEmail = (label = 'user') =>
  `${label}-${randomBytes(5).toString('hex')}@Example.com`;

export const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

/** HTTP calls of the identity routes, as a client makes them. `ip` sets X-Forwarded-For. */
export function identity(t: TestApp) {
  const from = (ip?: string) => (ip ? { 'x-forwarded-for': ip } : {});
  const self = {
    register: (body: Record<string, unknown> = {}, ip?: string) =>
      t
        .http()
        .post('/api/v1/auth/register')
        .set(from(ip))
        .send({
          email: newEmail(),
          password: PASSWORD,
          displayName: 'Ada',
          role: 'student',
          ...body,
        }),

    /** Registers and returns the session (fails the test unless 201). */
    async session(body: Record<string, unknown> = {}): Promise<Session> {
      const res = await self.register(body);
      if (res.status !== 201)
        throw new Error(`register: ${res.status} ${JSON.stringify(res.body)}`);
      return res.body as Session;
    },

    login: (email: string, password: string = PASSWORD, ip?: string) =>
      t.http().post('/api/v1/auth/login').set(from(ip)).send({ email, password }),

    refresh: (refreshToken: string) => t.http().post('/api/v1/auth/refresh').send({ refreshToken }),

    logout: (accessToken: string, refreshToken: string) =>
      t.http().post('/api/v1/auth/logout').set(bearer(accessToken)).send({ refreshToken }),

    forgot: (email: string, ip?: string) =>
      t.http().post('/api/v1/auth/password/forgot').set(from(ip)).send({ email }),

    reset: (token: string, password: string) =>
      t.http().post('/api/v1/auth/password/reset').send({ token, password }),

    verify: (token: string) => t.http().post('/api/v1/auth/email/verify').send({ token }),

    me: (accessToken: string) => t.http().get('/api/v1/users/me').set(bearer(accessToken)),

    /** Every captured e-mail to `to` whose subject contains `subject`, oldest first. */
    mails: (to: string, subject: 'Reset' | 'Verify') =>
      (t.get(Mailer) as CapturingMailer).sent.filter(
        (mail) => mail.to === to && mail.subject.includes(subject),
      ),

    /** Waits for the `count`-th such e-mail (the mail job runs asynchronously) and returns its token. */
    async mailedToken(to: string, subject: 'Reset' | 'Verify', count = 1): Promise<string> {
      const mail = await eventually(() => self.mails(to, subject)[count - 1]);
      return mail.text.trim().split('\n').at(-1)!;
    },
  };
  return self;
}
