import { Clock, ControllableClock, JobQueue } from '@etutors/platform';
import { DataSource } from 'typeorm';
import { PayoutRunsService } from '../../libs/billing/src/application/payout-runs.service.js';
import { PayoutsService } from '../../libs/billing/src/application/payouts.service.js';
import { BillingSettings } from '../../libs/billing/src/billing.settings.js';
import {
  PaymentProvider,
  type TransferOutcome,
} from '../../libs/billing/src/domain/payment-provider.js';
import { isoWeek } from '../../libs/billing/src/domain/payout-plan.js';
import { PayoutRunEntity } from '../../libs/billing/src/domain/payout-run.entity.js';
import { PayoutRepository } from '../../libs/billing/src/infrastructure/payout.repository.js';
import {
  SANDBOX_FAILING_IBAN,
  SANDBOX_FAILING_IBAN_REASON,
  SANDBOX_UNREACHABLE_IBAN,
  SandboxPaymentProvider,
} from '../../libs/billing/src/infrastructure/sandbox-payment.provider.js';
import { given, type Actor } from '../support/given.js';
import type { TestApp } from '../support/test-app.js';
import { marketplace, type Marketplace } from './support/marketplace.js';
import {
  moneyOut,
  PAYABLE_IBAN,
  startAppOnClock,
  tutorEarnings,
  tutorPayouts,
  type MoneyOut,
} from './support/money-out.js';

/**
 * The real sandbox, which can be told to crash right after a tutor's transfer went through at
 * the "bank" and before our transaction commits: what a killed worker leaves behind.
 */
class CrashingSandbox extends SandboxPaymentProvider {
  crashAfterTransferTo: string | null = null;
  crashes = 0;
  /** While set, asking the bank about a transfer fails (it cannot say). */
  lookupsFail = false;

  override findTransfer(
    input: Parameters<SandboxPaymentProvider['findTransfer']>[0],
  ): ReturnType<SandboxPaymentProvider['findTransfer']> {
    if (this.lookupsFail) return Promise.reject(new Error('the sandbox bank is down'));
    return super.findTransfer(input);
  }

  override async transfer(
    input: Parameters<SandboxPaymentProvider['transfer']>[0],
  ): Promise<TransferOutcome> {
    const outcome = await super.transfer(input);
    if (this.crashAfterTransferTo === input.destination.accountHolder) {
      this.crashAfterTransferTo = null;
      this.crashes += 1;
      throw new Error('worker killed after the transfer, before the commit');
    }
    return outcome;
  }
}

/**
 * Earnings become available as they do in production: the tutor completes the lesson, the hold
 * passes on the API's clock and the release job runs; refunds are the admin's refund route.
 */
describe('payouts: runs that pay each tutor what is available, exactly once', () => {
  let t: TestApp;
  let admin: Actor;
  let sandbox: CrashingSandbox;
  let money: MoneyOut;
  const clock = new ControllableClock(new Date());

  beforeAll(async () => {
    t = await startAppOnClock(clock, {
      env: { PLATFORM_FEE_BPS: '1500', PAYOUT_MINIMUM: '2000' },
      override: (builder) =>
        builder.overrideProvider(PaymentProvider).useFactory({
          inject: [JobQueue, BillingSettings, Clock, DataSource],
          factory: (jobs: JobQueue, settings: BillingSettings, time: Clock, ds: DataSource) =>
            new CrashingSandbox(jobs, settings, time, ds),
        }),
    });
    sandbox = t.get(PaymentProvider) as CrashingSandbox;
    admin = await given(t).admin();
    money = moneyOut(t, clock);
  });
  afterAll(() => t.close());
  afterEach(() => clock.set(new Date()));

  const setPayoutAccount = (tutor: Actor, iban: string) => money.setPayoutAccount(tutor, iban);

  /** A tutor of their own marketplace, with a payout account unless told otherwise. */
  async function tutorWithAccount(iban: string | null = PAYABLE_IBAN) {
    const market = await marketplace(t);
    if (iban) await setPayoutAccount(market.tutor, iban);
    return market;
  }

  /** A refund of a released lesson takes the tutor's part back from available. */
  async function clawBack(paymentId: string, amount: number): Promise<void> {
    expect((await money.refund(admin, paymentId, amount)).status).toBe(201);
  }

  /** A paid lesson (90 minutes = 6000, share 5100 unless `minutes` says otherwise), released. */
  async function releasedLesson(market: Marketplace, minutes = 90) {
    const lesson = await money.paidLesson(market, minutes);
    await money.release(market.tutor, lesson);
    return lesson;
  }

  const startRun = () => money.startRun(admin);
  const getRun = (id: string) => money.getRun(admin, id);
  const runCompleted = (id: string) => money.runCompleted(admin, id);
  /** Starts a run as an admin and waits for it to complete. */
  const runPayouts = () => money.runPayouts(admin);

  const earnings = (tutor: Actor) => tutorEarnings(t, tutor.auth);
  const payoutsOf = (tutor: Actor) => tutorPayouts(t, tutor.auth);
  const transfersTo = async (tutor: Actor) =>
    (await t.dataSource.query(
      `SELECT s.payout_id AS "payoutId", s.amount::int AS amount, s.status
         FROM billing.sandbox_transfers s JOIN billing.payouts p ON p.id = s.payout_id
        WHERE p.tutor_id = $1 ORDER BY s.created_at`,
      [tutor.id],
    )) as { payoutId: string; amount: number; status: string }[];
  const payoutPostings = async (tutor: Actor) =>
    (await t.dataSource.query(
      `SELECT payout_id AS "payoutId", account, amount::int AS amount FROM billing.ledger_entries
        WHERE owner_id = $1 AND kind = 'payout_sent' ORDER BY payout_id, account`,
      [tutor.id],
    )) as { payoutId: string; account: string; amount: number }[];

  it('pays a released lesson out: earnings, ledger accounts, the payout with its lesson, the event, one transfer', async () => {
    const market = await tutorWithAccount();
    const { tutor } = market;
    const lesson = await money.paidLesson(market);
    expect(await earnings(tutor)).toEqual([
      { currency: 'USD', pending: 5100, available: 0, paidOut: 0 },
    ]);
    await money.release(tutor, lesson);
    expect(await earnings(tutor)).toEqual([
      { currency: 'USD', pending: 0, available: 5100, paidOut: 0 },
    ]);

    const started = await startRun();
    expect(started.status).toBe(202);
    expect(started.body).toMatchObject({
      status: 'running',
      trigger: 'admin',
      requestedBy: admin.id,
    });
    const run = await runCompleted(started.body.id);
    expect(run.counts).toEqual({ planned: 1, pending: 0, sent: 1, failed: 0 });

    expect(await earnings(tutor)).toEqual([
      { currency: 'USD', pending: 0, available: 0, paidOut: 5100 },
    ]);
    const accounts = await t.http().get('/api/v1/admin/ledger/accounts').set(admin.auth);
    expect(
      (accounts.body as { account: string; ownerId: string | null; balance: number }[]).filter(
        (row) => row.ownerId === tutor.id,
      ),
    ).toEqual([
      { account: 'tutor_available', ownerId: tutor.id, currency: 'USD', balance: 0 },
      { account: 'tutor_paid_out', ownerId: tutor.id, currency: 'USD', balance: -5100 },
      { account: 'tutor_pending', ownerId: tutor.id, currency: 'USD', balance: 0 },
    ]);

    const [payout, ...more] = await payoutsOf(tutor);
    expect(more).toEqual([]);
    expect(payout).toMatchObject({
      runId: started.body.id,
      amount: 5100,
      currency: 'USD',
      status: 'sent',
      failureReason: null,
      lessons: [{ bookingId: lesson.bookingId, paymentId: lesson.paymentId, amount: 5100 }],
    });
    expect(payout!.sentAt).toEqual(expect.any(String));
    expect(await payoutPostings(tutor)).toEqual([
      { payoutId: payout!.id, account: 'tutor_available', amount: 5100 },
      { payoutId: payout!.id, account: 'tutor_paid_out', amount: -5100 },
    ]);
    const events = (await t.dataSource.query(
      `SELECT aggregate_id AS "aggregateId", payload FROM platform.outbox WHERE type = 'billing.payout.sent' AND aggregate_id = $1`,
      [payout!.id],
    )) as { payload: Record<string, unknown> }[];
    expect(events).toEqual([
      {
        aggregateId: payout!.id,
        payload: { payoutId: payout!.id, tutorId: tutor.id, amount: 5100, currency: 'USD' },
      },
    ]);
    expect(await transfersTo(tutor)).toEqual([
      { payoutId: payout!.id, amount: 5100, status: 'sent' },
    ]);

    // The next run has nothing left to pay this tutor.
    await runPayouts();
    expect(await payoutsOf(tutor)).toHaveLength(1);
    expect(await transfersTo(tutor)).toHaveLength(1);
  });

  it('pays nothing below PAYOUT_MINIMUM, and pays once the balance reaches it', async () => {
    const market = await tutorWithAccount();
    await releasedLesson(market, 30); // 2000, fee 300: 1700 available
    await runPayouts();
    expect(await payoutsOf(market.tutor)).toEqual([]);
    expect(await earnings(market.tutor)).toEqual([
      { currency: 'USD', pending: 0, available: 1700, paidOut: 0 },
    ]);
    await releasedLesson(market, 30);
    await runPayouts();
    expect(await payoutsOf(market.tutor)).toMatchObject([{ amount: 3400, status: 'sent' }]);
  });

  it('skips a tutor without a payout account, leaving the balance available', async () => {
    const market = await tutorWithAccount(null);
    await releasedLesson(market);
    await runPayouts();
    expect(await payoutsOf(market.tutor)).toEqual([]);
    expect(await transfersTo(market.tutor)).toEqual([]);
    expect(await earnings(market.tutor)).toEqual([
      { currency: 'USD', pending: 0, available: 5100, paidOut: 0 },
    ]);
  });

  it('pays every tutor exactly once when a run is killed halfway and runs again', async () => {
    const markets = [await tutorWithAccount(), await tutorWithAccount(), await tutorWithAccount()];
    for (const market of markets) await releasedLesson(market);
    const crashed = markets[1]!.tutor;
    sandbox.crashAfterTransferTo = crashed.displayName;
    const crashesBefore = sandbox.crashes;

    // The job's first attempt sends the others and dies on this tutor after the transfer; its
    // retry finds that transfer under the payout's key instead of making a second.
    await runPayouts();
    expect(sandbox.crashes).toBe(crashesBefore + 1);
    for (const { tutor } of markets) {
      const payouts = await payoutsOf(tutor);
      expect(payouts).toMatchObject([{ amount: 5100, status: 'sent' }]);
      expect(await transfersTo(tutor)).toEqual([
        { payoutId: payouts[0]!.id, amount: 5100, status: 'sent' },
      ]);
      expect(await payoutPostings(tutor)).toHaveLength(2);
      expect(await earnings(tutor)).toEqual([
        { currency: 'USD', pending: 0, available: 0, paidOut: 5100 },
      ]);
    }
  });

  it('sends what a run planned when its worker died before sending anything', async () => {
    const market = await tutorWithAccount();
    await releasedLesson(market);
    // A run whose plan committed and whose job then vanished, without a queued retry.
    const run = PayoutRunEntity.requested(admin.id, clock.now());
    expect(await t.get(PayoutRepository).insertRun(run)).toBe(true);
    expect(await t.get(PayoutsService).plan(run.id)).toBeGreaterThanOrEqual(1);
    expect(await payoutsOf(market.tutor)).toMatchObject([{ status: 'pending', amount: 5100 }]);
    expect(await transfersTo(market.tutor)).toEqual([]);

    // Starting a run joins the one still running; running its job again sends and completes it.
    const joined = await startRun();
    expect(joined.body.id).toBe(run.id);
    await t.get(PayoutRunsService).run({ runId: run.id });
    expect((await getRun(run.id)).body).toMatchObject({ status: 'completed' });
    expect(await payoutsOf(market.tutor)).toMatchObject([{ status: 'sent', amount: 5100 }]);
    expect(await transfersTo(market.tutor)).toHaveLength(1);
  });

  it('makes two runs started at once one run, paying each tutor once', async () => {
    const markets = [await tutorWithAccount(), await tutorWithAccount()];
    for (const market of markets) await releasedLesson(market);
    const [first, second] = await Promise.all([startRun(), startRun()]);
    expect([first.status, second.status]).toEqual([202, 202]);
    expect(second.body.id).toBe(first.body.id);
    const runs = t.get(PayoutRunsService);
    // Beside the queued job, two more workers run the same run at the same moment.
    await Promise.all([runs.run({ runId: first.body.id }), runs.run({ runId: first.body.id })]);
    await runCompleted(first.body.id);
    for (const { tutor } of markets) {
      expect(await payoutsOf(tutor)).toMatchObject([{ amount: 5100, status: 'sent' }]);
      expect(await transfersTo(tutor)).toHaveLength(1);
      expect(await payoutPostings(tutor)).toHaveLength(2);
    }
  });

  it('reports a refused transfer on the payout, keeps the balance available and retries in the next run', async () => {
    const market = await tutorWithAccount(SANDBOX_FAILING_IBAN);
    const { tutor } = market;
    const lesson = await releasedLesson(market);
    const run = await runPayouts();
    expect(run.counts).toMatchObject({ failed: 1 });
    const [failed] = await payoutsOf(tutor);
    expect(failed).toMatchObject({
      amount: 5100,
      status: 'failed',
      failureReason: SANDBOX_FAILING_IBAN_REASON,
      sentAt: null,
      lessons: [{ bookingId: lesson.bookingId, amount: 5100 }],
    });
    expect(await earnings(tutor)).toEqual([
      { currency: 'USD', pending: 0, available: 5100, paidOut: 0 },
    ]);
    expect(await payoutPostings(tutor)).toEqual([]);
    const failures = await t
      .http()
      .get('/api/v1/admin/payouts?status=failed&limit=100')
      .set(admin.auth);
    expect(failures.status).toBe(200);
    expect(failures.body.data).toContainEqual(
      expect.objectContaining({
        id: failed!.id,
        tutorId: tutor.id,
        failureReason: SANDBOX_FAILING_IBAN_REASON,
      }),
    );

    // The tutor fixes their account: the next run pays the same lesson with a new payout.
    await setPayoutAccount(tutor, PAYABLE_IBAN);
    await runPayouts();
    const [retried, first] = await payoutsOf(tutor);
    expect(first!.id).toBe(failed!.id);
    expect(retried).toMatchObject({
      amount: 5100,
      status: 'sent',
      lessons: [{ bookingId: lesson.bookingId, paymentId: lesson.paymentId, amount: 5100 }],
    });
    expect(await earnings(tutor)).toEqual([
      { currency: 'USD', pending: 0, available: 0, paidOut: 5100 },
    ]);
    expect((await transfersTo(tutor)).map((transfer) => transfer.status)).toEqual([
      'failed',
      'sent',
    ]);
  });

  it('recovers a refund after payout from later earnings before paying out again', async () => {
    const market = await tutorWithAccount();
    const { tutor } = market;
    const first = await releasedLesson(market);
    await runPayouts();
    // The whole first lesson is refunded after its share was paid out.
    await clawBack(first.paymentId, 6000);
    expect(await earnings(tutor)).toEqual([
      { currency: 'USD', pending: 0, available: -5100, paidOut: 5100 },
    ]);
    await runPayouts();
    expect(await payoutsOf(tutor)).toHaveLength(1);

    // 120 minutes = 8000, share 6800: it settles the 5100 first, leaving 1700, under the minimum.
    const second = await releasedLesson(market, 120);
    expect(await earnings(tutor)).toEqual([
      { currency: 'USD', pending: 0, available: 1700, paidOut: 5100 },
    ]);
    await runPayouts();
    expect(await payoutsOf(tutor)).toHaveLength(1);

    const third = await releasedLesson(market);
    await runPayouts();
    const [latest] = await payoutsOf(tutor);
    expect(latest).toMatchObject({
      amount: 6800,
      status: 'sent',
      lessons: [
        { bookingId: first.bookingId, paymentId: first.paymentId, amount: -5100 },
        { bookingId: second.bookingId, paymentId: second.paymentId, amount: 6800 },
        { bookingId: third.bookingId, paymentId: third.paymentId, amount: 5100 },
      ],
    });
    expect(await earnings(tutor)).toEqual([
      { currency: 'USD', pending: 0, available: 0, paidOut: 11_900 },
    ]);
  });

  it('never sends a planned payout once a refund left less available than it covers', async () => {
    const market = await tutorWithAccount();
    const { tutor } = market;
    const lesson = await releasedLesson(market);
    const run = PayoutRunEntity.requested(admin.id, clock.now());
    await t.get(PayoutRepository).insertRun(run);
    await t.get(PayoutsService).plan(run.id);
    // Between planning and sending, half the lesson is refunded.
    await clawBack(lesson.paymentId, 3000);
    await t.get(PayoutRunsService).run({ runId: run.id });
    const [payout] = await payoutsOf(tutor);
    expect(payout).toMatchObject({ amount: 5100, status: 'failed' });
    expect(payout!.failureReason).toContain('fell below the payout');
    expect(await transfersTo(tutor)).toEqual([]);
    expect(await earnings(tutor)).toEqual([
      { currency: 'USD', pending: 0, available: 2550, paidOut: 0 },
    ]);
    // What is left is paid by the next run, covering the lesson net of its refund.
    await runPayouts();
    expect((await payoutsOf(tutor))[0]).toMatchObject({
      amount: 2550,
      status: 'sent',
      lessons: [{ bookingId: lesson.bookingId, amount: 2550 }],
    });
  });

  it('makes one scheduled run per ISO week, however many instances fire the schedule', async () => {
    const market = await tutorWithAccount();
    await releasedLesson(market);
    const runs = t.get(PayoutRunsService);
    // Every API and worker instance's Monday 06:00 schedule fires at once.
    const fired = await Promise.all([runs.scheduleRun(), runs.scheduleRun(), runs.scheduleRun()]);
    expect(new Set(fired.map((run) => run.id)).size).toBe(1);
    expect(fired[0]).toMatchObject({ trigger: 'schedule', scheduledFor: isoWeek(clock.now()) });
    await runCompleted(fired[0]!.id);
    expect(await payoutsOf(market.tutor)).toMatchObject([{ runId: fired[0]!.id, status: 'sent' }]);
    // A late instance in the same week finds the week's run done and starts nothing.
    const late = await runs.scheduleRun();
    expect(late).toMatchObject({ id: fired[0]!.id, status: 'completed' });
  });

  const giveUp = (
    payoutId: string,
    body: object = { reason: 'the bank has not answered for two days' },
  ) => t.http().post(`/api/v1/admin/payouts/${payoutId}/give-up`).set(admin.auth).send(body);
  /** A run planned in full whose sending then stopped (as its job's attempts ran out). */
  async function stuckRun(market: Marketplace) {
    await releasedLesson(market);
    const run = PayoutRunEntity.requested(admin.id, clock.now());
    expect(await t.get(PayoutRepository).insertRun(run)).toBe(true);
    expect(await t.get(PayoutsService).plan(run.id)).toBeGreaterThanOrEqual(1);
    await expect(t.get(PayoutsService).sendPending()).rejects.toThrow();
    const [stuck] = await payoutsOf(market.tutor);
    expect(stuck).toMatchObject({ status: 'pending', amount: 5100 });
    // It keeps its run running: a new start joins it.
    expect((await startRun()).body.id).toBe(run.id);
    return { run, stuck: stuck! };
  }

  it('lets an admin give up a payout stuck pending: failed with the reason, the balance still available, the run completed', async () => {
    const market = await tutorWithAccount(SANDBOX_UNREACHABLE_IBAN);
    const { tutor } = market;
    const { run, stuck } = await stuckRun(market);

    // Without the bank's word nothing changes.
    sandbox.lookupsFail = true;
    try {
      const unanswered = await giveUp(stuck.id);
      expect(unanswered.status).toBe(503);
      expect(unanswered.headers['content-type']).toContain('application/problem+json');
    } finally {
      sandbox.lookupsFail = false;
    }
    expect(await payoutsOf(tutor)).toMatchObject([{ id: stuck.id, status: 'pending' }]);
    expect((await giveUp(stuck.id, {})).status).toBe(400);
    expect((await giveUp(stuck.id, { reason: '' })).status).toBe(400);
    expect(await payoutsOf(tutor)).toMatchObject([{ id: stuck.id, status: 'pending' }]);

    const res = await giveUp(stuck.id);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      id: stuck.id,
      status: 'failed',
      failureReason: 'Given up by an admin: the bank has not answered for two days',
      sentAt: null,
    });
    expect(await earnings(tutor)).toEqual([
      { currency: 'USD', pending: 0, available: 5100, paidOut: 0 },
    ]);
    expect(await transfersTo(tutor)).toEqual([]);
    expect(await payoutPostings(tutor)).toEqual([]);
    expect((await getRun(run.id)).body).toMatchObject({ status: 'completed' });
    // Settled: giving it up again is a conflict; an unknown payout is not found.
    expect((await giveUp(stuck.id)).body).toMatchObject({
      status: 409,
      code: 'payout.not_pending',
    });
    expect((await giveUp(crypto.randomUUID())).status).toBe(404);

    // The tutor's account works again: the next run pays the same lesson.
    await setPayoutAccount(tutor, PAYABLE_IBAN);
    await runPayouts();
    expect((await payoutsOf(tutor)).map((payout) => payout.status)).toEqual(['sent', 'failed']);
    expect(await earnings(tutor)).toEqual([
      { currency: 'USD', pending: 0, available: 0, paidOut: 5100 },
    ]);
  });

  it('records a given-up payout as sent when the bank had made the transfer after all', async () => {
    const market = await tutorWithAccount();
    const { tutor } = market;
    // The transfer goes through at the bank, then the worker dies before its commit.
    sandbox.crashAfterTransferTo = tutor.displayName;
    const { run, stuck } = await stuckRun(market);
    expect(await transfersTo(tutor)).toEqual([
      { payoutId: stuck.id, amount: 5100, status: 'sent' },
    ]);

    const res = await giveUp(stuck.id);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ id: stuck.id, status: 'sent', failureReason: null });
    expect(await payoutPostings(tutor)).toEqual([
      { payoutId: stuck.id, account: 'tutor_available', amount: 5100 },
      { payoutId: stuck.id, account: 'tutor_paid_out', amount: -5100 },
    ]);
    expect(await earnings(tutor)).toEqual([
      { currency: 'USD', pending: 0, available: 0, paidOut: 5100 },
    ]);
    expect(await transfersTo(tutor)).toHaveLength(1);
    expect((await getRun(run.id)).body).toMatchObject({ status: 'completed' });
  });

  it('shows a tutor with no earnings an empty list, and an unknown run as 404', async () => {
    const tutor = await given(t).tutor();
    expect(await earnings(tutor)).toEqual([]);
    expect(await payoutsOf(tutor)).toEqual([]);
    const missing = await getRun('0190a0c0-0000-7000-8000-000000000000');
    expect(missing.status).toBe(404);
    expect(missing.body.code).toBe('payout_run.not_found');
    const bad = await t.http().get('/api/v1/admin/payouts?status=lost').set(admin.auth);
    expect(bad.status).toBe(400);
  });

  it('answers 401 without a token and 403 to the wrong role on every route', async () => {
    const student = await given(t).student();
    const tutor = await given(t).tutor();
    const run = 'runs/0190a0c0-0000-7000-8000-000000000000';
    const routes: ['get' | 'post', string, Actor[]][] = [
      ['post', '/api/v1/admin/payouts/run', [student, tutor]],
      ['get', `/api/v1/admin/payouts/${run}`, [student, tutor]],
      ['get', '/api/v1/admin/payouts', [student, tutor]],
      ['get', '/api/v1/tutors/me/earnings', [student, admin]],
      ['get', '/api/v1/tutors/me/payouts', [student, admin]],
    ];
    for (const [method, path, forbidden] of routes) {
      expect({ path, status: (await t.http()[method](path)).status }).toEqual({
        path,
        status: 401,
      });
      for (const actor of forbidden) {
        const res = await t.http()[method](path).set(actor.auth);
        expect({ path, role: actor.email, status: res.status }).toEqual({
          path,
          role: actor.email,
          status: 403,
        });
      }
    }
  });
});
