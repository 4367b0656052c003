import fc from 'fast-check';
import { refundOnCancellation } from '../../../scheduling/src/domain/cancellation-policy.js';
import { RefundExceedsCapturedError } from '../billing.errors.js';
import {
  earningsReleased,
  paymentCaptured,
  payoutSent,
  refundIssued,
  type Posting,
} from './ledger.js';
import { PaymentEntity } from './payment.entity.js';

const HOUR = 3_600_000;

type Operation =
  | { kind: 'pay'; amount: number; feeBps: number }
  | { kind: 'cancel'; payment: number; by: 'student' | 'tutor' | 'admin'; hoursBefore: number }
  | { kind: 'refund'; payment: number; amount: number };

const operation: fc.Arbitrary<Operation> = fc.oneof(
  fc.record({
    kind: fc.constant('pay' as const),
    amount: fc.integer({ min: 1, max: 2_000_000 }),
    feeBps: fc.integer({ min: 0, max: 10_000 }),
  }),
  fc.record({
    kind: fc.constant('cancel' as const),
    payment: fc.nat(),
    by: fc.constantFrom('student' as const, 'tutor' as const, 'admin' as const),
    hoursBefore: fc.integer({ min: -3, max: 72 }),
  }),
  fc.record({
    kind: fc.constant('refund' as const),
    payment: fc.nat(),
    amount: fc.integer({ min: 1, max: 2_000_000 }),
  }),
);

/**
 * Random sequences of payments, cancellations by the policy and admin refunds, run through the
 * same entity and posting rules the services use: every posting balances, no account balance
 * strays from what was captured and given back, and a payment never gives back more than it took.
 */
describe('the ledger over random sequences of pay, cancel and refund', () => {
  it('keeps every posting and the whole ledger balanced, and never refunds more than was captured', () => {
    fc.assert(
      fc.property(fc.array(operation, { minLength: 1, maxLength: 40 }), (operations) => {
        const now = new Date('2026-12-01T10:00:00Z');
        const payments: PaymentEntity[] = [];
        const cancelled = new Set<PaymentEntity>();
        const postings: Posting[] = [];
        for (const op of operations) {
          if (op.kind === 'pay') {
            const payment = PaymentEntity.forBooking({
              booking: { bookingId: `b${payments.length}`, studentId: 's', tutorId: 't' },
              price: { amount: op.amount, currency: 'EUR' },
              feeBps: op.feeBps,
              provider: 'sandbox',
              providerPaymentId: `p${payments.length}`,
              clientSecret: null,
              now,
            });
            payment.settle({ status: 'succeeded' }, now);
            payments.push(payment);
            postings.push(
              paymentCaptured({
                tutorId: 't',
                amount: op.amount,
                currency: 'EUR',
                feeBps: op.feeBps,
              }),
            );
            continue;
          }
          if (payments.length === 0) continue;
          const payment = payments[op.payment % payments.length]!;
          let amount: number;
          if (op.kind === 'cancel') {
            // A booking is cancelled once; its refund is the policy's, bounded by what is left.
            if (cancelled.has(payment)) continue;
            cancelled.add(payment);
            const policy = refundOnCancellation({
              cancelledBy: op.by,
              price: payment.amount,
              startsAt: now.getTime() + op.hoursBefore * HOUR,
              now: now.getTime(),
            });
            amount = Math.min(policy, payment.refundable);
            if (amount === 0) continue;
          } else {
            amount = op.amount;
            if (amount > payment.refundable) {
              expect(() => payment.refund(amount, now)).toThrow(RefundExceedsCapturedError);
              continue;
            }
          }
          const { feeReversed } = payment.refund(amount, now);
          postings.push(
            refundIssued({ tutorId: 't', currency: 'EUR', refund: amount, feeReversed }),
          );
        }

        for (const posting of postings) {
          expect(posting.lines.reduce((sum, line) => sum + line.amount, 0)).toBe(0);
        }
        const balance = (account: string) =>
          postings
            .flatMap((posting) => posting.lines)
            .filter((line) => line.account === account)
            .reduce((sum, line) => sum + line.amount, 0);
        const captured = payments.reduce((sum, p) => sum + p.amount, 0);
        const refunded = payments.reduce((sum, p) => sum + p.refundedAmount, 0);
        const fees = payments.reduce((sum, p) => sum + p.platformFee - p.refundedFee, 0);
        expect(balance('provider_clearing')).toBe(captured - refunded);
        // What the platform and the tutor are owed is held for them: a credit (negative) balance.
        expect(balance('platform_revenue') + fees).toBe(0);
        expect(balance('tutor_pending') + (captured - refunded - fees)).toBe(0);
        for (const payment of payments) {
          expect(payment.refundedAmount).toBeLessThanOrEqual(payment.amount);
          expect(payment.refundedFee).toBeGreaterThanOrEqual(0);
          expect(payment.refundedFee).toBeLessThanOrEqual(payment.platformFee);
          // A payment given back in full gives back its whole fee, and the tutor keeps nothing.
          if (payment.refundable === 0) expect(payment.refundedFee).toBe(payment.platformFee);
        }
      }),
      { numRuns: 300 },
    );
  });
});

const HOLD_HOURS = 48;
const CURRENCIES = ['EUR', 'USD'] as const;
type Currency = (typeof CURRENCIES)[number];

type MoneyOutOperation =
  | { kind: 'pay'; amount: number; feeBps: number; currency: Currency }
  | { kind: 'complete'; payment: number }
  | { kind: 'cancel'; payment: number; late: boolean }
  | { kind: 'wait'; hours: number }
  | { kind: 'release' }
  | { kind: 'payout'; currency: Currency; minimum: number }
  | { kind: 'refund'; payment: number; amount: number }
  | { kind: 'dispute'; payment: number; step: 'opened' | 'won' | 'lost' };

// Weighted so that sequences reach completion, the end of the hold, release and payout often.
const moneyOutOperation: fc.Arbitrary<MoneyOutOperation> = fc.oneof(
  {
    weight: 3,
    arbitrary: fc.record({
      kind: fc.constant('pay' as const),
      amount: fc.integer({ min: 1, max: 500_000 }),
      feeBps: fc.integer({ min: 0, max: 10_000 }),
      currency: fc.constantFrom(...CURRENCIES),
    }),
  },
  {
    weight: 3,
    arbitrary: fc.record({ kind: fc.constant('complete' as const), payment: fc.nat() }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('cancel' as const),
      payment: fc.nat(),
      late: fc.boolean(),
    }),
  },
  {
    weight: 3,
    arbitrary: fc.record({
      kind: fc.constant('wait' as const),
      hours: fc.integer({ min: 1, max: 72 }),
    }),
  },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('release' as const) }) },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant('payout' as const),
      currency: fc.constantFrom(...CURRENCIES),
      minimum: fc.integer({ min: 1, max: 100_000 }),
    }),
  },
  {
    weight: 3,
    arbitrary: fc.record({
      kind: fc.constant('refund' as const),
      payment: fc.nat(),
      amount: fc.integer({ min: 1, max: 500_000 }),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('dispute' as const),
      payment: fc.nat(),
      step: fc.constantFrom('opened' as const, 'won' as const, 'lost' as const),
    }),
  },
);

/** What the tutor was owed, got and gave back, kept apart from the ledger to check it against. */
interface TutorModel {
  /** Per currency: shares released to the tutor. */
  earned: Record<Currency, number>;
  /** Tutor parts of refunds taken after release (a clawback, once paid out). */
  gaveBack: Record<Currency, number>;
  paidOut: Record<Currency, number>;
}

/**
 * Random sequences of the whole money flow for one tutor: payments, lesson completion and the
 * hold, early and late cancellations, releases (as the job runs them), payouts of the whole
 * available balance when it reaches a minimum, refunds before and after release and payout,
 * disputes opened, won and lost (charged back). Every posting balances, each
 * currency sums to zero, each payment is released at most once and only when due, a payout is
 * never sent from a balance below its minimum (so never from a negative one), and the tutor's
 * accounts equal what the tutor earned, got and gave back.
 */
describe('the ledger over random sequences of pay, complete, cancel, release, payout, chargeback and clawback', () => {
  it('keeps every posting and currency balanced and the tutor accounts equal to the model', () => {
    fc.assert(
      fc.property(
        fc.array(moneyOutOperation, { minLength: 1, maxLength: 80, size: 'max' }),
        (operations) => {
          let now = new Date('2026-12-01T10:00:00Z');
          const payments: { entity: PaymentEntity; cancelled: 'early' | 'late' | null }[] = [];
          const postings: Posting[] = [];
          const zero = () => ({ EUR: 0, USD: 0 });
          const model: TutorModel = { earned: zero(), gaveBack: zero(), paidOut: zero() };
          const balance = (account: string, currency: string) =>
            postings
              .filter((posting) => posting.currency === currency)
              .flatMap((posting) => posting.lines)
              .filter((line) => line.account === account)
              .reduce((sum, line) => sum + line.amount, 0);
          // A credit balance as an amount owed (0 - x: no negative zero from an empty account).
          const owed = (account: string, currency: string) => 0 - balance(account, currency);
          // Held for the tutor: their shares not yet released, less what refunds took from them.
          const heldShares = (currency: Currency) =>
            payments
              .map(({ entity }) => entity)
              .filter((p) => p.currency === currency && !p.isReleased)
              .reduce((sum, p) => sum + p.tutorShare, 0);
          // Refunds `amount` and posts it from the account the tutor's share is on.
          const refund = (entity: PaymentEntity, amount: number) => {
            const from = entity.tutorShareAccount;
            const { feeReversed } = entity.refund(amount, now);
            postings.push(
              refundIssued({
                tutorId: 't',
                currency: entity.currency,
                refund: amount,
                feeReversed,
                from,
              }),
            );
            return { from, feeReversed };
          };
          // A refund, with what it took from a released share counted as given back.
          const giveBack = (entity: PaymentEntity, amount: number) => {
            const { from, feeReversed } = refund(entity, amount);
            if (from === 'tutor_available') {
              model.gaveBack[entity.currency as Currency] += amount - feeReversed;
            }
          };

          for (const op of operations) {
            if (op.kind === 'pay') {
              const entity = PaymentEntity.forBooking({
                booking: { bookingId: `b${payments.length}`, studentId: 's', tutorId: 't' },
                price: { amount: op.amount, currency: op.currency },
                feeBps: 1500,
                provider: 'sandbox',
                providerPaymentId: `p${payments.length}`,
                clientSecret: null,
                now,
              });
              entity.settle({ status: 'succeeded' }, now);
              entity.chargeCommission({ feeBps: op.feeBps, ruleVersion: 1 }, now);
              payments.push({ entity, cancelled: null });
              postings.push(
                paymentCaptured({
                  tutorId: 't',
                  amount: op.amount,
                  currency: op.currency,
                  feeBps: entity.feeBps,
                }),
              );
            } else if (op.kind === 'wait') {
              now = new Date(now.getTime() + op.hours * HOUR);
            } else if (op.kind === 'release') {
              for (const { entity } of payments) {
                if (!entity.isDueForRelease(now)) continue;
                const shareBefore = entity.tutorShare;
                const amount = entity.release(now);
                expect(amount).toBe(shareBefore);
                expect(entity.releasedAmount).toBe(amount);
                model.earned[entity.currency as Currency] += amount;
                if (amount > 0) {
                  postings.push(
                    earningsReleased({ tutorId: 't', currency: entity.currency, amount }),
                  );
                }
              }
            } else if (op.kind === 'payout') {
              // As a payout run decides from the ledger: the whole available balance, if enough.
              const available = owed('tutor_available', op.currency);
              if (available < op.minimum) continue;
              expect(available).toBeGreaterThan(0);
              postings.push(payoutSent({ tutorId: 't', currency: op.currency, amount: available }));
              model.paidOut[op.currency] += available;
            } else {
              if (payments.length === 0) continue;
              const target = payments[op.payment % payments.length]!;
              const { entity } = target;
              if (op.kind === 'complete') {
                // A cancelled lesson never completes; a completed one is completed once.
                if (target.cancelled) continue;
                const first = entity.lessonCompletedAt === null;
                expect(entity.lessonCompleted(now, HOLD_HOURS)).toBe(first);
              } else if (op.kind === 'cancel') {
                // Only a lesson still to come can be cancelled. Early (or by the tutor): all
                // back. Late: half back, and what is left is the tutor's, held from now.
                if (target.cancelled || entity.lessonCompletedAt) continue;
                target.cancelled = op.late ? 'late' : 'early';
                const back = op.late
                  ? Math.min(Math.floor(entity.amount / 2), entity.refundable)
                  : entity.refundable;
                if (back > 0) giveBack(entity, back);
                if (op.late) entity.cancelledLate(now, HOLD_HOURS);
              } else if (op.kind === 'dispute') {
                if (op.step === 'opened') {
                  entity.disputeOpened(now);
                } else if (entity.disputedAt) {
                  // Lost: the bank took back what was left, as a refund; then the hold lifts.
                  if (op.step === 'lost' && entity.refundable > 0) {
                    giveBack(entity, entity.refundable);
                  }
                  expect(entity.disputeClosed(now)).toBe(true);
                }
              } else {
                const amount = Math.min(op.amount, entity.refundable);
                if (amount === 0) continue;
                giveBack(entity, amount);
              }
            }
          }

          for (const posting of postings) {
            expect(posting.lines.reduce((sum, line) => sum + line.amount, 0)).toBe(0);
          }
          for (const currency of CURRENCIES) {
            const all = postings
              .filter((posting) => posting.currency === currency)
              .flatMap((posting) => posting.lines);
            expect(all.reduce((sum, line) => sum + line.amount, 0)).toBe(0);
            // Credit balances: what is owed to (or, negative, by) the tutor.
            expect(owed('tutor_pending', currency)).toBe(heldShares(currency));
            expect(owed('tutor_available', currency)).toBe(
              model.earned[currency] - model.gaveBack[currency] - model.paidOut[currency],
            );
            expect(owed('tutor_paid_out', currency)).toBe(model.paidOut[currency]);
            const mine = payments
              .map(({ entity }) => entity)
              .filter((p) => p.currency === currency);
            const kept = mine.reduce((sum, p) => sum + p.amount - p.refundedAmount, 0);
            const fees = mine.reduce((sum, p) => sum + p.platformFee - p.refundedFee, 0);
            // The provider holds what was kept and not yet paid out.
            expect(
              balance('provider_clearing', currency) + balance('tutor_paid_out', currency),
            ).toBe(kept - model.paidOut[currency]);
            expect(owed('platform_revenue', currency)).toBe(fees);
          }
          for (const { entity, cancelled } of payments) {
            if (entity.isReleased) {
              // Released only after the hold from completion or a late cancellation, never for
              // a lesson cancelled early.
              expect(cancelled).not.toBe('early');
              const heldFrom = entity.lessonCompletedAt ?? entity.lateCancelledAt;
              expect(entity.releasedAt!.getTime()).toBeGreaterThanOrEqual(
                heldFrom!.getTime() + HOLD_HOURS * HOUR,
              );
              expect(entity.releasedAmount).toBeGreaterThanOrEqual(0);
            }
            if (cancelled === 'early') expect(entity.tutorShare).toBe(0);
          }
        },
      ),
      { numRuns: 500 },
    );
  });
});
