import { randomUUID } from 'node:crypto';
import { Clock, type ControllableClock } from '@etutors/platform';
import { EarningsRelease } from '../../../libs/billing/src/application/earnings-release.js';
import { BillingSettings } from '../../../libs/billing/src/billing.settings.js';
import { WITH_ADMIN, type Actor } from '../../support/given.js';
import {
  eventually,
  startTestApp,
  type TestApp,
  type TestAppOptions,
} from '../../support/test-app.js';
import { DAY, HOUR } from '../../scheduling/support.js';
import type { Marketplace } from './marketplace.js';

/** An IBAN the sandbox pays (valid length and checksum). */
export const PAYABLE_IBAN = 'DE89370400440532013000';

const MINUTE = 60_000;

/**
 * A test app (with an admin's email) on `clock`, as `moneyOut` needs it: the clock moves days
 * ahead, and access tokens expire by that same clock, so they live `days` days. `env` and
 * `override` add to that.
 */
export function startAppOnClock(
  clock: ControllableClock,
  { days = 60, env, override, ...options }: TestAppOptions & { days?: number } = {},
): Promise<TestApp> {
  return startTestApp({
    ...options,
    env: { ...WITH_ADMIN, ACCESS_TOKEN_TTL: String((days * DAY) / 1000), ...env },
    override: (builder) => {
      const onClock = builder.overrideProvider(Clock).useValue(clock);
      return override ? override(onClock) : onClock;
    },
  });
}

/** A payout as `GET /tutors/me/payouts` lists it. */
export interface PayoutBody {
  id: string;
  runId: string;
  amount: number;
  currency: string;
  status: string;
  failureReason: string | null;
  sentAt: string | null;
  lessons: { bookingId: string; paymentId: string; amount: number }[];
}

/** The payouts the tutor signed in with `auth` sees, newest first. */
export async function tutorPayouts(
  t: TestApp,
  auth: { authorization: string },
): Promise<PayoutBody[]> {
  const res = await t.http().get('/api/v1/tutors/me/payouts').set(auth);
  if (res.status !== 200)
    throw new Error(`listing payouts failed: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body.data as PayoutBody[];
}

/** A currency's line of `GET /tutors/me/earnings`. */
export interface EarningsBalance {
  currency: string;
  pending: number;
  available: number;
  paidOut: number;
}

/** The earnings the tutor signed in with `auth` sees, per currency. */
export async function tutorEarnings(
  t: TestApp,
  auth: { authorization: string },
): Promise<EarningsBalance[]> {
  const res = await t.http().get('/api/v1/tutors/me/earnings').set(auth);
  if (res.status !== 200)
    throw new Error(`reading earnings failed: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body.balances as EarningsBalance[];
}

export interface PaidLesson {
  bookingId: string;
  paymentId: string;
}

/**
 * Money leaving the platform as a tutor and an admin make it leave: the tutor completes the
 * lesson, the hold passes on the app's `clock`, the release job runs, the tutor names a payout
 * account and an admin runs payouts. The app must use `clock` as its Clock and issue access
 * tokens that outlive the days it is moved ahead.
 */
export function moneyOut(t: TestApp, clock: ControllableClock) {
  const holdMs = () => t.get(BillingSettings).PAYOUT_HOLD_HOURS * HOUR;
  const releaseDueAt = async (paymentId: string) => {
    const [row] = (await t.dataSource.query(
      `SELECT release_due_at AS "releaseDueAt" FROM billing.payments WHERE id = $1`,
      [paymentId],
    )) as { releaseDueAt: Date | null }[];
    return row?.releaseDueAt ?? null;
  };
  const lessonOf = (tutor: Actor, bookingId: string) =>
    eventually(async () => {
      const res = await t.http().get(`/api/v1/lessons?bookingId=${bookingId}`).set(tutor.auth);
      return res.body.data?.[0] as { id: string; endsAt: string; status: string } | undefined;
    });
  /** The release job, as the worker runs it; resolves with how many payments it released. */
  const releaseDue = () => t.get(EarningsRelease).releaseDue();

  /**
   * The tutor completes the lesson, moving the clock past its end if it has not ended yet;
   * resolves with the instant of completion once billing has started the hold.
   */
  async function completeLesson(tutor: Actor, lesson: PaidLesson): Promise<Date> {
    const { id, endsAt } = await lessonOf(tutor, lesson.bookingId);
    const ended = new Date(endsAt).getTime() + MINUTE;
    if (clock.now().getTime() < ended) clock.set(new Date(ended));
    const res = await t.http().post(`/api/v1/lessons/${id}/complete`).set(tutor.auth);
    if (res.status !== 200 || res.body.status !== 'completed')
      throw new Error(`completing the lesson failed: ${res.status} ${JSON.stringify(res.body)}`);
    const completedAt = clock.now();
    await eventually(async () => (await releaseDueAt(lesson.paymentId)) !== null);
    return completedAt;
  }

  /** Moves the clock to the end of the hold (unless it is past it) and runs the release job. */
  function passHoldAndRelease(completedAt: Date): Promise<number> {
    const due = completedAt.getTime() + holdMs();
    if (clock.now().getTime() < due) clock.set(new Date(due));
    return releaseDue();
  }

  /** The lesson is taught and completed, its hold passes and the release job makes its share available. */
  async function release(tutor: Actor, lesson: PaidLesson): Promise<void> {
    await passHoldAndRelease(await completeLesson(tutor, lesson));
  }

  /**
   * Where a lesson of `tutor`'s may start next: 10:00 UTC on the day after the clock's (or after
   * the last one handed out), so lessons booked one after another never overlap.
   */
  const lastStarts = new Map<string, number>();
  function nextLessonStart(tutor: Actor): string {
    const after = Math.max(clock.now().getTime(), lastStarts.get(tutor.id) ?? 0);
    const start = new Date(after + DAY);
    start.setUTCHours(10, 0, 0, 0);
    lastStarts.set(tutor.id, start.getTime());
    return start.toISOString();
  }

  /** A paid, confirmed lesson starting after the clock's now (90 minutes = 6000 by default). */
  async function paidLesson(market: Marketplace, minutes = 90): Promise<PaidLesson> {
    const { bookingId, paymentId } = await market.paidBooking({
      minutes,
      startsAt: nextLessonStart(market.tutor),
    });
    return { bookingId, paymentId };
  }

  /** The tutor's payout account, in the account holder's name (their display name). */
  async function setPayoutAccount(tutor: Actor, iban: string = PAYABLE_IBAN): Promise<void> {
    const res = await t
      .http()
      .put('/api/v1/tutors/me/payout-account')
      .set(tutor.auth)
      .send({ accountHolder: tutor.displayName, iban });
    if (res.status !== 200)
      throw new Error(`payout account refused: ${res.status} ${JSON.stringify(res.body)}`);
  }

  const startRun = (admin: Actor) => t.http().post('/api/v1/admin/payouts/run').set(admin.auth);
  const getRun = (admin: Actor, id: string) =>
    t.http().get(`/api/v1/admin/payouts/runs/${id}`).set(admin.auth);
  /** Resolves with the run once its job has completed it. */
  const runCompleted = (admin: Actor, id: string) =>
    eventually(async () => {
      const res = await getRun(admin, id);
      return res.body.status === 'completed' && res.body;
    });
  /** An admin starts a payout run; resolves with the run once its job has completed it. */
  async function runPayouts(admin: Actor) {
    const started = await startRun(admin);
    if (started.status !== 202)
      throw new Error(`payout run refused: ${started.status} ${JSON.stringify(started.body)}`);
    return runCompleted(admin, started.body.id as string);
  }

  /** An admin refunds `amount` of the payment (the route the support desk uses). */
  const refund = (admin: Actor, paymentId: string, amount: number) =>
    t
      .http()
      .post(`/api/v1/admin/payments/${paymentId}/refunds`)
      .set(admin.auth)
      .set('idempotency-key', randomUUID())
      .send({ amount, reason: 'lesson cut short' });

  return {
    lessonOf,
    releaseDue,
    completeLesson,
    passHoldAndRelease,
    release,
    nextLessonStart,
    paidLesson,
    setPayoutAccount,
    startRun,
    getRun,
    runCompleted,
    runPayouts,
    refund,
  };
}

export type MoneyOut = ReturnType<typeof moneyOut>;
