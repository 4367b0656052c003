import { Injectable } from '@nestjs/common';
import {
  pageOffset,
  pgError,
  toPage,
  PG_UNIQUE_VIOLATION,
  type Page,
  type Transaction,
} from '@etutors/platform';
import { DataSource, In } from 'typeorm';
import { BookingDisputeEntity } from '../domain/booking-dispute.entity.js';
import { BookingEntity } from '../domain/booking.entity.js';
import type { DisputeStatus } from '../domain/dispute.policy.js';
import { CaseAlreadyOpenError } from '../scheduling.errors.js';

/** A case with the booking it is about (for the participants and the money's currency). */
export interface DisputeWithBooking {
  dispute: BookingDisputeEntity;
  booking: Pick<BookingEntity, 'tutorId' | 'studentId' | 'currency'>;
}

/** Where cases about lessons are stored. */
@Injectable()
export class BookingDisputeRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** A new case; a second open one for the booking (even a concurrent one) is a 409. */
  async add(tx: Transaction, dispute: BookingDisputeEntity): Promise<void> {
    try {
      await tx.manager.getRepository(BookingDisputeEntity).insert(dispute);
    } catch (error) {
      const { code, constraint } = pgError(error);
      if (code === PG_UNIQUE_VIOLATION && constraint === 'booking_disputes_one_open_per_booking')
        throw new CaseAlreadyOpenError();
      throw error;
    }
  }

  async save(tx: Transaction, dispute: BookingDisputeEntity): Promise<void> {
    await tx.manager.getRepository(BookingDisputeEntity).update(
      { id: dispute.id },
      {
        status: dispute.status,
        contestedAt: dispute.contestedAt,
        contestReason: dispute.contestReason,
        resolution: dispute.resolution,
        refundAmount: dispute.refundAmount,
        resolvedBy: dispute.resolvedBy,
        resolvedAt: dispute.resolvedAt,
        updatedAt: dispute.updatedAt,
      },
    );
  }

  /** The case, locked until the transaction ends (lock its booking first). */
  lock(tx: Transaction, id: string): Promise<BookingDisputeEntity | null> {
    return tx.manager.findOne(BookingDisputeEntity, {
      where: { id },
      lock: { mode: 'pessimistic_write' },
    });
  }

  /** The booking's case that is not resolved yet, if any, read in the transaction. */
  openFor(tx: Transaction, bookingId: string): Promise<BookingDisputeEntity | null> {
    return tx.manager
      .createQueryBuilder(BookingDisputeEntity, 'd')
      .where('d.bookingId = :bookingId', { bookingId })
      .andWhere(`d.status <> 'resolved'`)
      .getOne();
  }

  /** The booking id of a case, read in the transaction before anything is locked. */
  async bookingOf(tx: Transaction, id: string): Promise<string | null> {
    const dispute = await tx.manager.findOne(BookingDisputeEntity, {
      where: { id },
      select: { id: true, bookingId: true },
    });
    return dispute?.bookingId ?? null;
  }

  /**
   * Up to `limit` reports of a tutor's absence left uncontested past their window, with their
   * bookings; rows another worker holds are skipped. Bookings are locked first, as every other
   * step of a case does.
   */
  async lockUncontested(
    tx: Transaction,
    now: Date,
    limit: number,
  ): Promise<{ dispute: BookingDisputeEntity; booking: BookingEntity }[]> {
    const bookings = await tx.manager
      .createQueryBuilder(BookingEntity, 'b')
      .where(
        `b.id IN (SELECT d.booking_id FROM scheduling.booking_disputes d
                   WHERE d.status = 'open' AND d.kind = 'tutor_absent' AND d.contest_deadline <= :now
                   ORDER BY d.contest_deadline LIMIT :limit)`,
        { now, limit },
      )
      .setLock('pessimistic_write')
      .setOnLocked('skip_locked')
      .getMany();
    const due = [];
    for (const booking of bookings) {
      const dispute = await tx.manager
        .createQueryBuilder(BookingDisputeEntity, 'd')
        .where('d.bookingId = :bookingId', { bookingId: booking.id })
        .andWhere(`d.status = 'open'`)
        .setLock('pessimistic_write')
        .getOne();
      if (dispute?.standsUncontested(now)) due.push({ dispute, booking });
    }
    return due;
  }

  // Plain reads, outside any transaction (see UnitOfWork).

  find(id: string): Promise<BookingDisputeEntity | null> {
    return this.dataSource.manager.findOne(BookingDisputeEntity, { where: { id } });
  }

  /** The booking's cases, oldest first. */
  forBooking(bookingId: string): Promise<BookingDisputeEntity[]> {
    return this.dataSource.manager.find(BookingDisputeEntity, {
      where: { bookingId },
      order: { createdAt: 'ASC', id: 'ASC' },
    });
  }

  /** Every case (in `status`, when given), oldest first, with their bookings. */
  async page(filters: {
    status?: DisputeStatus;
    page: number;
    limit: number;
  }): Promise<Page<DisputeWithBooking>> {
    const [disputes, total] = await this.dataSource.manager.findAndCount(BookingDisputeEntity, {
      where: filters.status ? { status: filters.status } : {},
      order: { createdAt: 'ASC', id: 'ASC' },
      skip: pageOffset(filters),
      take: filters.limit,
    });
    const bookings = await this.dataSource.manager.find(BookingEntity, {
      where: { id: In(disputes.map((dispute) => dispute.bookingId)) },
      select: { id: true, tutorId: true, studentId: true, currency: true },
    });
    const byId = new Map(bookings.map((booking) => [booking.id, booking]));
    return toPage(
      disputes.map((dispute) => ({ dispute, booking: byId.get(dispute.bookingId)! })),
      total,
      filters,
    );
  }
}
