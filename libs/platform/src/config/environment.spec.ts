import { ConfigValidationError, validateAllSettings } from './settings.js';

// No context is loaded here: these are the platform's own settings alone.
const valid = { DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/etutors' };

const problemsOf = (raw: Record<string, string>) => {
  try {
    validateAllSettings(raw);
  } catch (error) {
    if (error instanceof ConfigValidationError) return error.problems;
    throw error;
  }
  return [];
};

describe("the platform's settings", () => {
  it('fills documented defaults and converts types', () => {
    const env = validateAllSettings({ ...valid, PORT: '8080', DOCS_ENABLED: 'false' });
    expect(env).toMatchObject({
      NODE_ENV: 'development',
      PORT: 8080,
      WORKER_PORT: 3001,
      DOCS_ENABLED: false,
      OUTBOX_RETENTION_DAYS: 30,
      LOG_LEVEL: 'info',
    });
    expect(env.REDIS_URL).toBeUndefined();
  });

  it('keeps only its own variables, none of a context', () => {
    const env = validateAllSettings({ ...valid, JWT_SECRET: 'x'.repeat(32), PATH: '/bin' });
    expect(env).not.toHaveProperty('JWT_SECRET');
    expect(env).not.toHaveProperty('PATH');
  });

  it('names every missing variable at once', () => {
    expect(problemsOf({})).toEqual(['DATABASE_URL is required']);
    expect(problemsOf({ DATABASE_URL: '' })).toEqual(['DATABASE_URL is required']);
  });

  it('names each wrong value with the variable', () => {
    const problems = problemsOf({
      ...valid,
      PORT: 'eighty',
      REDIS_URL: 'http://x',
      LOG_LEVEL: 'loud',
    });
    expect(problems).toEqual([
      expect.stringMatching(/^PORT: /),
      expect.stringMatching(/^REDIS_URL: /),
      expect.stringMatching(/^LOG_LEVEL: /),
    ]);
  });

  it('reads as one plain message, without a stack worth printing', () => {
    expect(() => validateAllSettings({ PORT: '-1' })).toThrow(
      'Invalid configuration:\n  - PORT: must not be less than 0\n  - DATABASE_URL is required',
    );
  });
});
