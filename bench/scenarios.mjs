// Benchmark scenarios: each hits the API and the bare baseline with the same work.
// `target` is the minimum ratio (API requests/s ÷ baseline requests/s) we aim for.
export const scenarios = [
  {
    name: 'health-live',
    method: 'GET',
    api: '/health/live',
    baseline: '/health/live',
    target: 0.9,
  },
  {
    name: 'health-ready (PostgreSQL + Redis)',
    method: 'GET',
    api: '/health/ready',
    baseline: '/health/ready',
    target: 0.8,
  },
  {
    name: 'users-me (JWT + one row)',
    method: 'GET',
    api: '/api/v1/users/me',
    baseline: '/users/me',
    headers: (ctx) => ({ authorization: `Bearer ${ctx.token}` }),
    target: 0.8,
  },
  {
    name: 'tutors by subject, best rated',
    method: 'GET',
    api: '/api/v1/tutors?subject=bench-subject-3&sort=-rating',
    baseline: '/tutors?subject=bench-subject-3&sort=-rating',
    target: 0.8,
  },
  {
    name: 'tutors text search',
    method: 'GET',
    api: '/api/v1/tutors?q=word42',
    baseline: '/tutors?q=word42',
    target: 0.8,
  },
  {
    name: 'login (argon2id verify)',
    method: 'POST',
    api: '/api/v1/auth/login',
    baseline: '/auth/login',
    body: (ctx) => JSON.stringify({ email: ctx.email, password: ctx.password }),
    headers: () => ({ 'content-type': 'application/json' }),
    connections: 4,
    target: 0.8,
  },
  {
    name: 'slots, 31 days, 200 bookings',
    method: 'GET',
    api: (ctx) =>
      `/api/v1/tutors/${ctx.slotsTutor}/slots?from=${ctx.from}&to=${ctx.to}&duration=60`,
    // The baseline reads the same rows; the slot maths is the difference being measured.
    baseline: (ctx) => `/tutors/${ctx.slotsTutor}/calendar?from=${ctx.from}&to=${ctx.to}`,
    target: 0.8,
  },
  {
    name: 'book distinct free slots',
    method: 'POST',
    api: '/api/v1/bookings',
    baseline: '/bookings',
    headers: (ctx) => ({
      'content-type': 'application/json',
      authorization: `Bearer ${ctx.token}`,
    }),
    // Each request takes the next hour of an open tutor; the baseline inserts under the same constraint.
    request: (ctx, side) => {
      ctx.next ??= { api: 0, baseline: 0 };
      const hour = (ctx.next[side] += 1);
      const startsAt = new Date(
        Math.ceil(Date.now() / 3_600_000) * 3_600_000 + (24 + hour) * 3_600_000,
      ).toISOString();
      const tutorId = side === 'api' ? ctx.bookingTutor : ctx.baselineBookingTutor;
      return JSON.stringify({ tutorId, subjectId: ctx.subject, startsAt, durationMinutes: 60 });
    },
    noWarmup: true,
    connections: 10,
    target: 0.75,
  },
];
