import { DependencyUnavailableError, unavailableDependency } from './dependency-errors.js';

describe('unavailableDependency', () => {
  it('names PostgreSQL for a terminated, refused or closed connection', () => {
    const terminated = Object.assign(
      new Error('terminating connection due to administrator command'),
      {
        code: '57P01',
      },
    );
    expect(unavailableDependency(terminated)).toBe('database');
    expect(unavailableDependency({ message: 'query failed', driverError: terminated })).toBe(
      'database',
    );
    expect(unavailableDependency(Object.assign(new Error('refused'), { code: '08006' }))).toBe(
      'database',
    );
    expect(unavailableDependency(new Error('Connection terminated unexpectedly'))).toBe('database');
  });

  it('names Redis for an offline connection or our own refusal', () => {
    expect(
      unavailableDependency(
        new Error("Stream isn't writeable and enableOfflineQueue options is false"),
      ),
    ).toBe('redis');
    expect(unavailableDependency(new DependencyUnavailableError('redis'))).toBe('redis');
  });

  it('names nothing for other failures, constraint violations included', () => {
    expect(
      unavailableDependency(Object.assign(new Error('duplicate'), { code: '23505' })),
    ).toBeNull();
    expect(unavailableDependency(new Error('Something else'))).toBeNull();
    expect(unavailableDependency(null)).toBeNull();
  });
});
