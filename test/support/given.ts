import { randomBytes } from 'node:crypto';
import type { TestApp } from './test-app.js';

export interface Actor {
  id: string;
  email: string;
  password: string;
  displayName: string;
  token: string;
  auth: { authorization: string };
}

export const ADMIN_EMAIL = 'root-admin@etutors.test';
export const ADMIN_PASSWORD = 'correct horse battery staple admin';

/** Environment for a test app that bootstraps an admin (see `given.admin()`). */
export const WITH_ADMIN = {
  BOOTSTRAP_ADMIN_EMAIL: ADMIN_EMAIL,
  BOOTSTRAP_ADMIN_PASSWORD: ADMIN_PASSWORD,
};

const unique = () => randomBytes(4).toString('hex');

/**
 * Story-telling factories that go through the public API, as a client would:
 * `const tutor = await given(t).approvedTutor({ rate: 4000 })`.
 */
export function given(t: TestApp) {
  const actor = (body: {
    id: string;
    email: string;
    password: string;
    displayName: string;
    token: string;
  }): Actor => ({
    ...body,
    auth: { authorization: `Bearer ${body.token}` },
  });

  async function register(
    role: 'student' | 'tutor',
    displayName = `${role} ${unique()}`,
  ): Promise<Actor> {
    const email = `${role}-${unique()}@etutors.test`;
    const password = `pw-${unique()}-${unique()}-long`;
    const res = await t
      .http()
      .post('/api/v1/auth/register')
      .send({ email, password, displayName, role });
    if (res.status !== 201)
      throw new Error(`register failed: ${res.status} ${JSON.stringify(res.body)}`);
    return actor({
      id: res.body.user.id,
      email,
      password,
      displayName,
      token: res.body.accessToken,
    });
  }

  const self = {
    student: (displayName?: string) => register('student', displayName),
    tutor: (displayName?: string) => register('tutor', displayName),

    /** The bootstrap admin (start the app with `env: WITH_ADMIN`). */
    async admin(): Promise<Actor> {
      const res = await t
        .http()
        .post('/api/v1/auth/login')
        .send({ email: ADMIN_EMAIL, password: ADMIN_PASSWORD });
      if (res.status !== 200)
        throw new Error(`admin login failed: ${res.status} ${JSON.stringify(res.body)}`);
      return actor({
        id: res.body.user.id,
        email: ADMIN_EMAIL,
        password: ADMIN_PASSWORD,
        displayName: 'Admin',
        token: res.body.accessToken,
      });
    },

    async subject(
      admin: Actor,
      slug = `subject-${unique()}`,
      name = `Subject ${slug}`,
      category = 'Testing',
    ) {
      const res = await t
        .http()
        .post('/api/v1/subjects')
        .set(admin.auth)
        .send({ slug, name, category });
      if (res.status !== 201)
        throw new Error(`subject failed: ${res.status} ${JSON.stringify(res.body)}`);
      return res.body as { id: string; slug: string; name: string; category: string };
    },

    /** A tutor whose profile an admin approved. */
    async approvedTutor(
      admin: Actor,
      profile: {
        subjectIds: string[];
        rate?: number;
        currency?: string;
        languages?: string[];
        headline?: string;
        bio?: string;
        timezone?: string;
        displayName?: string;
      },
    ): Promise<Actor> {
      const tutor = await self.tutor(profile.displayName);
      const put = await t
        .http()
        .put('/api/v1/tutors/me')
        .set(tutor.auth)
        .send({
          headline: profile.headline ?? 'Patient and precise',
          bio: profile.bio ?? 'I teach with worked examples.',
          subjectIds: profile.subjectIds,
          hourlyRate: { amount: profile.rate ?? 4000, currency: profile.currency ?? 'USD' },
          languages: profile.languages ?? ['en'],
          timezone: profile.timezone ?? 'Europe/Berlin',
        });
      if (put.status !== 200)
        throw new Error(`profile failed: ${put.status} ${JSON.stringify(put.body)}`);
      const review = await t
        .http()
        .patch(`/api/v1/admin/tutors/${tutor.id}`)
        .set(admin.auth)
        .send({ status: 'approved' });
      if (review.status !== 200)
        throw new Error(`approval failed: ${review.status} ${JSON.stringify(review.body)}`);
      return tutor;
    },
  };
  return self;
}
