import { foldLine, renderCalendar } from './icalendar.js';

describe('renderCalendar', () => {
  it('writes a valid VCALENDAR with UTC times, UID, DTSTAMP and CRLF line ends', () => {
    const ics = renderCalendar(
      [
        {
          uid: 'b1@etutors',
          start: new Date('2026-06-01T09:00:00Z'),
          end: new Date('2026-06-01T10:00:00Z'),
          stamp: new Date('2026-05-01T12:30:00Z'),
          summary: 'Lesson; with, commas',
        },
      ],
      new Date('2026-05-02T00:00:00Z'),
    );
    expect(ics.startsWith('BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:')).toBe(true);
    expect(ics).toContain('\r\nUID:b1@etutors\r\n');
    expect(ics).toContain('\r\nDTSTAMP:20260501T123000Z\r\n');
    expect(ics).toContain('\r\nDTSTART:20260601T090000Z\r\nDTEND:20260601T100000Z\r\n');
    expect(ics).toContain('SUMMARY:Lesson\\; with\\, commas');
    expect(ics.endsWith('END:VCALENDAR\r\n')).toBe(true);
    expect(ics.replace(/\r\n/g, '')).not.toMatch(/\n/);
  });

  it('folds lines longer than 75 octets without splitting characters', () => {
    const line = `SUMMARY:${'é'.repeat(80)}`;
    const folded = foldLine(line);
    const parts = folded.split('\r\n ');
    expect(parts.length).toBeGreaterThan(1);
    expect(parts.every((part) => Buffer.byteLength(part) <= 75)).toBe(true);
    expect(parts.join('')).toBe(line);
  });
});
