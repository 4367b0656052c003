import { Injectable } from '@nestjs/common';
import type { Transaction } from '@etutors/platform';
import { DataSource, type EntityManager } from 'typeorm';
import { BookingSeriesEntity } from '../domain/booking-series.entity.js';
import { BookingEntity } from '../domain/booking.entity.js';

/** Where weekly series are stored; their occurrences are bookings (see BookingRepository). */
@Injectable()
export class BookingSeriesRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** A new series, written before its occurrences (they refer to it). */
  async add(tx: Transaction, series: BookingSeriesEntity): Promise<void> {
    await tx.manager.insert(BookingSeriesEntity, series);
  }

  /** The series; inside a transaction when `manager` is one's. */
  find(
    id: string,
    manager: EntityManager = this.dataSource.manager,
  ): Promise<BookingSeriesEntity | null> {
    return manager.findOne(BookingSeriesEntity, { where: { id } });
  }

  /** The series' occurrences, by start; inside a transaction when `manager` is one's. */
  occurrences(
    seriesId: string,
    manager: EntityManager = this.dataSource.manager,
  ): Promise<BookingEntity[]> {
    return manager.find(BookingEntity, {
      where: { seriesId },
      order: { startsAt: 'ASC', id: 'ASC' },
    });
  }

  /** The series' occurrences, by start, their rows locked until the transaction ends. */
  lockOccurrences(tx: Transaction, seriesId: string): Promise<BookingEntity[]> {
    return tx.manager.find(BookingEntity, {
      where: { seriesId },
      order: { startsAt: 'ASC', id: 'ASC' },
      lock: { mode: 'pessimistic_write' },
    });
  }
}
