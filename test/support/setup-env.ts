// Defaults every e2e worker starts from; a test may override before building its app.
process.env.NODE_ENV = 'test';
process.env.JWT_SECRET ??= 'test-secret-that-is-at-least-32-characters-long';
process.env.LOG_LEVEL ??= 'silent';
process.env.JOBS_BACKOFF_MS ??= '20';
process.env.OUTBOX_POLL_MS ??= '100';
process.env.JOBS_PROCESS_IN_API = 'true';
// Every test user signs up from 127.0.0.1: the rate-limit tests set their own small limits.
process.env.RATE_LIMIT_SIGNUP_PER_IP ??= '100000';
process.env.RATE_LIMIT_LOGIN_PER_IP ??= '100000';
