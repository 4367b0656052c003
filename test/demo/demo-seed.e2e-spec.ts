import { seedDemoData } from '../../scripts/demo-data.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

const PASSWORD = 'demo-password-2026';

async function login(t: TestApp, email: string): Promise<string> {
  const res = await t.http().post('/api/v1/auth/login').send({ email, password: PASSWORD });
  expect(res.status).toBe(200);
  return res.body.accessToken as string;
}

const count = async (t: TestApp, table: string): Promise<number> =>
  (await t.dataSource.query(`SELECT count(*)::int AS n FROM ${table}`))[0].n;

describe('demo data (npm run seed / npm run dev)', () => {
  let t: TestApp;
  let firstLines: string[];

  beforeAll(async () => {
    t = await startTestApp();
    firstLines = await seedDemoData(t.dataSource);
  });
  afterAll(() => t.close());

  it('is idempotent: a second run creates no row', async () => {
    const tables = [
      'identity.users',
      'tutoring.tutors',
      'tutoring.tutor_revisions',
      'tutoring.lessons',
      'tutoring.reviews',
      'scheduling.availability',
      'scheduling.time_off',
      'scheduling.bookings',
      'scheduling.booking_history',
    ];
    const before = await Promise.all(tables.map((table) => count(t, table)));
    const second = await seedDemoData(t.dataSource);
    expect(await Promise.all(tables.map((table) => count(t, table)))).toEqual(before);
    expect(second.join('\n')).toMatch(/0 demo accounts created/);
    expect(second.join('\n')).toMatch(/0 bookings created/);
  });

  it('prints the demo accounts, the password and what to try first', () => {
    const text = firstLines.join('\n');
    for (const email of [
      'admin@etutors.demo',
      'ada.tutor@etutors.demo',
      'sam.student@etutors.demo',
    ])
      expect(text).toContain(email);
    expect(text).toContain(PASSWORD);
    expect(text).toMatch(/What to try first/);
  });

  it('lists approved tutors with distinct ratings, so sorting by rating shows', async () => {
    const res = await t.http().get('/api/v1/tutors?sort=-rating&limit=100');
    expect(res.status).toBe(200);
    const averages = (res.body.data as { rating: { average: number | null } }[]).map(
      (tutor) => tutor.rating.average,
    );
    expect(averages.length).toBeGreaterThanOrEqual(4);
    expect(new Set(averages).size).toBe(averages.length);
    expect([...averages].sort((a, b) => Number(b) - Number(a))).toEqual(averages);
  });

  it('gives every approved tutor free slots in the coming week, in their own time zone', async () => {
    const tutors = (await t.http().get('/api/v1/tutors?limit=100')).body.data as { id: string }[];
    const from = new Date(Date.now() + 3600_000);
    const to = new Date(from.getTime() + 7 * 24 * 3600_000);
    const zones = new Set<string>();
    for (const tutor of tutors) {
      const slots = await t
        .http()
        .get(`/api/v1/tutors/${tutor.id}/slots`)
        .query({ from: from.toISOString(), to: to.toISOString(), duration: 60 });
      expect(slots.status).toBe(200);
      expect(slots.body.length).toBeGreaterThan(0);
      zones.add((await t.http().get(`/api/v1/tutors/${tutor.id}`)).body.timezone);
    }
    expect(zones.size).toBe(tutors.length);
  });

  it('has bookings in every state, and each lesson belongs to a real booking', async () => {
    const bookingStates = (
      await t.dataSource.query('SELECT DISTINCT status FROM scheduling.bookings ORDER BY status')
    ).map((row: { status: string }) => row.status);
    expect(bookingStates).toEqual([
      'cancelled',
      'completed',
      'confirmed',
      'expired',
      'pending_payment',
    ]);
    const lessonStates = (
      await t.dataSource.query('SELECT DISTINCT status FROM tutoring.lessons ORDER BY status')
    ).map((row: { status: string }) => row.status);
    expect(lessonStates).toEqual(['cancelled', 'completed', 'no_show', 'scheduled']);
    // Each lesson's booking exists with the same people and times (compared across schemas by id only here).
    const lessons = (await t.dataSource.query(
      'SELECT booking_id, tutor_id, student_id, starts_at FROM tutoring.lessons',
    )) as { booking_id: string; tutor_id: string; student_id: string; starts_at: Date }[];
    const bookings = new Map(
      (
        (await t.dataSource.query(
          'SELECT id, tutor_id, student_id, starts_at, status FROM scheduling.bookings',
        )) as {
          id: string;
          tutor_id: string;
          student_id: string;
          starts_at: Date;
          status: string;
        }[]
      ).map((row) => [row.id, row]),
    );
    for (const lesson of lessons) {
      const booking = bookings.get(lesson.booking_id);
      expect(booking).toMatchObject({ tutor_id: lesson.tutor_id, student_id: lesson.student_id });
      expect(booking!.starts_at.getTime()).toBe(lesson.starts_at.getTime());
    }
    // Reviews sit on completed lessons only.
    const [{ n: misplaced }] = await t.dataSource.query(
      `SELECT count(*)::int AS n FROM tutoring.reviews r JOIN tutoring.lessons l ON l.id = r.lesson_id WHERE l.status <> 'completed'`,
    );
    expect(misplaced).toBe(0);
  });

  it('shows the student their bookings and lessons, and leaves one completed lesson to review', async () => {
    const token = await login(t, 'sam.student@etutors.demo');
    const auth = { authorization: `Bearer ${token}` };
    const bookings = await t.http().get('/api/v1/bookings?limit=100').set(auth);
    expect(bookings.status).toBe(200);
    expect(bookings.body.data.length).toBeGreaterThan(5);
    const lessons = await t.http().get('/api/v1/lessons?status=completed&limit=100').set(auth);
    expect(lessons.status).toBe(200);
    const reviewable = [];
    for (const lesson of lessons.body.data as { id: string }[]) {
      const res = await t
        .http()
        .post(`/api/v1/lessons/${lesson.id}/review`)
        .set(auth)
        .send({ rating: 5, comment: 'Great' });
      if (res.status === 201) reviewable.push(lesson.id);
      else expect(res.status).toBe(409);
    }
    expect(reviewable.length).toBeGreaterThanOrEqual(1);
  });

  it('gives the admin a pending profile and a pending revision to review', async () => {
    const token = await login(t, 'admin@etutors.demo');
    const res = await t
      .http()
      .get('/api/v1/admin/tutors?status=pending&limit=100')
      .set({ authorization: `Bearer ${token}` });
    expect(res.status).toBe(200);
    const rows = res.body.data as {
      status: string;
      pendingRevision: { status: string; headline: string } | null;
    }[];
    // The first profile of a new tutor, and an approved tutor's edit.
    expect(rows.some((row) => row.status === 'pending')).toBe(true);
    expect(
      rows.some((row) => row.status === 'approved' && row.pendingRevision?.status === 'pending'),
    ).toBe(true);
  });
});
