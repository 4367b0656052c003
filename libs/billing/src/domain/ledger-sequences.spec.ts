import fc from 'fast-check';
import { refundOnCancellation } from '../../../scheduling/src/domain/cancellation-policy.js';
import { RefundExceedsCapturedError } from '../billing.errors.js';
import { paymentCaptured, refundIssued, type Posting } from './ledger.js';
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
