import { isISO8601, ValidateBy, type ValidationOptions } from 'class-validator';

/** Date, time and an explicit offset (`Z` or `±hh:mm`); seconds and fractions optional. */
const DATE_TIME_WITH_OFFSET =
  /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:?\d{2})$/;

/** A calendar date alone (`2026-12-01`), which JavaScript reads as 00:00 UTC. */
const CALENDAR_DATE = /^\d{4}-\d{2}-\d{2}$/;

/**
 * True if `value` is in one of `shapes` and names a real moment (no 30 February, no 25:00) that
 * `new Date(value)` reads as written. ISO 8601 alone is not enough: it allows week dates
 * (`2026-W01-1`), ordinal dates and the basic format (`20261201T090000Z`), which JavaScript
 * cannot parse, and an Invalid Date would reach SQL.
 */
function isReadableInstant(value: unknown, shapes: RegExp[]): boolean {
  return (
    typeof value === 'string' &&
    shapes.some((shape) => shape.test(value)) &&
    isISO8601(value, { strict: true, strictSeparator: true }) &&
    Number.isFinite(Date.parse(value))
  );
}

/**
 * An instant in ISO 8601: a date-time with its UTC offset. A time without one names no instant
 * (whose 09:00?), so it is refused rather than read as UTC or as the server's zone. Every
 * date-time a request carries, in a body or a query, is checked by this one rule.
 */
export const IsInstant = (options?: ValidationOptions) =>
  ValidateBy(
    {
      name: 'isInstant',
      validator: {
        validate: (value) => isReadableInstant(value, [DATE_TIME_WITH_OFFSET]),
        defaultMessage: () =>
          '$property must be a date-time with an offset, e.g. 2026-12-01T09:00:00Z',
      },
    },
    options,
  );

/**
 * A bound of a date filter (`from`, `to`): an instant as {@link IsInstant} reads it, or a
 * calendar date alone, meaning that day at 00:00 UTC.
 */
export const IsInstantOrDate = (options?: ValidationOptions) =>
  ValidateBy(
    {
      name: 'isInstantOrDate',
      validator: {
        validate: (value) => isReadableInstant(value, [DATE_TIME_WITH_OFFSET, CALENDAR_DATE]),
        defaultMessage: () =>
          '$property must be a date-time with an offset (2026-12-01T09:00:00Z) or a date (2026-12-01)',
      },
    },
    options,
  );
