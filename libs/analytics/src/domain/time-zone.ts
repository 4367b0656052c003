import { DAY_MS } from '@etutors/platform';

/** An IANA zone name (`Europe/Berlin`, `UTC`, `Etc/GMT+5`); never a bare offset such as `+01:00`. */
const ZONE_NAME = /^[A-Za-z_]+(?:\/[A-Za-z0-9_+-]+)*$/;

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterOf(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

/**
 * True for a zone name Intl knows. Offsets are refused: PostgreSQL reads `+01:00` in POSIX
 * style (west of Greenwich positive), the opposite of ISO 8601, so the buckets would be wrong.
 */
export function isTimeZone(name: string): boolean {
  if (!ZONE_NAME.test(name)) return false;
  try {
    formatterOf(name);
    return true;
  } catch {
    return false;
  }
}

/** The wall-clock fields of `instant` in `timeZone`, read as if they were UTC. */
function wallClockAsUtc(instant: number, timeZone: string): number {
  const parts = formatterOf(timeZone).formatToParts(new Date(instant));
  const field = (type: Intl.DateTimeFormatPartTypes) =>
    Number(parts.find((part) => part.type === type)?.value);
  return Date.UTC(
    field('year'),
    field('month') - 1,
    field('day'),
    field('hour'),
    field('minute'),
    field('second'),
  );
}

/** How far `timeZone`'s clocks are ahead of UTC at `instant`. */
const offsetAt = (instant: number, timeZone: string) =>
  wallClockAsUtc(instant, timeZone) - Math.floor(instant / 1000) * 1000;

/** The calendar date (`YYYY-MM-DD`) it is in `timeZone` at `instant`. */
export const localDateOf = (instant: Date, timeZone: string): string =>
  new Date(wallClockAsUtc(instant.getTime(), timeZone)).toISOString().slice(0, 10);

/**
 * The instant a local calendar date begins in `timeZone`: its 00:00, found from the zone's
 * offset at that moment (the offset on either side of a DST change may differ, so it is
 * checked once more at the candidate).
 */
export function startOfLocalDay(date: string, timeZone: string): Date {
  const wall = Date.parse(`${date}T00:00:00Z`);
  let instant = wall - offsetAt(wall, timeZone);
  const offset = offsetAt(instant, timeZone);
  if (wall - instant !== offset) instant = wall - offset;
  return new Date(instant);
}

/** The date `days` calendar days after `date` (both `YYYY-MM-DD`). */
export const addDays = (date: string, days: number): string =>
  new Date(Date.parse(`${date}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
