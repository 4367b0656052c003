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
];
