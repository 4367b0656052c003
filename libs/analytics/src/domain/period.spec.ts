import { MAX_PERIOD_DAYS, periodOf, previousPeriod, type PeriodRule } from './period.js';

const DAILY: PeriodRule = { alignment: 'utc-day', defaultLength: 30, maxDays: MAX_PERIOD_DAYS };
const MONTHLY: PeriodRule = { alignment: 'utc-month', defaultLength: 12, maxDays: MAX_PERIOD_DAYS };
const now = new Date('2026-04-15T13:45:00Z');
const iso = (value: ReturnType<typeof periodOf>) =>
  Array.isArray(value) ? value : { from: value.from.toISOString(), to: value.to.toISOString() };

describe('periodOf', () => {
  it('defaults to the last 30 days, today included', () => {
    expect(iso(periodOf({}, now, DAILY))).toEqual({
      from: '2026-03-17T00:00:00.000Z',
      to: '2026-04-16T00:00:00.000Z',
    });
  });

  it('reads dates and UTC-midnight instants, and fills a missing bound', () => {
    expect(iso(periodOf({ from: '2026-03-01', to: '2026-04-01T00:00:00Z' }, now, DAILY))).toEqual({
      from: '2026-03-01T00:00:00.000Z',
      to: '2026-04-01T00:00:00.000Z',
    });
    expect(iso(periodOf({ to: '2026-03-01' }, now, DAILY))).toEqual({
      from: '2026-01-30T00:00:00.000Z',
      to: '2026-03-01T00:00:00.000Z',
    });
    expect(iso(periodOf({ from: '2026-04-01' }, now, DAILY))).toEqual({
      from: '2026-04-01T00:00:00.000Z',
      to: '2026-04-16T00:00:00.000Z',
    });
  });

  it('refuses a bound off a UTC midnight, naming the field and why', () => {
    expect(
      periodOf({ from: '2026-03-01T00:00:00+01:00', to: '2026-04-01T12:00:00Z' }, now, DAILY),
    ).toEqual([
      { field: 'from', message: expect.stringContaining('00:00 UTC') },
      { field: 'to', message: expect.stringContaining('00:00 UTC') },
    ]);
  });

  it('refuses an end not after the start, and a span over the maximum', () => {
    expect(periodOf({ from: '2026-03-01', to: '2026-03-01' }, now, DAILY)).toEqual([
      { field: 'to', message: 'to must be after from' },
    ]);
    expect(periodOf({ from: '2026-05-01' }, now, DAILY)).toEqual([
      { field: 'to', message: 'to must be after from' },
    ]);
    expect(periodOf({ from: '2024-01-01', to: '2026-01-02' }, now, DAILY)).toEqual([
      { field: 'to', message: 'the period must not be longer than 731 days' },
    ]);
    expect(Array.isArray(periodOf({ from: '2024-01-01', to: '2026-01-01' }, now, DAILY))).toBe(
      false,
    );
  });

  it('for months: the first of a month, by default the last twelve including this one', () => {
    expect(iso(periodOf({}, now, MONTHLY))).toEqual({
      from: '2025-05-01T00:00:00.000Z',
      to: '2026-05-01T00:00:00.000Z',
    });
    expect(periodOf({ from: '2026-01-15' }, now, MONTHLY)).toEqual([
      { field: 'from', message: expect.stringContaining('first day of a month') },
    ]);
  });

  it('reads a bare date at midnight in the rule’s zone, for any instant', () => {
    const berlin: PeriodRule = {
      alignment: 'instant',
      defaultLength: 30,
      maxDays: 731,
      timeZone: 'Europe/Berlin',
    };
    expect(iso(periodOf({ from: '2026-03-28', to: '2026-03-31' }, now, berlin))).toEqual({
      from: '2026-03-27T23:00:00.000Z',
      to: '2026-03-30T22:00:00.000Z',
    });
    expect(iso(periodOf({}, now, berlin))).toEqual({
      from: '2026-03-16T23:00:00.000Z',
      to: '2026-04-15T22:00:00.000Z',
    });
  });
});

describe('previousPeriod', () => {
  it('is the period of equal length just before', () => {
    const previous = previousPeriod({
      from: new Date('2026-03-01T00:00:00Z'),
      to: new Date('2026-03-31T00:00:00Z'),
    });
    expect(previous).toEqual({
      from: new Date('2026-01-30T00:00:00Z'),
      to: new Date('2026-03-01T00:00:00Z'),
    });
  });
});
