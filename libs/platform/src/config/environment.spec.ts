import { ConfigValidationError, validateEnvironment } from './environment.js';

const valid = {
  DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/etutors',
  JWT_SECRET: 'x'.repeat(32),
};

const problemsOf = (raw: Record<string, string>) => {
  try {
    validateEnvironment(raw);
  } catch (error) {
    if (error instanceof ConfigValidationError) return error.problems;
    throw error;
  }
  return [];
};

describe('validateEnvironment', () => {
  it('fills documented defaults and converts types', () => {
    const env = validateEnvironment({ ...valid, PORT: '8080', DOCS_ENABLED: 'false' });
    expect(env).toMatchObject({
      PORT: 8080,
      WORKER_PORT: 3001,
      DOCS_ENABLED: false,
      ACCESS_TOKEN_TTL: 900,
      REFRESH_TOKEN_TTL: 2_592_000,
      PLATFORM_FEE_BPS: 1500,
      BOOKING_HOLD_MINUTES: 15,
      OUTBOX_RETENTION_DAYS: 30,
      PAYMENT_PROVIDER: 'sandbox',
      LOG_LEVEL: 'info',
    });
    expect(env.REDIS_URL).toBeUndefined();
  });

  it('names every missing variable at once', () => {
    expect(problemsOf({})).toEqual(['DATABASE_URL is required', 'JWT_SECRET is required']);
  });

  it('names each wrong value with the variable', () => {
    const problems = problemsOf({
      ...valid,
      JWT_SECRET: 'short',
      PORT: 'eighty',
      REDIS_URL: 'http://x',
      LOG_LEVEL: 'loud',
    });
    expect(problems).toEqual(
      expect.arrayContaining([
        'JWT_SECRET: must be at least 32 characters',
        expect.stringMatching(/^PORT: /),
        expect.stringMatching(/^REDIS_URL: /),
        expect.stringMatching(/^LOG_LEVEL: /),
      ]),
    );
  });

  it('requires an encryption key in production and Stripe secrets with the Stripe provider', () => {
    expect(problemsOf({ ...valid, NODE_ENV: 'production', PAYMENT_PROVIDER: 'stripe' })).toEqual([
      'DATA_ENCRYPTION_KEY is required in production',
      'STRIPE_SECRET_KEY and STRIPE_WEBHOOK_SECRET are required when PAYMENT_PROVIDER=stripe',
    ]);
    expect(problemsOf({ ...valid, DATA_ENCRYPTION_KEY: 'too-short' })).toEqual([
      'DATA_ENCRYPTION_KEY: must be 32 bytes, base64',
    ]);
    expect(problemsOf({ ...valid, JWT_SECRET: '' })).toEqual(['JWT_SECRET is required']);
  });

  it('reads as one plain message, without a stack worth printing', () => {
    expect(() => validateEnvironment({})).toThrow(
      'Invalid configuration:\n  - DATABASE_URL is required\n  - JWT_SECRET is required',
    );
  });
});
