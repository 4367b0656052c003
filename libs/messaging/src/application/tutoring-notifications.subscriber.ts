import { Injectable } from '@nestjs/common';
import { OnEvent, type DomainEvent, type Transaction } from '@etutors/platform';
import {
  ReviewSubmitted,
  TutorApproved,
  type ReviewSubmittedPayload,
  type TutorReviewedPayload,
} from '@etutors/tutoring/events';
import { PeopleRepository } from '../infrastructure/people.repository.js';
import { NotificationsService } from './notifications.service.js';

/** Tells tutors about their approval and the reviews students leave them. */
@Injectable()
export class TutoringNotificationsSubscriber {
  constructor(
    private readonly notifications: NotificationsService,
    private readonly people: PeopleRepository,
  ) {}

  @OnEvent(ReviewSubmitted, { name: 'messaging.notify-review-received' })
  async reviewSubmitted(
    event: DomainEvent<ReviewSubmittedPayload>,
    tx: Transaction,
  ): Promise<void> {
    const { payload } = event;
    const student = await this.people.find(tx, payload.studentId);
    await this.notifications.notify(tx, event, [
      {
        userId: payload.tutorId,
        type: 'review_received',
        data: {
          reviewId: payload.reviewId,
          lessonId: payload.lessonId,
          studentId: payload.studentId,
          studentName: student?.displayName ?? null,
          rating: payload.rating,
        },
      },
    ]);
  }

  @OnEvent(TutorApproved, { name: 'messaging.notify-tutor-approved' })
  async tutorApproved(event: DomainEvent<TutorReviewedPayload>, tx: Transaction): Promise<void> {
    const { payload } = event;
    await this.notifications.notify(tx, event, [
      {
        userId: payload.tutorId,
        type: 'tutor_approved',
        data: { revision: payload.revision, note: payload.note },
      },
    ]);
  }
}
