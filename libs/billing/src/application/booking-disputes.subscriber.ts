import { Injectable } from '@nestjs/common';
import { Clock, OnEvent, type DomainEvent, type Transaction } from '@etutors/platform';
import { SchedulingQueries } from '@etutors/scheduling';
import {
  DisputeOpened,
  DisputeResolved,
  type DisputeOpenedPayload,
  type DisputeResolvedPayload,
} from '@etutors/scheduling/events';
import { PaymentRepository } from '../infrastructure/payment.repository.js';
import { RefundsService } from './refunds.service.js';

const RESOLUTION_NAMES = {
  full_refund: 'full refund',
  partial_refund: 'partial refund',
  no_refund: 'no refund',
} as const;

/**
 * A case about a lesson holds its payment's release while it is open; its resolution refunds
 * what it decided (from wherever the tutor's share sits) and lifts the hold.
 */
@Injectable()
export class BookingDisputesSubscriber {
  constructor(
    private readonly payments: PaymentRepository,
    private readonly refunds: RefundsService,
    private readonly scheduling: SchedulingQueries,
    private readonly clock: Clock,
  ) {}

  @OnEvent(DisputeOpened, { name: 'billing.hold-disputed-earnings' })
  async hold({ payload }: DomainEvent<DisputeOpenedPayload>, tx: Transaction): Promise<void> {
    const payment = await this.payments.lockByBooking(tx, payload.bookingId);
    if (!payment?.isPaid) return;
    // Read under the payment's lock: a resolution handled before this event (out of order)
    // already lifted the hold, and must not find it put back.
    if (!(await this.scheduling.hasOpenCase(payload.bookingId, tx.manager))) return;
    if (payment.caseOpened(new Date(payload.openedAt))) await this.payments.save(tx, payment);
  }

  @OnEvent(DisputeResolved, { name: 'billing.settle-resolved-dispute' })
  async settle({ payload, actorId }: DomainEvent<DisputeResolvedPayload>, tx: Transaction) {
    const payment = await this.payments.lockByBooking(tx, payload.bookingId);
    if (!payment?.isPaid) return;
    payment.caseResolved(this.clock.now());
    const amount = Math.min(payload.refund.amount, payment.refundable);
    if (amount === 0) {
      await this.payments.save(tx, payment);
      return;
    }
    const what = payload.kind === 'tutor_absent' ? 'tutor reported absent' : 'lesson disputed';
    await this.refunds.issue(tx, payment, {
      amount,
      reason: `${what}: ${RESOLUTION_NAMES[payload.resolution]}`,
      source: 'dispute',
      actorId: actorId ?? null,
    });
  }
}
