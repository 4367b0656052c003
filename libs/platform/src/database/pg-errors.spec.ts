import { PG_UNIQUE_VIOLATION, pgError } from './pg-errors.js';

describe('pgError', () => {
  const driverError = { code: PG_UNIQUE_VIOLATION, constraint: 'users_email_key' };

  it('reads the driver error TypeORM wraps', () => {
    expect(pgError({ message: 'duplicate key', driverError })).toEqual(driverError);
  });

  it('reads a driver error passed on as it is (SqlReader)', () => {
    expect(pgError({ message: 'duplicate key', ...driverError })).toEqual(driverError);
  });

  it('finds nothing in what is not a query error', () => {
    expect(pgError(new Error('boom'))).toEqual({ code: undefined, constraint: undefined });
    expect(pgError(null)).toEqual({ code: undefined, constraint: undefined });
  });
});
