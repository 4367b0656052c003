import { formatLessonTime, formatMinorUnits, receiptContent } from './receipt-content.js';
import { receiptNumber, receiptYear } from './receipt-number.js';

describe('receipt numbers', () => {
  it('are the year and a sequence of at least six digits', () => {
    expect(receiptNumber(2026, 1)).toBe('2026-000001');
    expect(receiptNumber(2026, 123456)).toBe('2026-123456');
    expect(receiptNumber(2026, 1234567)).toBe('2026-1234567');
  });

  it('run per UTC year', () => {
    expect(receiptYear(new Date('2026-12-31T23:59:59Z'))).toBe(2026);
    expect(receiptYear(new Date('2027-01-01T00:00:00Z'))).toBe(2027);
  });
});

describe('formatMinorUnits', () => {
  it('places the decimal point by the currency', () => {
    expect(formatMinorUnits(6000, 'USD')).toBe('60.00 USD');
    expect(formatMinorUnits(5, 'EUR')).toBe('0.05 EUR');
    expect(formatMinorUnits(123456789, 'EUR')).toBe('1,234,567.89 EUR');
    expect(formatMinorUnits(4500, 'JPY')).toBe('4,500 JPY');
    expect(formatMinorUnits(1500, 'KWD')).toBe('1.500 KWD');
    expect(formatMinorUnits(-900, 'USD')).toBe('-9.00 USD');
  });
});

describe('formatLessonTime', () => {
  const lesson = {
    startsAt: new Date('2026-03-03T10:00:00Z'),
    endsAt: new Date('2026-03-03T11:30:00Z'),
  };

  it('shows the lesson in the given zone, with its offset', () => {
    expect(formatLessonTime(lesson, 'Asia/Tokyo')).toBe(
      'Tuesday, 3 March 2026, 19:00–20:30 Asia/Tokyo (UTC+09:00)',
    );
    expect(formatLessonTime(lesson, 'America/New_York')).toBe(
      'Tuesday, 3 March 2026, 05:00–06:30 America/New_York (UTC-05:00)',
    );
  });

  it('names the end day when the lesson crosses midnight there', () => {
    expect(
      formatLessonTime(
        { startsAt: new Date('2026-03-03T14:30:00Z'), endsAt: new Date('2026-03-03T15:30:00Z') },
        'Asia/Tokyo',
      ),
    ).toBe('Tuesday, 3 March 2026, 23:30–Wednesday, 4 March 2026, 00:30 Asia/Tokyo (UTC+09:00)');
  });

  it('falls back to UTC for a zone it does not know', () => {
    expect(formatLessonTime(lesson, 'Mars/Olympus')).toBe(
      'Tuesday, 3 March 2026, 10:00–11:30 UTC (UTC+00:00)',
    );
  });
});

describe('receiptContent', () => {
  it('states every fact of the receipt', () => {
    const content = receiptContent({
      platformName: 'E-Tutors',
      number: '2026-000007',
      issuedAt: new Date('2026-03-01T08:00:00Z'),
      paymentId: '0190a0c0-0000-7000-8000-000000000001',
      student: { displayName: 'Aiko', timezone: 'Asia/Tokyo' },
      tutor: { displayName: 'Bruno' },
      subject: 'Algebra',
      lesson: {
        startsAt: new Date('2026-03-03T10:00:00Z'),
        endsAt: new Date('2026-03-03T11:30:00Z'),
      },
      amount: 6000,
      platformFee: 900,
      currency: 'USD',
    });
    expect(content.title).toBe('E-Tutors receipt 2026-000007');
    expect(Object.fromEntries(content.lines.map((line) => [line.label, line.value]))).toEqual({
      'Receipt number': '2026-000007',
      Date: '2026-03-01',
      Student: 'Aiko',
      Tutor: 'Bruno',
      Subject: 'Algebra',
      Lesson: 'Tuesday, 3 March 2026, 19:00–20:30 Asia/Tokyo (UTC+09:00)',
      'Amount paid': '60.00 USD',
      'Platform fee (included)': '9.00 USD',
      Currency: 'USD',
      Payment: '0190a0c0-0000-7000-8000-000000000001',
    });
  });
});
