import { Injectable } from '@nestjs/common';
import {
  Clock,
  isAdmin,
  ResourceNotFoundError,
  UnitOfWork,
  type AuthUser,
} from '@etutors/platform';
import { IdentityQueries } from '@etutors/identity';
import { SchedulingQueries } from '@etutors/scheduling';
import { TutoringQueries } from '@etutors/tutoring';
import { receiptContent, type ReceiptFacts } from '../domain/receipt-content.js';
import { ReceiptEntity } from '../domain/receipt.entity.js';
import type { PaymentEntity } from '../domain/payment.entity.js';
import { PaymentRepository } from '../infrastructure/payment.repository.js';
import { ReceiptRenderer } from '../infrastructure/receipt.renderer.js';
import { ReceiptRepository } from '../infrastructure/receipt.repository.js';

export const PLATFORM_NAME = 'E-Tutors';

/** Rolls the numbering transaction back when the payment turned out to have its receipt already. */
class ReceiptAlreadyNumbered extends Error {}

/** Why a receipt cannot be issued (the job then ends without retrying). */
export type NotIssuable = { notIssuable: string };

/**
 * Receipts of succeeded payments: numbered gap-free per year, rendered to PDF once, handed to
 * the payer. The names, subject and lesson time come from the other contexts' query ports when
 * the receipt is issued; the stored PDF is the snapshot, so a later rename changes no receipt.
 */
@Injectable()
export class ReceiptsService {
  constructor(
    private readonly unitOfWork: UnitOfWork,
    private readonly receipts: ReceiptRepository,
    private readonly payments: PaymentRepository,
    private readonly renderer: ReceiptRenderer,
    private readonly identity: IdentityQueries,
    private readonly bookings: SchedulingQueries,
    private readonly tutoring: TutoringQueries,
    private readonly clock: Clock,
  ) {}

  /**
   * Issues the payment's receipt, or hands back the one it has: safe to run any number of times,
   * also at once. The facts are read first, the number is taken in a short transaction of its
   * own, and the PDF (which shows the number) is rendered after that transaction has committed,
   * so the year's counter is never locked while a document is laid out.
   */
  async issue(paymentId: string): Promise<ReceiptEntity | NotIssuable> {
    const existing = await this.receipts.find(paymentId);
    if (existing?.isRendered) return existing;
    const payment = await this.payments.findById(paymentId);
    if (!payment?.isPaid) return { notIssuable: `payment ${paymentId} has not succeeded` };
    const facts = await this.facts(payment);
    if ('notIssuable' in facts) return facts;

    const receipt = existing ?? (await this.number(paymentId));
    const pdf = await this.renderer.render(
      receiptContent({ ...facts, number: receipt.number, issuedAt: receipt.issuedAt }),
      receipt.issuedAt,
    );
    await this.receipts.storePdf(paymentId, pdf, this.clock.now());
    return (await this.receipts.find(paymentId))!;
  }

  /** The rendered receipt of a payment the viewer may see: the payer's own, or any for an admin. */
  async forViewer(viewer: AuthUser, paymentId: string): Promise<{ fileName: string; pdf: Buffer }> {
    const payment = await this.payments.findById(paymentId);
    if (!payment || (payment.studentId !== viewer.id && !isAdmin(viewer))) {
      throw new ResourceNotFoundError('payment');
    }
    const receipt = await this.receipts.find(paymentId);
    if (!receipt?.pdf) throw new ResourceNotFoundError('receipt');
    return { fileName: receipt.fileName, pdf: receipt.pdf };
  }

  /** Gives the payment its receipt number, or finds the one a parallel run gave it first. */
  private async number(paymentId: string): Promise<ReceiptEntity> {
    try {
      return await this.unitOfWork.run(async (tx) => {
        const receipt = await this.receipts.insertNumbered(tx, paymentId, this.clock.now());
        // Rolling back returns this attempt's counter increment: no number is skipped.
        if (!receipt) throw new ReceiptAlreadyNumbered();
        return receipt;
      });
    } catch (error) {
      if (!(error instanceof ReceiptAlreadyNumbered)) throw error;
      return (await this.receipts.find(paymentId))!;
    }
  }

  private async facts(
    payment: PaymentEntity,
  ): Promise<Omit<ReceiptFacts, 'number' | 'issuedAt'> | NotIssuable> {
    // A series' charge has no lesson of its own: each occurrence's payment has its receipt.
    if (payment.bookingId === null) return { notIssuable: 'a series charge has no lesson' };
    const [lesson, student, tutorName] = await Promise.all([
      this.bookings.getBookedLesson(payment.bookingId),
      this.identity.person(payment.studentId),
      this.identity.displayName(payment.tutorId),
    ]);
    const subject = lesson && (await this.tutoring.subjectName(lesson.subjectId));
    if (!lesson || !subject) return { notIssuable: `booking ${payment.bookingId} is gone` };
    if (!student || tutorName === null) return { notIssuable: 'the student or tutor is gone' };
    return {
      platformName: PLATFORM_NAME,
      paymentId: payment.id,
      student,
      tutor: { displayName: tutorName },
      subject,
      lesson: { startsAt: lesson.startsAt, endsAt: lesson.endsAt },
      amount: payment.amount,
      platformFee: payment.platformFee,
      currency: payment.currency,
    };
  }
}
