import { Injectable } from '@nestjs/common';
import { Clock, JobQueue, OnEvent, type DomainEvent } from '@etutors/platform';
import { NotificationCreated, type NotificationCreatedPayload } from '../events.js';
import {
  EMAIL_ATTEMPTS,
  notificationEmailJobId,
  SendNotificationEmail,
} from './notification-email.job.js';

/**
 * Queues the e-mail of a stored notification, delayed until it is due (after the quiet hours,
 * or when a conversation's message window closes). The jobId is the delivery's, so the many
 * notifications of one digest queue one job.
 */
@Injectable()
export class NotificationEmailSubscriber {
  constructor(
    private readonly jobs: JobQueue,
    private readonly clock: Clock,
  ) {}

  @OnEvent(NotificationCreated, { name: 'messaging.queue-notification-email' })
  async queue({ payload }: DomainEvent<NotificationCreatedPayload>): Promise<void> {
    if (!payload.emailDeliveryId || !payload.emailDueAt) return;
    const dueAt = new Date(payload.emailDueAt);
    await this.jobs.enqueue(
      SendNotificationEmail,
      { deliveryId: payload.emailDeliveryId },
      {
        jobId: notificationEmailJobId(payload.emailDeliveryId, dueAt),
        delayMs: Math.max(0, dueAt.getTime() - this.clock.now().getTime()),
        attempts: EMAIL_ATTEMPTS,
      },
    );
  }
}
