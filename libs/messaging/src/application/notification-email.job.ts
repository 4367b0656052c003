import { Injectable, Logger } from '@nestjs/common';
import {
  Clock,
  defineJob,
  JobHandler,
  JobQueue,
  Mailer,
  MailRejectedError,
  SkipJob,
  UnitOfWork,
  type JobContext,
} from '@etutors/platform';
import { renderEmail } from '../domain/notification-templates.js';
import { NotificationRepository } from '../infrastructure/notification.repository.js';
import { PeopleRepository } from '../infrastructure/people.repository.js';

export interface SendNotificationEmailPayload {
  deliveryId: string;
}

/** Sends one notification e-mail (or one digest of a conversation's new messages). */
export const SendNotificationEmail = defineJob<SendNotificationEmailPayload>(
  'notifications',
  'messaging.send-notification-email',
);

/** Tries per e-mail before it is recorded as failed (exponential backoff in between). */
export const EMAIL_ATTEMPTS = 6;

/** The job of a delivery due at `dueAt`: Bull holds one per delivery and due time. */
export const notificationEmailJobId = (deliveryId: string, dueAt: Date) =>
  `email:${deliveryId}:${dueAt.getTime()}`;

type Outcome = 'sent' | 'rejected' | 'done' | { notYet: Date };

@Injectable()
export class NotificationEmailJob {
  private readonly logger = new Logger('NotificationEmail');

  constructor(
    private readonly notifications: NotificationRepository,
    private readonly people: PeopleRepository,
    private readonly mailer: Mailer,
    private readonly unitOfWork: UnitOfWork,
    private readonly clock: Clock,
    private readonly jobs: JobQueue,
  ) {}

  /**
   * Sends the delivery once it is due (by the platform clock), with the delivery row locked, so
   * a message of its conversation arriving meanwhile waits and then opens the next e-mail. A
   * 5xx SMTP refusal is final and recorded; anything else is thrown to be retried, and
   * recorded as failed after the last attempt.
   */
  @JobHandler(SendNotificationEmail)
  async send({ deliveryId }: SendNotificationEmailPayload, job: JobContext): Promise<string> {
    let outcome: Outcome;
    try {
      outcome = await this.unitOfWork.run(async (tx): Promise<Outcome> => {
        const delivery = await this.notifications.lockDelivery(tx, deliveryId);
        if (!delivery) throw new SkipJob(`e-mail delivery ${deliveryId} does not exist`);
        if (delivery.status !== 'pending') return 'done';
        const now = this.clock.now();
        if (delivery.dueAt > now) return { notYet: delivery.dueAt };
        // Messaging's copy, or identity's answer (recorded) for a user it has no copy of.
        const person = await this.people.find(tx, delivery.userId);
        if (!person) throw new Error(`no address known for user ${delivery.userId}`);
        const items = await this.notifications.itemsOf(tx, deliveryId);
        if (items.length === 0) throw new SkipJob(`e-mail delivery ${deliveryId} carries nothing`);
        try {
          await this.mailer.send({ to: person.email, ...renderEmail(person, items) });
        } catch (error) {
          if (!(error instanceof MailRejectedError)) throw error;
          await this.notifications.finishDelivery(tx, deliveryId, {
            status: 'failed',
            error: `${error.responseCode}: ${error.message}`.slice(0, 1000),
            at: now,
          });
          return 'rejected';
        }
        await this.notifications.finishDelivery(tx, deliveryId, {
          status: 'sent',
          error: null,
          at: now,
        });
        return 'sent';
      });
    } catch (error) {
      if (error instanceof SkipJob) throw error;
      const reason = (error instanceof Error ? error.message : String(error)).slice(0, 1000);
      if (job.attempt >= EMAIL_ATTEMPTS) await this.giveUp(deliveryId, reason);
      else await this.notifications.recordAttempt(deliveryId, reason);
      throw error;
    }
    if (typeof outcome === 'object') {
      // Woken before its time (the clock says so): wait for the rest of it.
      await this.jobs.enqueue(
        SendNotificationEmail,
        { deliveryId },
        {
          jobId: `${notificationEmailJobId(deliveryId, outcome.notYet)}:${job.jobId}`,
          delayMs: outcome.notYet.getTime() - this.clock.now().getTime(),
          attempts: EMAIL_ATTEMPTS,
        },
      );
      return 'not due yet';
    }
    return outcome;
  }

  private async giveUp(deliveryId: string, reason: string): Promise<void> {
    this.logger.warn(`E-mail delivery ${deliveryId} failed after ${EMAIL_ATTEMPTS} attempts`);
    await this.unitOfWork.run((tx) =>
      this.notifications.finishDelivery(tx, deliveryId, {
        status: 'failed',
        error: reason,
        at: this.clock.now(),
      }),
    );
  }
}
