import { defineSettings, SqlReader, UnitOfWork, type Transaction } from '@etutors/platform';
import { v5 as uuidv5 } from 'uuid';
import type { DataSource } from 'typeorm';
import { PLATFORM_NAME } from '../application/receipts.service.js';
import { BillingSettings } from '../billing.settings.js';
import { earningsReleased, paymentCaptured, platformFee, refundIssued } from '../domain/ledger.js';
import { PaymentEntity } from '../domain/payment.entity.js';
import { receiptContent } from '../domain/receipt-content.js';
import type { RefundSource } from '../domain/refund.entity.js';
import { LedgerRepository } from './ledger.repository.js';
import { PaymentRepository } from './payment.repository.js';
import { seedPayouts, type SeededPayout } from './payouts.seeder.js';
import { ReceiptRenderer } from './receipt.renderer.js';
import { ReceiptRepository } from './receipt.repository.js';

const NAMESPACE = 'c47e2b9a-61d8-4f3e-a5b0-8e9d1c2f7a64';
const seedId = (name: string) => uuidv5(name, NAMESPACE);

/** A demo booking as scheduling stored it: what its payment, refund and receipt follow from. */
export interface BillingSeedBooking {
  id: string;
  tutorId: string;
  studentId: string;
  subjectId: string;
  startsAt: Date;
  endsAt: Date;
  status: string;
  createdAt: Date;
  /** When it was paid and confirmed, or null for one never paid. */
  confirmedAt: Date | null;
  updatedAt: Date;
  price: { amount: number; currency: string };
  cancelledBy: string | null;
  cancelReason: string | null;
  refundAmount: number | null;
}

/** What a receipt names, as the other contexts know it. */
export interface BillingSeedNames {
  person(userId: string): { displayName: string; timezone: string } | undefined;
  subjectName(subjectId: string): Promise<string | null>;
}

export interface SeededPayment {
  id: string;
  bookingId: string;
  studentId: string;
  tutorId: string;
  amount: number;
  currency: string;
  /** The platform's commission on it. */
  platformFee: number;
  succeededAt: Date;
}

export interface SeededRefund {
  id: string;
  paymentId: string;
  bookingId: string;
  studentId: string;
  tutorId: string;
  amount: number;
  currency: string;
  /** The part of `amount` that came out of the platform's fee. */
  feeReversed: number;
  source: RefundSource;
  reason: string;
  createdAt: Date;
}

export interface SeededBilling {
  lines: string[];
  payments: SeededPayment[];
  refunds: SeededRefund[];
  /** The payout a past run sent, for the tutor to see in earnings, payouts and statements. */
  payout: SeededPayout | null;
}

const MINUTE = 60_000;

/**
 * Payments for the demo bookings that were paid (confirmed, completed, and cancelled after
 * confirmation), each posted to the ledger as `paymentCaptured` would post it, the policy's
 * refund on the cancelled ones (`refundIssued`), and a rendered receipt for every payment, laid
 * out by the same renderer as the receipts job. A completed lesson's payment holds its share
 * from the lesson's end, a late cancellation's what the policy left the tutor from the
 * cancellation, and once the hold has passed it is released (`earningsReleased`) as the release
 * job would have. Unpaid bookings (pending_payment) are left for the student to pay.
 * Then money out (`seedPayouts`): the tutors' payout accounts and one past payout.
 * Idempotent: deterministic ids, ON CONFLICT DO NOTHING; the ledger lines and receipt numbers are
 * written only with a payment the run created, in its transaction.
 */
export async function seedBilling(
  dataSource: DataSource,
  bookings: BillingSeedBooking[],
  names: BillingSeedNames,
  feeBps = new BillingSettings().PLATFORM_FEE_BPS,
  holdHours = new BillingSettings().PAYOUT_HOLD_HOURS,
  now = new Date(),
  // The configured keys and minimum, as the API reads them, so it can open the sealed IBANs.
  settings = defineSettings(BillingSettings).useFactory() as BillingSettings,
): Promise<SeededBilling> {
  const ledger = new LedgerRepository(new SqlReader(dataSource));
  const receipts = new ReceiptRepository(dataSource);
  const stored = new PaymentRepository(dataSource);
  const paid = bookings
    .filter((booking) => booking.confirmedAt !== null)
    .sort((a, b) => a.confirmedAt!.getTime() - b.confirmedAt!.getTime());

  const created = await new UnitOfWork(dataSource).run(async (tx) => {
    let payments = 0;
    let refunds = 0;
    for (const booking of paid) {
      const payment = paymentOf(booking, feeBps);
      if (!(await insertPayment(tx, payment))) continue;
      payments += 1;
      await ledger.post(
        tx,
        paymentCaptured({
          tutorId: payment.tutorId,
          amount: payment.amount,
          currency: payment.currency,
          feeBps: payment.feeBps,
        }),
        { paymentId: payment.id },
        payment.succeededAt!,
      );
      // Issued a minute after the payment, numbered in payment order like the job would.
      await receipts.insertNumbered(
        tx,
        payment.id,
        new Date(payment.succeededAt!.getTime() + MINUTE),
      );
      const refund = Math.min(booking.refundAmount ?? 0, payment.refundable);
      if (booking.status === 'cancelled' && refund > 0) {
        await insertRefund(tx, { ledger, payments: stored }, payment, booking, refund);
        refunds += 1;
      }
      // The share is held from the lesson's end, or from a late cancellation that left the tutor
      // part of it, and released once the hold has passed, as the subscribers and the job would.
      const held =
        booking.status === 'completed'
          ? payment.lessonCompleted(booking.endsAt, holdHours)
          : booking.status === 'cancelled' && payment.cancelledLate(booking.updatedAt, holdHours);
      if (!held) continue;
      const released = payment.isDueForRelease(now) ? payment.release(payment.releaseDueAt!) : 0;
      await stored.save(tx, payment);
      if (released > 0) {
        await ledger.post(
          tx,
          earningsReleased({
            tutorId: payment.tutorId,
            currency: payment.currency,
            amount: released,
          }),
          { paymentId: payment.id },
          payment.releasedAt!,
        );
      }
    }
    return { payments, refunds };
  });

  const renderer = new ReceiptRenderer();
  let rendered = 0;
  for (const booking of paid) {
    const paymentId = seedId(`payment:${booking.id}`);
    const receipt = await receipts.find(paymentId);
    if (!receipt || receipt.isRendered) continue;
    const student = names.person(booking.studentId);
    const tutor = names.person(booking.tutorId);
    const subject = await names.subjectName(booking.subjectId);
    const payment = await stored.findById(paymentId);
    if (!student || !tutor || !subject || !payment) continue;
    const pdf = await renderer.render(
      receiptContent({
        platformName: PLATFORM_NAME,
        number: receipt.number,
        issuedAt: receipt.issuedAt,
        paymentId,
        student,
        tutor: { displayName: tutor.displayName },
        subject,
        lesson: { startsAt: booking.startsAt, endsAt: booking.endsAt },
        amount: payment.amount,
        platformFee: payment.platformFee,
        currency: payment.currency,
      }),
      receipt.issuedAt,
    );
    await receipts.storePdf(paymentId, pdf, receipt.issuedAt);
    rendered += 1;
  }

  const ids = paid.map((booking) => seedId(`payment:${booking.id}`));
  const payments = await storedPayments(dataSource, ids);
  const refunds = await storedRefunds(dataSource, ids);
  const tutorIds = [...new Set(bookings.map((booking) => booking.tutorId))];
  const money = await seedPayouts(dataSource, {
    tutors: tutorIds.flatMap((id) => {
      const tutor = names.person(id);
      return tutor ? [{ id, accountHolder: tutor.displayName }] : [];
    }),
    paymentIds: ids,
    settings,
    now,
  });
  const { payout } = money;
  return {
    lines: [
      `Billing: ${created.payments} payments created (${payments.length} paid bookings, ${feeBps / 100}% fee), ${created.refunds} refunds, ${rendered} receipts rendered; ledger posted`,
      `Billing: ${money.accountsCreated} payout accounts created (${money.accounts} tutors, IBANs encrypted)` +
        (payout
          ? `; ${money.payoutCreated ? 1 : 0} payouts created (${moneyText(payout.amount, payout.currency)} sent to ${names.person(payout.tutorId)?.displayName ?? payout.tutorId} by the weekly run of ${payout.sentAt.toISOString().slice(0, 10)}; what was released since is available)`
          : '; no payout yet'),
    ],
    payments,
    refunds,
    payout,
  };
}

/** `3400, 'USD'` → `$34.00`: minor units as people read them. */
function moneyText(amount: number, currency: string): string {
  const format = new Intl.NumberFormat('en', { style: 'currency', currency });
  return format.format(amount / 10 ** (format.resolvedOptions().maximumFractionDigits ?? 2));
}

/** The booking's payment as billing would have taken it: created, then confirmed with a card. */
function paymentOf(booking: BillingSeedBooking, feeBps: number): PaymentEntity {
  const id = seedId(`payment:${booking.id}`);
  const providerPaymentId = `sbx_pi_${id.replaceAll('-', '')}`;
  const payment = PaymentEntity.forBooking({
    id,
    booking: { bookingId: booking.id, studentId: booking.studentId, tutorId: booking.tutorId },
    price: booking.price,
    feeBps,
    provider: 'sandbox',
    providerPaymentId,
    clientSecret: `${providerPaymentId}_secret`,
    now: new Date(Math.max(booking.createdAt.getTime(), booking.confirmedAt!.getTime() - MINUTE)),
  });
  payment.beginConfirmation(payment.createdAt);
  payment.settle({ status: 'succeeded' }, booking.confirmedAt!);
  return payment;
}

async function insertPayment(tx: Transaction, p: PaymentEntity): Promise<boolean> {
  const rows = (await tx.manager.query(
    `INSERT INTO billing.payments (id, booking_id, student_id, tutor_id, amount, currency, fee_bps, status, provider,
                                   provider_payment_id, client_secret, confirm_attempts, succeeded_at, created_at, updated_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)
     ON CONFLICT DO NOTHING RETURNING id`,
    [
      p.id,
      p.bookingId,
      p.studentId,
      p.tutorId,
      p.amount,
      p.currency,
      p.feeBps,
      p.status,
      p.provider,
      p.providerPaymentId,
      p.clientSecret,
      p.confirmAttempts,
      p.succeededAt,
      p.createdAt,
      p.updatedAt,
    ],
  )) as unknown[];
  return rows.length > 0;
}

/** The cancellation policy's refund, as billing's subscriber issues it when the booking is cancelled. */
async function insertRefund(
  tx: Transaction,
  { ledger, payments }: { ledger: LedgerRepository; payments: PaymentRepository },
  payment: PaymentEntity,
  booking: BillingSeedBooking,
  amount: number,
): Promise<void> {
  const at = booking.updatedAt;
  const { feeReversed } = payment.refund(amount, at);
  const id = seedId(`refund:${payment.id}`);
  const reason =
    `booking cancelled by the ${booking.cancelledBy ?? 'student'}${booking.cancelReason ? `: ${booking.cancelReason}` : ''}`.slice(
      0,
      500,
    );
  await tx.manager.query(
    `INSERT INTO billing.refunds (id, payment_id, booking_id, amount, currency, fee_reversed, source, reason,
                                  provider_refund_id, created_by, created_at)
     VALUES ($1, $2, $3, $4, $5, $6, 'cancellation', $7, $8, NULL, $9)`,
    [
      id,
      payment.id,
      payment.bookingId,
      amount,
      payment.currency,
      feeReversed,
      reason,
      `sbx_re_refund${id.replaceAll('-', '')}`,
      at,
    ],
  );
  await payments.save(tx, payment);
  await ledger.post(
    tx,
    refundIssued({
      tutorId: payment.tutorId,
      currency: payment.currency,
      refund: amount,
      feeReversed,
    }),
    { paymentId: payment.id },
    at,
  );
}

async function storedPayments(dataSource: DataSource, ids: string[]): Promise<SeededPayment[]> {
  const rows = (await dataSource.query(
    `SELECT id, booking_id, student_id, tutor_id, amount, currency, fee_bps, succeeded_at
       FROM billing.payments WHERE id = ANY($1::uuid[]) AND status = 'succeeded' ORDER BY succeeded_at`,
    [ids],
  )) as {
    id: string;
    booking_id: string;
    student_id: string;
    tutor_id: string;
    amount: string;
    currency: string;
    fee_bps: number;
    succeeded_at: Date;
  }[];
  return rows.map((row) => ({
    id: row.id,
    bookingId: row.booking_id,
    studentId: row.student_id,
    tutorId: row.tutor_id,
    amount: Number(row.amount),
    currency: row.currency,
    platformFee: platformFee(Number(row.amount), row.fee_bps),
    succeededAt: row.succeeded_at,
  }));
}

async function storedRefunds(
  dataSource: DataSource,
  paymentIds: string[],
): Promise<SeededRefund[]> {
  const rows = (await dataSource.query(
    `SELECT r.id, r.payment_id, r.booking_id, p.student_id, p.tutor_id, r.amount, r.currency, r.fee_reversed,
            r.source, r.reason, r.created_at
       FROM billing.refunds r JOIN billing.payments p ON p.id = r.payment_id
      WHERE r.payment_id = ANY($1::uuid[]) ORDER BY r.created_at`,
    [paymentIds],
  )) as {
    id: string;
    payment_id: string;
    booking_id: string;
    student_id: string;
    tutor_id: string;
    amount: string;
    currency: string;
    fee_reversed: string;
    source: SeededRefund['source'];
    reason: string;
    created_at: Date;
  }[];
  return rows.map((row) => ({
    id: row.id,
    paymentId: row.payment_id,
    bookingId: row.booking_id,
    studentId: row.student_id,
    tutorId: row.tutor_id,
    amount: Number(row.amount),
    currency: row.currency,
    feeReversed: Number(row.fee_reversed),
    source: row.source,
    reason: row.reason,
    createdAt: row.created_at,
  }));
}
