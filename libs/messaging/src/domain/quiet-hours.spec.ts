import { DEFAULT_QUIET_HOURS, deferPastQuietHours, quietHoursEnd } from './quiet-hours.js';

const at = (iso: string) => new Date(iso);

describe('quiet hours', () => {
  it.each([
    // [instant, zone, window, end of the window or null]
    ['2026-03-10T21:59:59Z', 'UTC', DEFAULT_QUIET_HOURS, null],
    ['2026-03-10T22:00:00Z', 'UTC', DEFAULT_QUIET_HOURS, '2026-03-11T08:00:00.000Z'],
    ['2026-03-10T23:30:00Z', 'UTC', DEFAULT_QUIET_HOURS, '2026-03-11T08:00:00.000Z'],
    ['2026-03-11T03:00:00Z', 'UTC', DEFAULT_QUIET_HOURS, '2026-03-11T08:00:00.000Z'],
    ['2026-03-11T07:59:00Z', 'UTC', DEFAULT_QUIET_HOURS, '2026-03-11T08:00:00.000Z'],
    ['2026-03-11T08:00:00Z', 'UTC', DEFAULT_QUIET_HOURS, null],
    ['2026-03-11T12:00:00Z', 'UTC', DEFAULT_QUIET_HOURS, null],
    // Berlin is UTC+1 in March: 21:30 UTC is 22:30 there, quiet until 08:00 Berlin = 07:00 UTC.
    ['2026-03-10T21:30:00Z', 'Europe/Berlin', DEFAULT_QUIET_HOURS, '2026-03-11T07:00:00.000Z'],
    // 22:30 UTC is only 17:30 in New York: not quiet there.
    ['2026-03-10T22:30:00Z', 'America/New_York', DEFAULT_QUIET_HOURS, null],
    // A window within one day.
    ['2026-03-10T13:15:00Z', 'UTC', { start: '13:00', end: '14:00' }, '2026-03-10T14:00:00.000Z'],
    ['2026-03-10T14:00:00Z', 'UTC', { start: '13:00', end: '14:00' }, null],
    ['2026-03-10T12:59:00Z', 'UTC', { start: '13:00', end: '14:00' }, null],
    // An empty window is no window.
    ['2026-03-10T13:00:00Z', 'UTC', { start: '13:00', end: '13:00' }, null],
  ])('%s in %s with %j ends at %s', (instant, zone, window, expected) => {
    expect(quietHoursEnd(at(instant), window, zone)?.toISOString() ?? null).toBe(expected);
  });

  it('ends at the local wall time across a DST change (Berlin springs forward on 29 March 2026)', () => {
    // 23:00 on 28 March is UTC+1; 08:00 on 29 March is already UTC+2.
    expect(
      quietHoursEnd(
        at('2026-03-28T22:00:00Z'),
        DEFAULT_QUIET_HOURS,
        'Europe/Berlin',
      )?.toISOString(),
    ).toBe('2026-03-29T06:00:00.000Z');
  });

  it('reads an unknown zone as UTC rather than failing', () => {
    expect(
      quietHoursEnd(at('2026-03-10T23:00:00Z'), DEFAULT_QUIET_HOURS, 'Mars/Olympus')?.toISOString(),
    ).toBe('2026-03-11T08:00:00.000Z');
  });

  it('defers to the end of the window, and leaves other times and no window alone', () => {
    const night = at('2026-03-10T23:00:00Z');
    expect(deferPastQuietHours(night, DEFAULT_QUIET_HOURS, 'UTC').toISOString()).toBe(
      '2026-03-11T08:00:00.000Z',
    );
    expect(deferPastQuietHours(night, null, 'UTC')).toBe(night);
    const noon = at('2026-03-10T12:00:00Z');
    expect(deferPastQuietHours(noon, DEFAULT_QUIET_HOURS, 'UTC')).toBe(noon);
  });
});
