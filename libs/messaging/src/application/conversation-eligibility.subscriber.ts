import { Injectable } from '@nestjs/common';
import { OnEvent, type DomainEvent, type Transaction } from '@etutors/platform';
import { BookingRequested, type BookingRequestedPayload } from '@etutors/scheduling/events';
import { TutorApproved, TutorRejected, type TutorReviewedPayload } from '@etutors/tutoring/events';
import { ConversationContactsRepository } from '../infrastructure/conversation-contacts.repository.js';

/**
 * Keeps messaging's copy of who may open a conversation with whom: approved tutors (from
 * tutoring's reviews) and tutor-student pairs with a booking (from scheduling).
 */
@Injectable()
export class ConversationEligibilitySubscriber {
  constructor(private readonly contacts: ConversationContactsRepository) {}

  @OnEvent(TutorApproved, { name: 'messaging.record-tutor-approved' })
  async tutorApproved(
    { payload, occurredAt }: DomainEvent<TutorReviewedPayload>,
    tx: Transaction,
  ): Promise<void> {
    await this.contacts.recordTutorReview(tx, payload.tutorId, true, new Date(occurredAt));
  }

  @OnEvent(TutorRejected, { name: 'messaging.record-tutor-rejected' })
  async tutorRejected(
    { payload, occurredAt }: DomainEvent<TutorReviewedPayload>,
    tx: Transaction,
  ): Promise<void> {
    // A rejected revision leaves the approved profile as it was.
    if (payload.revision) return;
    await this.contacts.recordTutorReview(tx, payload.tutorId, false, new Date(occurredAt));
  }

  @OnEvent(BookingRequested, { name: 'messaging.record-booking-requested' })
  async bookingRequested(
    { payload, occurredAt }: DomainEvent<BookingRequestedPayload>,
    tx: Transaction,
  ): Promise<void> {
    await this.contacts.recordBooking(tx, payload, new Date(occurredAt), false);
  }
}
