import { Injectable } from '@nestjs/common';
import { pageOffset, toPage, type Page, type Transaction } from '@etutors/platform';
import { DataSource } from 'typeorm';
import { PaymentEntity } from '../domain/payment.entity.js';

@Injectable()
export class PaymentRepository {
  constructor(private readonly dataSource: DataSource) {}

  private get repo() {
    return this.dataSource.getRepository(PaymentEntity);
  }

  findById(id: string): Promise<PaymentEntity | null> {
    return this.repo.findOneBy({ id });
  }

  findByBooking(bookingId: string): Promise<PaymentEntity | null> {
    return this.repo.findOneBy({ bookingId });
  }

  /** The weekly series' charge, if one was started. */
  findBySeries(seriesId: string): Promise<PaymentEntity | null> {
    return this.repo.findOneBy({ seriesId });
  }

  /** The occurrences' payments of a series' charge, locked until the transaction ends. */
  lockSeriesParts(tx: Transaction, seriesPaymentId: string): Promise<PaymentEntity[]> {
    return tx.manager
      .getRepository(PaymentEntity)
      .createQueryBuilder('p')
      .setLock('pessimistic_write')
      .where('p.series_payment_id = :seriesPaymentId', { seriesPaymentId })
      .orderBy('p.id')
      .getMany();
  }

  /** A series' charge and its occurrences' payments, together or not at all. */
  async insertSeries(
    tx: Transaction,
    charge: PaymentEntity,
    parts: PaymentEntity[],
  ): Promise<void> {
    await tx.manager.getRepository(PaymentEntity).insert(charge);
    await tx.manager.getRepository(PaymentEntity).insert(parts);
  }

  /**
   * The payment the provider knows by `providerPaymentId` (a series' charge, not the
   * occurrences' payments sharing it), locked until the transaction ends.
   */
  lockByProvider(
    tx: Transaction,
    provider: string,
    providerPaymentId: string,
  ): Promise<PaymentEntity | null> {
    return tx.manager
      .getRepository(PaymentEntity)
      .createQueryBuilder('p')
      .setLock('pessimistic_write')
      .where('p.provider = :provider AND p.provider_payment_id = :providerPaymentId', {
        provider,
        providerPaymentId,
      })
      .andWhere('p.series_payment_id IS NULL')
      .getOne();
  }

  /** The booking's payment, locked until the transaction ends. */
  lockByBooking(tx: Transaction, bookingId: string): Promise<PaymentEntity | null> {
    return tx.manager
      .getRepository(PaymentEntity)
      .createQueryBuilder('p')
      .setLock('pessimistic_write')
      .where('p.booking_id = :bookingId', { bookingId })
      .getOne();
  }

  /** The payment, locked until the transaction ends. */
  lock(tx: Transaction, id: string): Promise<PaymentEntity | null> {
    return tx.manager
      .getRepository(PaymentEntity)
      .createQueryBuilder('p')
      .setLock('pessimistic_write')
      .where('p.id = :id', { id })
      .getOne();
  }

  /**
   * Up to `limit` payments whose tutor share is due for release at `now`, locked; rows another
   * worker holds are skipped, so two release jobs never take the same payment. Ordered by tutor,
   * so tutors are locked in one order by every job.
   */
  lockDueForRelease(tx: Transaction, now: Date, limit: number): Promise<PaymentEntity[]> {
    return tx.manager
      .getRepository(PaymentEntity)
      .createQueryBuilder('p')
      .where(`p.status = 'succeeded'`)
      .andWhere('p.released_at IS NULL')
      .andWhere('p.disputed_at IS NULL')
      .andWhere('p.case_opened_at IS NULL')
      .andWhere('p.release_due_at <= :now', { now })
      .orderBy('p.tutor_id')
      .addOrderBy('p.release_due_at')
      .limit(limit)
      .setLock('pessimistic_write')
      .setOnLocked('skip_locked')
      .getMany();
  }

  async insert(payment: PaymentEntity): Promise<void> {
    await this.repo.insert(payment);
  }

  async save(tx: Transaction, payment: PaymentEntity): Promise<void> {
    await tx.manager.getRepository(PaymentEntity).update(
      { id: payment.id },
      {
        status: payment.status,
        confirmAttempts: payment.confirmAttempts,
        declineCode: payment.declineCode,
        failureReason: payment.failureReason,
        succeededAt: payment.succeededAt,
        refundedAmount: payment.refundedAmount,
        refundedFee: payment.refundedFee,
        feeBps: payment.feeBps,
        commissionRuleVersion: payment.commissionRuleVersion,
        lessonCompletedAt: payment.lessonCompletedAt,
        lateCancelledAt: payment.lateCancelledAt,
        releaseDueAt: payment.releaseDueAt,
        releasedAt: payment.releasedAt,
        releasedAmount: payment.releasedAmount,
        disputedAt: payment.disputedAt,
        caseOpenedAt: payment.caseOpenedAt,
        updatedAt: payment.updatedAt,
      },
    );
  }

  /** Newest first; all payments when `studentId` is null (an admin asking). */
  async page(
    studentId: string | null,
    page: { page: number; limit: number },
  ): Promise<Page<PaymentEntity>> {
    const query = this.repo.createQueryBuilder('p');
    if (studentId) query.where('p.student_id = :studentId', { studentId });
    const [rows, total] = await query
      .orderBy('p.created_at', 'DESC')
      .addOrderBy('p.id', 'DESC')
      .skip(pageOffset(page))
      .take(page.limit)
      .getManyAndCount();
    return toPage(rows, total, page);
  }
}
