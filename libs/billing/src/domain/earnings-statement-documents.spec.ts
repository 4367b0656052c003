import { earningsStatementCsv, statementFileName } from './earnings-statement-csv.js';
import { earningsStatementContent } from './earnings-statement-content.js';
import { statementMonth, type EarningsStatement } from './earnings-statement.js';
import { decimalMinorUnits } from './receipt-content.js';

const november: EarningsStatement = {
  tutorId: '0190a0c0-0000-7000-8000-00000000000a',
  month: statementMonth('2026-11')!,
  currencies: [
    {
      currency: 'USD',
      openingBalance: 2000,
      closingBalance: 4950,
      lessons: [
        {
          bookingId: 'b1',
          paymentId: 'p1',
          date: new Date('2026-11-03T10:00:00.000Z'),
          gross: 6000,
          fee: 900,
          net: 5100,
        },
        {
          bookingId: 'b2',
          paymentId: 'p2',
          date: new Date('2026-11-10T10:00:00.000Z'),
          gross: 4000,
          fee: 600,
          net: 3400,
        },
      ],
      refunds: [
        {
          paymentId: 'p1',
          bookingId: 'b1',
          date: new Date('2026-11-12T09:30:00.000Z'),
          refunded: 3000,
          feeReturned: 450,
          amount: 2550,
        },
      ],
      payouts: [{ payoutId: 'o1', date: new Date('2026-11-25T08:00:00.000Z'), amount: 3000 }],
      totals: { gross: 10000, fee: 1500, net: 8500, refunds: 2550, payouts: 3000, released: 3400 },
    },
  ],
};

describe('decimalMinorUnits', () => {
  it('writes a plain decimal by the currency’s digits, without grouping', () => {
    expect(decimalMinorUnits(123456, 'USD')).toBe('1234.56');
    expect(decimalMinorUnits(5, 'EUR')).toBe('0.05');
    expect(decimalMinorUnits(-2550, 'USD')).toBe('-25.50');
    expect(decimalMinorUnits(4500, 'JPY')).toBe('4500');
    expect(decimalMinorUnits(1500, 'KWD')).toBe('1.500');
    expect(decimalMinorUnits(0, 'USD')).toBe('0.00');
  });
});

describe('the statement as CSV', () => {
  it('has a header, the opening balance, a row per line, the totals and the closing balance', () => {
    expect(earningsStatementCsv(november)).toBe(
      [
        'currency,type,date,booking_id,payment_id,payout_id,gross,fee,net,amount',
        'USD,opening_balance,2026-11-01T00:00:00.000Z,,,,,,,20.00',
        'USD,lesson,2026-11-03T10:00:00.000Z,b1,p1,,60.00,9.00,51.00,51.00',
        'USD,lesson,2026-11-10T10:00:00.000Z,b2,p2,,40.00,6.00,34.00,34.00',
        'USD,refund,2026-11-12T09:30:00.000Z,b1,p1,,-30.00,-4.50,-25.50,-25.50',
        'USD,payout,2026-11-25T08:00:00.000Z,,,o1,,,,-30.00',
        'USD,lessons_total,,,,,100.00,15.00,85.00,85.00',
        'USD,refunds_total,,,,,,,,-25.50',
        'USD,payouts_total,,,,,,,,-30.00',
        'USD,released_total,,,,,,,,34.00',
        'USD,closing_balance,2026-12-01T00:00:00.000Z,,,,,,,49.50',
        '',
      ].join('\r\n'),
    );
  });

  it('is only its header for a tutor with no currency', () => {
    expect(earningsStatementCsv({ ...november, currencies: [] })).toBe(
      'currency,type,date,booking_id,payment_id,payout_id,gross,fee,net,amount\r\n',
    );
  });

  it('is downloaded as statement-<month>', () => {
    expect(statementFileName(november, 'csv')).toBe('statement-2026-11.csv');
    expect(statementFileName(november, 'pdf')).toBe('statement-2026-11.pdf');
  });
});

describe('the statement document’s content', () => {
  const content = earningsStatementContent(november, {
    platformName: 'E-Tutors',
    tutorName: 'Björn Keller',
    issuedAt: new Date('2026-12-01T15:04:00Z'),
  });

  it('names the tutor, the month and the period', () => {
    expect(content.title).toBe('E-Tutors earnings statement 2026-11');
    expect(content.subheading).toBe('Earnings statement, November 2026');
    expect(content.lines.slice(0, 3)).toEqual([
      { label: 'Tutor', value: 'Björn Keller' },
      { label: 'Period (UTC)', value: '2026-11-01 to 2026-11-30' },
      { label: 'Issued', value: '2026-12-01 15:04 UTC' },
    ]);
    expect(content.empty).toBeNull();
  });

  it('sums up each currency, then tables its lessons, refunds and payouts', () => {
    const [usd] = content.sections;
    expect(usd!.summary).toEqual([
      { label: 'Opening balance', value: '20.00 USD' },
      { label: 'Lessons (net)', value: '85.00 USD' },
      { label: 'Refunds', value: '-25.50 USD' },
      { label: 'Payouts', value: '-30.00 USD' },
      { label: 'Closing balance', value: '49.50 USD' },
      { label: 'Released to available', value: '34.00 USD' },
    ]);
    const [lessons, refunds, payouts] = usd!.tables;
    expect(lessons!.rows[0]).toEqual([
      '2026-11-03 10:00',
      'b1',
      '60.00 USD',
      '9.00 USD',
      '51.00 USD',
    ]);
    expect(lessons!.total).toEqual(['Total', '', '100.00 USD', '15.00 USD', '85.00 USD']);
    expect(refunds!.rows).toEqual([
      ['2026-11-12 09:30', 'b1', '30.00 USD', '4.50 USD', '25.50 USD'],
    ]);
    expect(payouts!.rows).toEqual([['2026-11-25 08:00', 'o1', '30.00 USD']]);
  });

  it('says so when the tutor has never earned anything', () => {
    const empty = earningsStatementContent(
      { ...november, currencies: [] },
      { platformName: 'E-Tutors', tutorName: 'X', issuedAt: new Date() },
    );
    expect(empty.sections).toEqual([]);
    expect(empty.empty).toBe('No earnings yet.');
  });
});
