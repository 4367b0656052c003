import type { Response } from 'supertest';
import { Clock, ControllableClock } from '@etutors/platform';
import { LedgerRepository } from '../../libs/billing/src/infrastructure/ledger.repository.js';
import { parseCsv } from '../support/csv.js';
import { given, WITH_ADMIN, type Actor } from '../support/given.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { DAY } from '../scheduling/support.js';
import { binary, pdfText } from './support/pdf.js';
import { marketplace, type Marketplace } from './support/marketplace.js';
import { moneyOut, type MoneyOut, type PaidLesson } from './support/money-out.js';

/** The API's clock: it follows real time (`clock.set(new Date())`) unless a test pins an instant. */
const clock = new ControllableClock();

/** `2026-11` for an instant, in UTC. */
const monthLabel = (at: Date) => at.toISOString().slice(0, 7);
const monthStart = (at: Date, offset = 0) =>
  new Date(Date.UTC(at.getUTCFullYear(), at.getUTCMonth() + offset, 1));

describe('earnings statements: a tutor’s month from the ledger, as JSON, CSV and PDF', () => {
  let t: TestApp;
  let money: MoneyOut;
  const now = () => clock.now();
  const currentMonth = () => monthLabel(now());
  const previousMonth = () => monthLabel(monthStart(now(), -1));

  beforeAll(async () => {
    t = await startTestApp({
      env: {
        ...WITH_ADMIN,
        PLATFORM_FEE_BPS: '1500',
        // The clock moves days ahead here, and access tokens expire by that same clock.
        ACCESS_TOKEN_TTL: String((60 * DAY) / 1000),
      },
      override: (builder) => builder.overrideProvider(Clock).useValue(clock),
    });
    money = moneyOut(t, clock);
  });
  beforeEach(() => clock.set(new Date()));
  afterAll(() => t.close());

  const statement = (viewer: Actor | null, month: string, accept?: string) => {
    let req = t.http().get(`/api/v1/tutors/me/statements?month=${encodeURIComponent(month)}`);
    if (viewer) req = req.set(viewer.auth);
    if (accept) req = req.set('accept', accept);
    return req;
  };
  const pdfStatement = (viewer: Actor, month: string) =>
    statement(viewer, month, 'application/pdf').buffer(true).parse(binary) as unknown as Promise<
      Response & { body: Buffer }
    >;

  /** What the ledger says is owed to the tutor now, per currency. */
  const owedByLedger = async (tutorId: string) =>
    (await t.get(LedgerRepository).tutorBalances(tutorId)).map((balance) => ({
      currency: balance.currency,
      owed: balance.pending + balance.available,
    }));
  /** The payout a run sent the tutor (their only one). */
  const onlyPayoutOf = async (tutor: Actor) => {
    const res = await t.http().get('/api/v1/tutors/me/payouts').set(tutor.auth);
    expect(res.body.data).toHaveLength(1);
    return res.body.data[0] as { id: string; amount: number; status: string };
  };

  /**
   * This month, through the real flows: two 90-minute lessons paid (6000 each, fee 900, net 5100),
   * the first half refunded (3000, fee back 450, 2550 from the tutor), the second taught and its
   * share released after the hold, then a payout run sending the 5100 available.
   */
  let month: {
    market: Marketplace;
    first: PaidLesson;
    second: PaidLesson;
    payoutId: string;
    at: Record<'first' | 'second' | 'refund' | 'release' | 'payout', string>;
  };

  beforeAll(async () => {
    const market = await marketplace(t);
    await money.setPayoutAccount(market.tutor);
    // The story takes under five days and starts early enough to end inside this month, whatever
    // the day the suite runs; its own steps are a second apart.
    const step = 1000;
    const real = new Date();
    clock.set(new Date(Math.max(real.getTime() - 6 * DAY, monthStart(real).getTime() + 60_000)));
    const first = await money.paidLesson(market);
    const firstAt = now().toISOString();
    clock.advance(step);
    const second = await money.paidLesson(market);
    const secondAt = now().toISOString();
    clock.advance(step);
    expect((await money.refund(market.admin, first.paymentId, 3000)).status).toBe(201);
    const refundAt = now().toISOString();
    await money.release(market.tutor, second);
    const releaseAt = now();
    clock.advance(step);
    const payoutAt = now();
    expect((await money.runPayouts(market.admin)).counts).toMatchObject({ sent: 1 });
    const payout = await onlyPayoutOf(market.tutor);
    expect(payout).toMatchObject({ amount: 5100, status: 'sent' });
    month = {
      market,
      first,
      second,
      payoutId: payout.id,
      at: {
        first: firstAt,
        second: secondAt,
        refund: refundAt,
        release: releaseAt.toISOString(),
        payout: payoutAt.toISOString(),
      },
    };
  });

  it('states the month’s lessons, refunds and payouts with exact figures, closing at the ledger’s balance', async () => {
    const { market, first, second, payoutId, at } = month;
    const res = await statement(market.tutor, currentMonth());
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^application\/json/);
    expect(res.body).toEqual({
      tutorId: market.tutor.id,
      month: currentMonth(),
      periodStart: monthStart(now()).toISOString(),
      periodEnd: monthStart(now(), 1).toISOString(),
      currencies: [
        {
          currency: 'USD',
          openingBalance: 0,
          closingBalance: 2550,
          lessons: [
            { ...first, date: at.first, gross: 6000, fee: 900, net: 5100 },
            { ...second, date: at.second, gross: 6000, fee: 900, net: 5100 },
          ],
          refunds: [{ ...first, date: at.refund, refunded: 3000, feeReturned: 450, amount: 2550 }],
          payouts: [{ payoutId, date: at.payout, amount: 5100 }],
          totals: {
            gross: 12000,
            fee: 1800,
            net: 10200,
            refunds: 2550,
            payouts: 5100,
            released: 5100,
          },
        },
      ],
    });
    expect(await owedByLedger(market.tutor.id)).toEqual([{ currency: 'USD', owed: 2550 }]);
  });

  it('a month with nothing in it keeps the balance and lists nothing; a tutor who never earned has no currency', async () => {
    const quiet = await statement(month.market.tutor, previousMonth());
    expect(quiet.status).toBe(200);
    expect(quiet.body.currencies).toEqual([
      {
        currency: 'USD',
        openingBalance: 0,
        closingBalance: 0,
        lessons: [],
        refunds: [],
        payouts: [],
        totals: { gross: 0, fee: 0, net: 0, refunds: 0, payouts: 0, released: 0 },
      },
    ]);

    const admin = await given(t).admin();
    const newcomer = await given(t).approvedTutor(admin, {
      subjectIds: [(await given(t).subject(admin)).id],
      rate: 4000,
      currency: 'USD',
    });
    const none = await statement(newcomer, currentMonth());
    expect(none.status).toBe(200);
    expect(none.body.currencies).toEqual([]);
    const csv = await statement(newcomer, currentMonth(), 'text/csv');
    expect(csv.text).toBe(
      'currency,type,date,booking_id,payment_id,payout_id,gross,fee,net,amount\r\n',
    );
  });

  it('counts an entry at 23:59:59.999 on a month’s last day in it, and one at midnight in the next', async () => {
    const market = await marketplace(t);
    await money.setPayoutAccount(market.tutor);
    const boundary = monthStart(now());
    const lastMoment = new Date(boundary.getTime() - 1);

    // Paid days before the month ends, taught, and past its hold by the month's last moment,
    // when the release job makes its share available.
    clock.set(new Date(lastMoment.getTime() - 4 * DAY));
    const before = await money.paidLesson(market);
    const paidAt = now();
    const completedAt = await money.completeLesson(market.tutor, before);
    clock.set(lastMoment);
    expect(await money.passHoldAndRelease(completedAt)).toBe(1);
    const [released] = (await t.dataSource.query(
      `SELECT DISTINCT created_at AS "createdAt" FROM billing.ledger_entries
        WHERE payment_id = $1 AND kind = 'earnings_released'`,
      [before.paymentId],
    )) as { createdAt: Date }[];
    expect(released!.createdAt).toEqual(lastMoment);

    // Booked and paid at the last moment, the payment succeeding at midnight; a payout run then.
    const { student, bookingId } = await market.bookedStudent({
      startsAt: money.nextLessonStart(market.tutor),
    });
    const payment = await market.pay(student, bookingId);
    clock.set(boundary);
    const confirmed = await market.confirm(student, payment.body.id, 'pm_card_visa');
    expect(confirmed.body.status).toBe('succeeded');
    await market.bookingBecomes(student, bookingId, 'confirmed');
    const after = { bookingId, paymentId: payment.body.id as string };
    expect((await money.runPayouts(market.admin)).counts).toMatchObject({ sent: 1 });
    const payoutId = (await onlyPayoutOf(market.tutor)).id;
    clock.set(new Date());

    const earlier = (await statement(market.tutor, previousMonth())).body.currencies[0];
    expect(earlier).toMatchObject({
      openingBalance: 0,
      closingBalance: 5100,
      lessons: [{ ...before, date: paidAt.toISOString(), net: 5100 }],
      payouts: [],
      totals: { net: 5100, released: 5100, payouts: 0 },
    });
    expect(earlier.lessons).toHaveLength(1);

    const later = (await statement(market.tutor, currentMonth())).body.currencies[0];
    expect(later).toMatchObject({
      openingBalance: 5100,
      closingBalance: 5100,
      lessons: [{ ...after, date: boundary.toISOString(), net: 5100 }],
      payouts: [{ payoutId, date: boundary.toISOString(), amount: 5100 }],
      totals: { net: 5100, released: 0, payouts: 5100 },
    });
    expect(later.lessons).toHaveLength(1);
    expect(await owedByLedger(market.tutor.id)).toEqual([
      { currency: 'USD', owed: later.closingBalance },
    ]);
  });

  it('gives the statement as a CSV download when asked for text/csv', async () => {
    const { market, first, second, payoutId, at } = month;
    const res = await statement(market.tutor, currentMonth(), 'text/csv');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(res.headers['content-disposition']).toBe(
      `attachment; filename="statement-${currentMonth()}.csv"`,
    );
    expect(res.headers.vary).toMatch(/accept/i);
    const [header, ...rows] = parseCsv(res.text);
    expect(header).toEqual([
      'currency',
      'type',
      'date',
      'booking_id',
      'payment_id',
      'payout_id',
      'gross',
      'fee',
      'net',
      'amount',
    ]);
    const record = (row: string[]) => Object.fromEntries(header!.map((name, i) => [name, row[i]]));
    const line = (fields: Record<string, string>) => ({
      currency: 'USD',
      type: '',
      date: '',
      booking_id: '',
      payment_id: '',
      payout_id: '',
      gross: '',
      fee: '',
      net: '',
      amount: '',
      ...fields,
    });
    expect(rows.map(record)).toEqual([
      line({ type: 'opening_balance', date: monthStart(now()).toISOString(), amount: '0.00' }),
      ...[first, second].map((lesson, i) =>
        line({
          type: 'lesson',
          date: i === 0 ? at.first : at.second,
          booking_id: lesson.bookingId,
          payment_id: lesson.paymentId,
          gross: '60.00',
          fee: '9.00',
          net: '51.00',
          amount: '51.00',
        }),
      ),
      line({
        type: 'refund',
        date: at.refund,
        booking_id: first.bookingId,
        payment_id: first.paymentId,
        gross: '-30.00',
        fee: '-4.50',
        net: '-25.50',
        amount: '-25.50',
      }),
      line({ type: 'payout', date: at.payout, payout_id: payoutId, amount: '-51.00' }),
      line({
        type: 'lessons_total',
        gross: '120.00',
        fee: '18.00',
        net: '102.00',
        amount: '102.00',
      }),
      line({ type: 'refunds_total', amount: '-25.50' }),
      line({ type: 'payouts_total', amount: '-51.00' }),
      line({ type: 'released_total', amount: '51.00' }),
      line({
        type: 'closing_balance',
        date: monthStart(now(), 1).toISOString(),
        amount: '25.50',
      }),
    ]);
  });

  it('gives the statement as a PDF when asked for application/pdf, with its totals', async () => {
    const { market } = month;
    const res = await pdfStatement(market.tutor, currentMonth());
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('application/pdf');
    expect(res.headers['content-disposition']).toBe(
      `attachment; filename="statement-${currentMonth()}.pdf"`,
    );
    expect(res.body.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    const text = await pdfText(res.body);
    for (const fact of [
      'E-Tutors',
      `Tutor ${market.tutor.displayName}`,
      'Opening balance 0.00 USD',
      'Lessons (net) 102.00 USD',
      'Refunds -25.50 USD',
      'Payouts -51.00 USD',
      'Closing balance 25.50 USD',
      'Released to available 51.00 USD',
      `${month.first.bookingId}`,
      `${month.payoutId}`,
    ]) {
      expect(text).toContain(fact);
    }
  });

  it('answers JSON for */* and for types it does not make', async () => {
    for (const accept of ['*/*', 'text/html', 'application/json']) {
      const res = await statement(month.market.tutor, currentMonth(), accept);
      expect(res.status).toBe(200);
      expect(res.body.currencies[0].closingBalance).toBe(2550);
    }
  });

  it('is for tutors only: a student or an admin is refused, no token is 401', async () => {
    const student = await given(t).student();
    expect((await statement(student, currentMonth())).status).toBe(403);
    expect((await statement(month.market.admin, currentMonth())).status).toBe(403);
    expect((await statement(null, currentMonth())).status).toBe(401);
  });

  it('wants a month, written YYYY-MM, not after the current one', async () => {
    const tutor = month.market.tutor;
    const missing = await t.http().get('/api/v1/tutors/me/statements').set(tutor.auth);
    expect(missing.status).toBe(400);
    expect(missing.body.errors.map((error: { field: string }) => error.field)).toContain('month');
    for (const bad of ['2026-13', '2026-1', '2026-11-01', 'november']) {
      const res = await statement(tutor, bad);
      expect(res.status).toBe(400);
      expect(res.body.code).toBe('request.validation_failed');
      expect(res.body.errors[0].field).toBe('month');
    }
    const next = monthLabel(monthStart(now(), 1));
    const future = await statement(tutor, next, 'text/csv');
    expect(future.status).toBe(400);
    expect(future.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(future.body).toMatchObject({
      code: 'statement.month_in_future',
      errors: [
        {
          field: 'month',
          message: `month must not be after the current month (${currentMonth()})`,
        },
      ],
    });
  });

  it('documents the JSON, CSV and PDF forms and the 400 of a future month', async () => {
    const document = (await t.http().get('/docs-json')).body;
    const operation = document.paths['/api/v1/tutors/me/statements'].get;
    const content = operation.responses['200'].content;
    expect(Object.keys(content).sort()).toEqual([
      'application/json',
      'application/pdf',
      'text/csv',
    ]);
    expect(content['application/json'].schema.$ref).toMatch(/EarningsStatementDto$/);
    expect(content['application/pdf'].schema).toEqual({ type: 'string', format: 'binary' });
    expect(content['text/csv'].schema.type).toBe('string');
    expect(
      Object.keys(operation.responses['400'].content['application/problem+json'].examples),
    ).toEqual(expect.arrayContaining(['statement.month_in_future', 'request.validation_failed']));
    expect(operation.parameters).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ name: 'month', in: 'query', required: true }),
      ]),
    );
  });
});
