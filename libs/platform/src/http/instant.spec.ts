import { IsOptional, validateSync } from 'class-validator';
import { IsInstant, IsInstantOrDate } from './instant.js';

class Filter {
  @IsOptional() @IsInstant() at?: string;
  @IsOptional() @IsInstantOrDate() from?: string;
}

const accepts = (fields: Partial<Filter>) =>
  validateSync(Object.assign(new Filter(), fields)).length === 0;

describe('IsInstant and IsInstantOrDate', () => {
  it('accept date-times with an offset, which a Date reads as written', () => {
    for (const at of [
      '2026-12-01T09:00:00Z',
      '2026-12-01T09:00Z',
      '2026-12-01T09:00:00.123456789Z',
      '2026-12-01T10:00:00+01:00',
      '2026-12-01T14:30:00+0530',
    ]) {
      expect({ at, ok: accepts({ at, from: at }) }).toEqual({ at, ok: true });
      expect(Number.isFinite(Date.parse(at))).toBe(true);
    }
  });

  it('refuse ISO 8601 forms a Date cannot read, impossible moments and times without an offset', () => {
    for (const value of [
      '2026-W01-1',
      '20261201T090000Z',
      '2026-335',
      '2026-02-30T09:00:00Z',
      '2026-12-01T24:00:00Z',
      '2026-12-01T09:00:60Z',
      '2026-12-01T09:00:00,5Z',
      '2026-12-01 09:00:00Z',
      '2026-12-01T09:00:00',
      '2026-12',
      'tomorrow',
    ]) {
      expect({ value, ok: accepts({ at: value }) }).toEqual({ value, ok: false });
      expect({ value, ok: accepts({ from: value }) }).toEqual({ value, ok: false });
    }
  });

  it('let a filter bound be a calendar date alone (00:00 UTC), but not an instant', () => {
    expect(accepts({ from: '2026-12-01' })).toBe(true);
    expect(new Date('2026-12-01').toISOString()).toBe('2026-12-01T00:00:00.000Z');
    expect(accepts({ from: '2026-02-30' })).toBe(false);
    expect(accepts({ at: '2026-12-01' })).toBe(false);
  });
});
