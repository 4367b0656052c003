import {
  buildEarningsStatement,
  monthOf,
  statementMonth,
  StatementDoesNotReconcileError,
  type StatementPosting,
} from './earnings-statement.js';
import {
  earningsReleased,
  feeReversal,
  paymentCaptured,
  payoutSent,
  refundIssued,
  type Posting,
} from './ledger.js';

const TUTOR = '0190a0c0-0000-7000-8000-00000000000a';
const PAYMENT_A = '0190a0c0-0000-7000-8000-0000000000a1';
const BOOKING_A = '0190a0c0-0000-7000-8000-0000000000b1';
const PAYMENT_B = '0190a0c0-0000-7000-8000-0000000000a2';
const BOOKING_B = '0190a0c0-0000-7000-8000-0000000000b2';
const PAYOUT = '0190a0c0-0000-7000-8000-0000000000c1';
const NOVEMBER = statementMonth('2026-11')!;

let sequence = 0;
/** A posting as the reader hands it over: the ledger's own lines, summed per account. */
function fromLedger(
  posting: Posting,
  at: string,
  subject: { paymentId?: string; bookingId?: string; payoutId?: string } = {},
): StatementPosting {
  const lines: StatementPosting['lines'] = {};
  for (const line of posting.lines) lines[line.account] = (lines[line.account] ?? 0) + line.amount;
  return {
    postingId: `posting-${String(++sequence).padStart(3, '0')}`,
    kind: posting.kind,
    currency: posting.currency,
    at: new Date(at),
    paymentId: subject.paymentId ?? null,
    bookingId: subject.bookingId ?? null,
    payoutId: subject.payoutId ?? null,
    lines,
  };
}

const capture = (
  amount: number,
  at: string,
  paymentId: string,
  bookingId: string,
  currency = 'USD',
) =>
  fromLedger(paymentCaptured({ tutorId: TUTOR, amount, currency, feeBps: 1500 }), at, {
    paymentId,
    bookingId,
  });
const refund = (
  captured: { amount: number; fee: number },
  amount: number,
  at: string,
  from: 'tutor_pending' | 'tutor_available' = 'tutor_pending',
) =>
  fromLedger(
    refundIssued({
      tutorId: TUTOR,
      currency: 'USD',
      refund: amount,
      feeReversed: feeReversal({
        ...captured,
        refundedBefore: 0,
        feeReversedBefore: 0,
        refund: amount,
      }),
      from,
    }),
    at,
    { paymentId: PAYMENT_A, bookingId: BOOKING_A },
  );
const release = (amount: number, at: string) =>
  fromLedger(earningsReleased({ tutorId: TUTOR, currency: 'USD', amount }), at, {
    paymentId: PAYMENT_B,
    bookingId: BOOKING_B,
  });
const payout = (amount: number, at: string) =>
  fromLedger(payoutSent({ tutorId: TUTOR, currency: 'USD', amount }), at, { payoutId: PAYOUT });

const statement = (
  balances: { currency: string; opening: number; closing: number }[],
  postings: StatementPosting[],
) => buildEarningsStatement({ tutorId: TUTOR, month: NOVEMBER, balances, postings });

describe('statement months', () => {
  it('are UTC calendar months, the end exclusive', () => {
    expect(statementMonth('2026-11')).toEqual({
      label: '2026-11',
      from: new Date('2026-11-01T00:00:00.000Z'),
      to: new Date('2026-12-01T00:00:00.000Z'),
    });
    expect(statementMonth('2026-12')!.to).toEqual(new Date('2027-01-01T00:00:00.000Z'));
    expect(statementMonth('2028-02')!.to).toEqual(new Date('2028-03-01T00:00:00.000Z'));
  });

  it('refuse what is not a month', () => {
    for (const text of ['2026-13', '2026-00', '2026-1', '26-11', '0999-11', '2026-11-01', ''])
      expect(statementMonth(text)).toBeNull();
  });

  it('put the last millisecond of a month in it and the next midnight in the next', () => {
    expect(monthOf(new Date('2026-11-30T23:59:59.999Z')).label).toBe('2026-11');
    expect(monthOf(new Date('2026-12-01T00:00:00.000Z')).label).toBe('2026-12');
  });
});

describe('buildEarningsStatement', () => {
  it('lists a month’s lessons, refunds and payouts with totals that reconcile with the ledger', () => {
    // Lesson A 6000 (fee 900, net 5100) is half refunded (3000, fee back 450, 2550 from the
    // tutor); lesson B 4000 (fee 600, net 3400) is released; 3000 is paid out.
    const built = statement(
      [{ currency: 'USD', opening: 2000, closing: 4950 }],
      [
        payout(3000, '2026-11-25T08:00:00.000Z'),
        capture(6000, '2026-11-03T10:00:00.000Z', PAYMENT_A, BOOKING_A),
        release(3400, '2026-11-20T00:00:00.000Z'),
        refund({ amount: 6000, fee: 900 }, 3000, '2026-11-12T09:30:00.000Z'),
        capture(4000, '2026-11-10T10:00:00.000Z', PAYMENT_B, BOOKING_B),
      ],
    );
    expect(built).toEqual({
      tutorId: TUTOR,
      month: NOVEMBER,
      currencies: [
        {
          currency: 'USD',
          openingBalance: 2000,
          closingBalance: 4950,
          lessons: [
            {
              bookingId: BOOKING_A,
              paymentId: PAYMENT_A,
              date: new Date('2026-11-03T10:00:00.000Z'),
              gross: 6000,
              fee: 900,
              net: 5100,
            },
            {
              bookingId: BOOKING_B,
              paymentId: PAYMENT_B,
              date: new Date('2026-11-10T10:00:00.000Z'),
              gross: 4000,
              fee: 600,
              net: 3400,
            },
          ],
          refunds: [
            {
              paymentId: PAYMENT_A,
              bookingId: BOOKING_A,
              date: new Date('2026-11-12T09:30:00.000Z'),
              refunded: 3000,
              feeReturned: 450,
              amount: 2550,
            },
          ],
          payouts: [{ payoutId: PAYOUT, date: new Date('2026-11-25T08:00:00.000Z'), amount: 3000 }],
          totals: {
            gross: 10000,
            fee: 1500,
            net: 8500,
            refunds: 2550,
            payouts: 3000,
            released: 3400,
          },
        },
      ],
    });
  });

  it('a month with only a refund: the balance falls by the tutor’s part of it', () => {
    const [usd] = statement(
      [{ currency: 'USD', opening: 5100, closing: 2550 }],
      [refund({ amount: 6000, fee: 900 }, 3000, '2026-11-12T09:30:00.000Z')],
    ).currencies;
    expect(usd!.lessons).toEqual([]);
    expect(usd!.payouts).toEqual([]);
    expect(usd!.refunds.map((r) => [r.refunded, r.feeReturned, r.amount])).toEqual([
      [3000, 450, 2550],
    ]);
    expect(usd!.totals).toEqual({
      gross: 0,
      fee: 0,
      net: 0,
      refunds: 2550,
      payouts: 0,
      released: 0,
    });
  });

  it('a month with only a payout: what was owed was sent', () => {
    const [usd] = statement(
      [{ currency: 'USD', opening: 5100, closing: 0 }],
      [payout(5100, '2026-11-30T23:59:59.999Z')],
    ).currencies;
    expect(usd!.payouts).toEqual([
      { payoutId: PAYOUT, date: new Date('2026-11-30T23:59:59.999Z'), amount: 5100 },
    ]);
    expect(usd!.closingBalance).toBe(0);
  });

  it('a refund after the payout leaves a negative balance: the tutor owes the platform', () => {
    const [usd] = statement(
      [{ currency: 'USD', opening: 0, closing: -5100 }],
      [refund({ amount: 6000, fee: 900 }, 6000, '2026-11-02T12:00:00.000Z', 'tutor_available')],
    ).currencies;
    expect(usd!.refunds[0]).toMatchObject({ refunded: 6000, feeReturned: 900, amount: 5100 });
    expect(usd!.openingBalance).toBe(0);
    expect(usd!.closingBalance).toBe(-5100);
  });

  it('a quiet month keeps the balance and lists nothing; a tutor who never earned has no currency', () => {
    expect(statement([{ currency: 'USD', opening: 4950, closing: 4950 }], []).currencies).toEqual([
      {
        currency: 'USD',
        openingBalance: 4950,
        closingBalance: 4950,
        lessons: [],
        refunds: [],
        payouts: [],
        totals: { gross: 0, fee: 0, net: 0, refunds: 0, payouts: 0, released: 0 },
      },
    ]);
    expect(statement([], []).currencies).toEqual([]);
  });

  it('keeps currencies apart, in code order', () => {
    const built = statement(
      [
        { currency: 'USD', opening: 0, closing: 5100 },
        { currency: 'EUR', opening: 100, closing: 3500 },
      ],
      [
        capture(6000, '2026-11-03T10:00:00.000Z', PAYMENT_A, BOOKING_A, 'USD'),
        capture(4000, '2026-11-04T10:00:00.000Z', PAYMENT_B, BOOKING_B, 'EUR'),
      ],
    );
    expect(built.currencies.map((c) => [c.currency, c.totals.net, c.closingBalance])).toEqual([
      ['EUR', 3400, 3500],
      ['USD', 5100, 5100],
    ]);
  });

  it('refuses figures that do not reconcile with the ledger’s closing balance', () => {
    expect(() =>
      statement(
        [{ currency: 'USD', opening: 0, closing: 5000 }],
        [capture(6000, '2026-11-03T10:00:00.000Z', PAYMENT_A, BOOKING_A)],
      ),
    ).toThrow(StatementDoesNotReconcileError);
  });

  it('refuses postings it cannot place: outside the month, in a currency without a balance', () => {
    const december = capture(6000, '2026-12-01T00:00:00.000Z', PAYMENT_A, BOOKING_A);
    expect(() => statement([{ currency: 'USD', opening: 0, closing: 5100 }], [december])).toThrow(
      /outside 2026-11/,
    );
    const euro = capture(6000, '2026-11-03T10:00:00.000Z', PAYMENT_A, BOOKING_A, 'EUR');
    expect(() => statement([{ currency: 'USD', opening: 0, closing: 0 }], [euro])).toThrow(
      /no balance in EUR/,
    );
  });
});
