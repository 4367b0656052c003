import { randomUUID } from 'node:crypto';
import { ControllableClock } from '@etutors/platform';
import { given, type Actor } from '../support/given.js';
import { eventually, type TestApp } from '../support/test-app.js';
import { DAY, HOUR } from '../scheduling/support.js';
import { marketplace, type Marketplace } from './support/marketplace.js';
import { startAppOnClock } from './support/money-out.js';

/** The tiers Preply publishes: 33 % for a new tutor, down to 18 % past 400 hours. */
const PREPLY_TIERS = [
  { fromHours: 0, feeBps: 3300 },
  { fromHours: 20, feeBps: 2800 },
  { fromHours: 50, feeBps: 2500 },
  { fromHours: 200, feeBps: 2200 },
  { fromHours: 400, feeBps: 1800 },
];

interface Line {
  account: string;
  amount: number;
}

/**
 * The platform fee comes from versioned commission rules an admin sets, chosen when a payment
 * succeeds and snapshotted on it. The rules follow one another through this file: v1, v2, …
 * The marketplace's tutor charges 4000 USD an hour (a 90-minute lesson is 6000).
 */
describe('commission rules: versioned, chosen when a payment succeeds, never repricing a past one', () => {
  let t: TestApp;
  let market: Marketplace;
  let admin: Actor;
  const clock = new ControllableClock(new Date());

  beforeAll(async () => {
    t = await startAppOnClock(clock, { days: 90, env: { PLATFORM_FEE_BPS: '1500' } });
    market = await marketplace(t);
    admin = market.admin;
  });
  afterAll(() => t.close());

  const listRules = (actor: Actor) =>
    t.http().get('/api/v1/admin/commission-rules').set(actor.auth);
  const setRule = (actor: Actor, body: unknown) =>
    t
      .http()
      .post('/api/v1/admin/commission-rules')
      .set(actor.auth)
      .send(body as object);
  const paymentOf = async (student: Actor, paymentId: string) =>
    (await t.http().get(`/api/v1/payments/${paymentId}`).set(student.auth)).body as {
      status: string;
      amount: number;
      platformFee: number;
      feeBps: number;
      commissionRuleVersion: number | null;
    };
  const capture = async (paymentId: string) =>
    (await t.dataSource.query(
      `SELECT account, amount::int AS amount FROM billing.ledger_entries
        WHERE payment_id = $1 AND kind = 'payment_captured' ORDER BY account`,
      [paymentId],
    )) as Line[];
  const succeededEvent = async (paymentId: string) => {
    const [row] = (await t.dataSource.query(
      `SELECT payload FROM platform.outbox WHERE type = 'billing.payment.succeeded' AND aggregate_id = $1`,
      [paymentId],
    )) as { payload: { platformFee: number } }[];
    return row!.payload;
  };
  /** A booking `days` days after the clock's now, at 10:00 UTC. */
  const startsInDays = (days: number) => {
    const date = new Date(clock.now().getTime() + days * DAY);
    date.setUTCHours(10, 0, 0, 0);
    return date.toISOString();
  };

  it('lists the default (flat PLATFORM_FEE_BPS, no version) as current while none was set', async () => {
    const res = await listRules(admin);
    expect(res.status).toBe(200);
    expect(res.body).toEqual([
      {
        version: null,
        kind: 'flat',
        feeBps: 1500,
        tiers: null,
        current: true,
        createdAt: null,
        createdBy: null,
      },
    ]);
    const { student, paymentId } = await market.paidBooking();
    expect(await paymentOf(student, paymentId)).toMatchObject({
      amount: 6000,
      platformFee: 900,
      feeBps: 1500,
      commissionRuleVersion: null,
    });
  });

  it('snapshots a flat rule on the payments that succeed under it', async () => {
    const set = await setRule(admin, { kind: 'flat', feeBps: 2000 });
    expect(set.status).toBe(201);
    expect(set.body).toEqual({
      version: 1,
      kind: 'flat',
      feeBps: 2000,
      tiers: null,
      current: true,
      createdAt: clock.now().toISOString(),
      createdBy: admin.id,
    });

    const { student, paymentId } = await market.paidBooking();
    expect(await paymentOf(student, paymentId)).toMatchObject({
      status: 'succeeded',
      platformFee: 1200,
      feeBps: 2000,
      commissionRuleVersion: 1,
    });
    expect(await capture(paymentId)).toEqual([
      { account: 'platform_revenue', amount: -1200 },
      { account: 'provider_clearing', amount: 6000 },
      { account: 'tutor_pending', amount: -4800 },
    ]);
    expect(await succeededEvent(paymentId)).toMatchObject({ platformFee: 1200 });
  });

  it('takes the rule in force when the payment succeeds, not when it was started', async () => {
    const { student, bookingId } = await market.bookedStudent();
    const started = await market.pay(student, bookingId);
    expect(started.status).toBe(201);
    expect((await setRule(admin, { kind: 'flat', feeBps: 1000 })).body.version).toBe(2);

    const confirmed = await market.confirm(student, started.body.id, 'pm_card_visa');
    expect(confirmed.body).toMatchObject({
      status: 'succeeded',
      platformFee: 600,
      feeBps: 1000,
      commissionRuleVersion: 2,
    });
  });

  it('leaves a past payment, its ledger posting and its refunds under the rule it succeeded with', async () => {
    const { student, paymentId } = await market.paidBooking();
    expect((await paymentOf(student, paymentId)).commissionRuleVersion).toBe(2);
    const postedBefore = await capture(paymentId);

    expect((await setRule(admin, { kind: 'flat', feeBps: 3000 })).body.version).toBe(3);
    expect((await setRule(admin, { kind: 'tiered', tiers: PREPLY_TIERS })).body.version).toBe(4);

    expect(await paymentOf(student, paymentId)).toMatchObject({
      platformFee: 600,
      feeBps: 1000,
      commissionRuleVersion: 2,
    });
    expect(await capture(paymentId)).toEqual(postedBefore);
    // Half of it back: half of the fee it paid (600), not of today's rule.
    const refund = await t
      .http()
      .post(`/api/v1/admin/payments/${paymentId}/refunds`)
      .set(admin.auth)
      .set('idempotency-key', randomUUID())
      .send({ amount: 3000, reason: 'half the lesson' });
    expect(refund.status).toBe(201);
    const [{ feeReversed }] = (await t.dataSource.query(
      `SELECT fee_reversed::int AS "feeReversed" FROM billing.refunds WHERE payment_id = $1`,
      [paymentId],
    )) as { feeReversed: number }[];
    expect(feeReversed).toBe(300);
  });

  it('lists every version newest first, the newest current', async () => {
    const res = await listRules(admin);
    expect(res.status).toBe(200);
    expect(
      (res.body as { version: number; kind: string; current: boolean }[]).map(
        ({ version, kind, current }) => ({ version, kind, current }),
      ),
    ).toEqual([
      { version: 4, kind: 'tiered', current: true },
      { version: 3, kind: 'flat', current: false },
      { version: 2, kind: 'flat', current: false },
      { version: 1, kind: 'flat', current: false },
    ]);
    expect(res.body[0]).toMatchObject({ feeBps: null, tiers: PREPLY_TIERS });
  });

  it('charges a tiered rule by the tutor’s completed lesson hours when the payment succeeds', async () => {
    // A new tutor: 0 completed hours, the first tier. Ten two-hour lessons: 8000 each, 33 %.
    const newcomer = await marketplace(t);
    const lessons = [];
    for (let i = 0; i < 10; i++) lessons.push(await newcomer.paidBooking({ minutes: 120 }));
    for (const { student, paymentId } of lessons) {
      expect(await paymentOf(student, paymentId)).toMatchObject({
        amount: 8000,
        platformFee: 2640,
        feeBps: 3300,
        commissionRuleVersion: 4,
      });
    }

    // The tutor teaches them all: 20 completed hours, the second tier from now on.
    for (const { bookingId } of lessons) {
      const lesson = await eventually(async () => {
        const res = await t
          .http()
          .get(`/api/v1/lessons?bookingId=${bookingId}`)
          .set(newcomer.tutor.auth);
        return res.body.data?.[0] as { id: string; endsAt: string } | undefined;
      });
      const ended = new Date(new Date(lesson.endsAt).getTime() + HOUR);
      if (clock.now() < ended) clock.set(ended);
      const done = await t
        .http()
        .post(`/api/v1/lessons/${lesson.id}/complete`)
        .set(newcomer.tutor.auth);
      expect(done.status).toBe(200);
    }
    const next = await newcomer.paidBooking({ minutes: 60, startsAt: startsInDays(2) });
    expect(await paymentOf(next.student, next.paymentId)).toMatchObject({
      amount: 4000,
      platformFee: 1120,
      feeBps: 2800,
      commissionRuleVersion: 4,
    });
    // Each tutor's own hours: the marketplace's first tutor, who completed nothing, pays 33 %.
    const other = await market.paidBooking({ minutes: 60, startsAt: startsInDays(3) });
    expect(await paymentOf(other.student, other.paymentId)).toMatchObject({
      platformFee: 1320,
      feeBps: 3300,
    });
  });

  it('gives rules set at the same moment distinct, consecutive versions (no 500)', async () => {
    const results = await Promise.all(
      Array.from({ length: 8 }, (_, i) => setRule(admin, { kind: 'flat', feeBps: 1000 + i })),
    );
    expect(results.map((res) => res.status)).toEqual(Array(8).fill(201));
    const versions = results.map((res) => res.body.version as number).sort((a, b) => a - b);
    expect(versions).toEqual([5, 6, 7, 8, 9, 10, 11, 12]);
    const listed = (await listRules(admin)).body as { version: number; current: boolean }[];
    expect(listed.filter((rule) => rule.current)).toEqual([
      expect.objectContaining({ version: 12 }),
    ]);
  });

  it.each([
    ['a flat rule without feeBps', { kind: 'flat' }, 'feeBps'],
    ['a fee over 100 %', { kind: 'flat', feeBps: 10_001 }, 'feeBps'],
    ['a fraction of a basis point', { kind: 'flat', feeBps: 12.5 }, 'feeBps'],
    ['a flat rule with tiers', { kind: 'flat', feeBps: 1500, tiers: PREPLY_TIERS }, 'tiers'],
    ['a tiered rule without tiers', { kind: 'tiered' }, 'tiers'],
    ['no tiers at all', { kind: 'tiered', tiers: [] }, 'tiers'],
    [
      'a first tier after 0 h',
      { kind: 'tiered', tiers: [{ fromHours: 5, feeBps: 3000 }] },
      'tiers',
    ],
    [
      'two tiers from the same hours',
      {
        kind: 'tiered',
        tiers: [
          { fromHours: 0, feeBps: 3000 },
          { fromHours: 20, feeBps: 2500 },
          { fromHours: 20, feeBps: 2000 },
        ],
      },
      'tiers',
    ],
    [
      'a negative tier fee',
      { kind: 'tiered', tiers: [{ fromHours: 0, feeBps: -1 }] },
      'tiers.0.feeBps',
    ],
    ['a tier without its fee', { kind: 'tiered', tiers: [{ fromHours: 0 }] }, 'tiers.0.feeBps'],
    [
      'a tiered rule with a flat fee',
      { kind: 'tiered', tiers: [{ fromHours: 0, feeBps: 3000 }], feeBps: 1000 },
      'feeBps',
    ],
    ['an unknown kind', { kind: 'percent', feeBps: 1500 }, 'kind'],
  ])('refuses %s with 400 naming the field, and sets nothing', async (_case, body, field) => {
    const before = (await listRules(admin)).body as unknown[];
    const res = await setRule(admin, body);
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('request.validation_failed');
    expect((res.body.errors as { field: string }[]).map((error) => error.field)).toContain(field);
    expect((await listRules(admin)).body).toEqual(before);
  });

  it('has the database refuse tiers out of order, or a rule of the wrong shape', async () => {
    for (const [kind, feeBps, tiers] of [
      ['tiered', null, '[{"fromHours": 5, "feeBps": 3000}]'],
      ['tiered', null, '[{"fromHours": 0, "feeBps": 3000}, {"fromHours": 0, "feeBps": 2000}]'],
      ['tiered', null, '[{"fromHours": 0, "feeBps": 10001}]'],
      ['tiered', null, '[]'],
      ['tiered', 1500, '[{"fromHours": 0, "feeBps": 3000}]'],
      ['flat', null, null],
    ]) {
      await expect(
        t.dataSource.query(
          `INSERT INTO billing.commission_rules (version, kind, fee_bps, tiers, created_at)
           VALUES (1000, $1, $2, $3::jsonb, now())`,
          [kind, feeBps, tiers],
        ),
      ).rejects.toThrow(/check constraint/);
    }
  });

  it('names what is wrong with the tiers’ order', async () => {
    const res = await setRule(admin, {
      kind: 'tiered',
      tiers: [
        { fromHours: 0, feeBps: 3000 },
        { fromHours: 10, feeBps: 2500 },
        { fromHours: 5, feeBps: 2000 },
      ],
    });
    expect(res.body.errors).toEqual([
      { field: 'tiers', message: 'each tier must start at more hours than the one before' },
    ]);
  });

  it('lets only admins list or set rules (403), and nobody signed out (401)', async () => {
    const student = await given(t).student();
    for (const actor of [student, market.tutor]) {
      expect((await listRules(actor)).status).toBe(403);
      expect((await setRule(actor, { kind: 'flat', feeBps: 0 })).status).toBe(403);
    }
    expect((await t.http().get('/api/v1/admin/commission-rules')).status).toBe(401);
    expect(
      (await t.http().post('/api/v1/admin/commission-rules').send({ kind: 'flat', feeBps: 0 }))
        .status,
    ).toBe(401);
  });
});
