import { randomUUID } from 'node:crypto';
import type { Response } from 'supertest';
import { Clock, ControllableClock, UnitOfWork } from '@etutors/platform';
import {
  earningsReleased,
  payoutSent,
  type Posting,
} from '../../libs/billing/src/domain/ledger.js';
import {
  LedgerRepository,
  type PostingSource,
} from '../../libs/billing/src/infrastructure/ledger.repository.js';
import { given, WITH_ADMIN, type Actor } from '../support/given.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { binary, pdfText } from './support/pdf.js';
import { marketplace, type Marketplace } from './support/marketplace.js';

/** The API's clock: it follows real time (`clock.set(new Date())`) unless a test pins an instant. */
const clock = new ControllableClock();

/** `2026-11` for an instant, in UTC. */
const monthLabel = (at: Date) => at.toISOString().slice(0, 7);
const monthStart = (at: Date, offset = 0) =>
  new Date(Date.UTC(at.getUTCFullYear(), at.getUTCMonth() + offset, 1));

/** RFC 4180, as a spreadsheet reads it: quoted fields may hold commas, quotes and line breaks. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const char = text[i]!;
    if (quoted && char === '"' && text[i + 1] === '"') {
      field += '"';
      i++;
    } else if (char === '"') {
      quoted = !quoted;
    } else if (quoted || (char !== ',' && char !== '\r')) {
      field += char;
    } else if (char === ',') {
      row.push(field);
      field = '';
    } else if (text[i + 1] === '\n') {
      rows.push([...row, field]);
      row = [];
      field = '';
      i++;
    } else {
      field += char;
    }
  }
  if (field !== '' || row.length) rows.push([...row, field]);
  return rows;
}

describe('earnings statements: a tutor’s month from the ledger, as JSON, CSV and PDF', () => {
  let t: TestApp;
  const now = () => clock.now();
  const currentMonth = () => monthLabel(now());
  const previousMonth = () => monthLabel(monthStart(now(), -1));

  beforeAll(async () => {
    t = await startTestApp({
      env: { ...WITH_ADMIN, PLATFORM_FEE_BPS: '1500' },
      override: (builder) => builder.overrideProvider(Clock).useValue(clock),
    });
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

  /** A posting the release job (H1) and the payout run (H3) will make; written directly for now. */
  const post = (posting: Posting, source: PostingSource, at: Date) =>
    t.get(UnitOfWork).run((tx) => t.get(LedgerRepository).post(tx, posting, source, at));
  /** What the ledger says is owed to the tutor now, per currency. */
  const owedByLedger = async (tutorId: string) =>
    (await t.get(LedgerRepository).tutorBalances(tutorId)).map((balance) => ({
      currency: balance.currency,
      owed: balance.pending + balance.available,
    }));
  const refund = (market: Marketplace, paymentId: string, amount: number) =>
    t
      .http()
      .post(`/api/v1/admin/payments/${paymentId}/refunds`)
      .set(market.admin.auth)
      .set('idempotency-key', randomUUID())
      .send({ amount, reason: 'lesson cut short' });

  /**
   * This month: two 90-minute lessons paid (6000 each, fee 900, net 5100), the first half
   * refunded (3000, fee back 450, 2550 from the tutor), the second's share released, 2000 paid out.
   */
  let month: {
    market: Marketplace;
    first: { bookingId: string; paymentId: string };
    second: { bookingId: string; paymentId: string };
    payoutId: string;
    at: Record<'first' | 'second' | 'refund' | 'release' | 'payout', string>;
  };

  beforeAll(async () => {
    const market = await marketplace(t);
    // A few seconds apart, all inside this month whatever the time of day the suite runs.
    const step = 1000;
    const real = new Date();
    clock.set(new Date(Math.max(real.getTime() - 5 * 60_000, monthStart(real).getTime() + 60_000)));
    const lesson = async () => {
      const { bookingId, paymentId } = await market.paidBooking();
      return { bookingId, paymentId };
    };
    const first = await lesson();
    const firstAt = now().toISOString();
    clock.advance(step);
    const second = await lesson();
    const secondAt = now().toISOString();
    clock.advance(step);
    expect((await refund(market, first.paymentId, 3000)).status).toBe(201);
    const refundAt = now().toISOString();
    clock.advance(step);
    const releaseAt = now();
    await post(
      earningsReleased({ tutorId: market.tutor.id, currency: 'USD', amount: 5100 }),
      { paymentId: second.paymentId },
      releaseAt,
    );
    clock.advance(step);
    const payoutAt = now();
    const payoutId = randomUUID();
    await post(
      payoutSent({ tutorId: market.tutor.id, currency: 'USD', amount: 2000 }),
      { payoutId },
      payoutAt,
    );
    month = {
      market,
      first,
      second,
      payoutId,
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
          closingBalance: 5650,
          lessons: [
            { ...first, date: at.first, gross: 6000, fee: 900, net: 5100 },
            { ...second, date: at.second, gross: 6000, fee: 900, net: 5100 },
          ],
          refunds: [{ ...first, date: at.refund, refunded: 3000, feeReturned: 450, amount: 2550 }],
          payouts: [{ payoutId, date: at.payout, amount: 2000 }],
          totals: {
            gross: 12000,
            fee: 1800,
            net: 10200,
            refunds: 2550,
            payouts: 2000,
            released: 5100,
          },
        },
      ],
    });
    expect(await owedByLedger(market.tutor.id)).toEqual([{ currency: 'USD', owed: 5650 }]);
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
    const boundary = monthStart(now());
    const lastMoment = new Date(boundary.getTime() - 1);
    const payAt = async (at: Date) => {
      const { student, bookingId } = await market.bookedStudent();
      const payment = await market.pay(student, bookingId);
      clock.set(at);
      const confirmed = await market.confirm(student, payment.body.id, 'pm_card_visa');
      clock.set(new Date());
      expect(confirmed.body.status).toBe('succeeded');
      return { bookingId, paymentId: payment.body.id as string };
    };
    const before = await payAt(lastMoment);
    const after = await payAt(boundary);
    await post(
      earningsReleased({ tutorId: market.tutor.id, currency: 'USD', amount: 5100 }),
      { paymentId: before.paymentId },
      lastMoment,
    );
    const payoutId = randomUUID();
    await post(
      payoutSent({ tutorId: market.tutor.id, currency: 'USD', amount: 5100 }),
      { payoutId },
      boundary,
    );

    const earlier = (await statement(market.tutor, previousMonth())).body.currencies[0];
    expect(earlier).toMatchObject({
      openingBalance: 0,
      closingBalance: 5100,
      lessons: [{ ...before, date: lastMoment.toISOString(), net: 5100 }],
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
      line({ type: 'payout', date: at.payout, payout_id: payoutId, amount: '-20.00' }),
      line({
        type: 'lessons_total',
        gross: '120.00',
        fee: '18.00',
        net: '102.00',
        amount: '102.00',
      }),
      line({ type: 'refunds_total', amount: '-25.50' }),
      line({ type: 'payouts_total', amount: '-20.00' }),
      line({ type: 'released_total', amount: '51.00' }),
      line({
        type: 'closing_balance',
        date: monthStart(now(), 1).toISOString(),
        amount: '56.50',
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
      'Payouts -20.00 USD',
      'Closing balance 56.50 USD',
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
      expect(res.body.currencies[0].closingBalance).toBe(5650);
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
