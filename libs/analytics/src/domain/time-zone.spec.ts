import { addDays, isTimeZone, localDateOf, startOfLocalDay } from './time-zone.js';

describe('time zones', () => {
  it('knows IANA names and refuses offsets and nonsense', () => {
    expect(isTimeZone('Europe/Berlin')).toBe(true);
    expect(isTimeZone('UTC')).toBe(true);
    expect(isTimeZone('America/Argentina/Buenos_Aires')).toBe(true);
    expect(isTimeZone('Etc/GMT+5')).toBe(true);
    expect(isTimeZone('Mars/Olympus_Mons')).toBe(false);
    expect(isTimeZone('+01:00')).toBe(false);
    expect(isTimeZone('')).toBe(false);
    expect(isTimeZone("Europe/Berlin'; DROP")).toBe(false);
  });

  it('starts a local day at its midnight, across the spring and autumn DST changes in Berlin', () => {
    expect(startOfLocalDay('2026-03-29', 'Europe/Berlin').toISOString()).toBe(
      '2026-03-28T23:00:00.000Z',
    );
    expect(startOfLocalDay('2026-03-30', 'Europe/Berlin').toISOString()).toBe(
      '2026-03-29T22:00:00.000Z',
    );
    expect(startOfLocalDay('2026-10-25', 'Europe/Berlin').toISOString()).toBe(
      '2026-10-24T22:00:00.000Z',
    );
    expect(startOfLocalDay('2026-10-26', 'Europe/Berlin').toISOString()).toBe(
      '2026-10-25T23:00:00.000Z',
    );
    expect(startOfLocalDay('2026-03-29', 'UTC').toISOString()).toBe('2026-03-29T00:00:00.000Z');
    expect(startOfLocalDay('2026-03-08', 'America/New_York').toISOString()).toBe(
      '2026-03-08T05:00:00.000Z',
    );
    expect(startOfLocalDay('2026-03-09', 'America/New_York').toISOString()).toBe(
      '2026-03-09T04:00:00.000Z',
    );
  });

  it('so the day of a DST change is 23 hours in spring and 25 in autumn', () => {
    const hours = (date: string) =>
      (startOfLocalDay(addDays(date, 1), 'Europe/Berlin').getTime() -
        startOfLocalDay(date, 'Europe/Berlin').getTime()) /
      3_600_000;
    expect(hours('2026-03-29')).toBe(23);
    expect(hours('2026-10-25')).toBe(25);
    expect(hours('2026-07-01')).toBe(24);
  });

  it('reads the local date of an instant', () => {
    expect(localDateOf(new Date('2026-03-28T23:30:00Z'), 'Europe/Berlin')).toBe('2026-03-29');
    expect(localDateOf(new Date('2026-03-28T23:30:00Z'), 'UTC')).toBe('2026-03-28');
    expect(localDateOf(new Date('2026-03-28T02:00:00Z'), 'America/Los_Angeles')).toBe('2026-03-27');
  });
});
