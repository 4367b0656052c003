import { applyDecorators } from '@nestjs/common';
import { IsISO8601, Matches } from 'class-validator';

/** Date, time and an explicit offset (`Z` or `±hh:mm`); seconds and fractions optional. */
const DATE_TIME_WITH_OFFSET =
  /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:?\d{2})$/;

/**
 * An instant in ISO 8601: a date-time with its UTC offset. A time without one names no instant
 * (whose 09:00?), so it is refused rather than read as UTC or as the server's zone.
 */
export const IsInstant = () =>
  applyDecorators(
    IsISO8601({ strict: true, strictSeparator: true }),
    Matches(DATE_TIME_WITH_OFFSET, {
      message: '$property must be a date-time with an offset, e.g. 2026-12-01T09:00:00Z',
    }),
  );
