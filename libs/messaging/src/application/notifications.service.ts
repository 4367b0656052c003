import { Injectable } from '@nestjs/common';
import {
  Clock,
  EventBus,
  newId,
  ResourceNotFoundError,
  UnitOfWork,
  type DomainEvent,
  type Page,
  type Transaction,
} from '@etutors/platform';
import { NotificationCreated } from '../events.js';
import { NotificationPreferences, type EmailChoices } from '../domain/notification-preferences.js';
import { renderNotification, type NotificationData } from '../domain/notification-templates.js';
import {
  ignoresQuietHours,
  isDigested,
  MESSAGE_DIGEST_WINDOW_MS,
  type NotificationType,
} from '../domain/notification-types.js';
import { deferPastQuietHours, type QuietHours } from '../domain/quiet-hours.js';
import {
  NotificationRepository,
  notificationView,
  type NotificationView,
} from '../infrastructure/notification.repository.js';
import { PeopleRepository } from '../infrastructure/people.repository.js';
import { UserFeed } from './user-feed.js';

/** One notification a domain event gives one user. */
export interface NotificationRequest {
  userId: string;
  type: NotificationType;
  data: NotificationData;
  /** New messages of one conversation share an e-mail. */
  conversationId?: string;
}

const SOMEONE = { displayName: 'there', timezone: 'UTC' };

/** Users' notifications: stored from domain events, listed, read; and whether e-mail follows. */
@Injectable()
export class NotificationsService {
  constructor(
    private readonly notifications: NotificationRepository,
    private readonly people: PeopleRepository,
    private readonly feed: UserFeed,
    private readonly events: EventBus,
    private readonly clock: Clock,
    private readonly unitOfWork: UnitOfWork,
  ) {}

  /**
   * Stores each request as an in-app notification, once per user and event (a redelivered event
   * finds its notification there and changes nothing), shows it on the user's live feed, and,
   * when the user wants this type by e-mail, puts it on an e-mail due after the quiet hours
   * (new messages: on the conversation's e-mail that is still gathering, or a new one).
   */
  async notify(
    tx: Transaction,
    event: DomainEvent<unknown>,
    requests: NotificationRequest[],
  ): Promise<void> {
    const now = this.clock.now();
    const people = await this.people.findMany(
      tx,
      requests.map((request) => request.userId),
    );
    for (const request of requests) {
      const reader = people.get(request.userId) ?? SOMEONE;
      const notification = {
        id: newId(),
        userId: request.userId,
        type: request.type,
        ...renderNotification(request.type, request.data, reader),
        data: request.data,
        sourceEventId: event.id,
        createdAt: now,
      };
      if (!(await this.notifications.insertOnce(tx, notification))) continue;
      const preferences = NotificationPreferences.of(
        await this.notifications.preferencesIn(tx, request.userId),
      );
      let email: { id: string; dueAt: Date } | null = null;
      if (preferences.wantsEmail(request.type)) {
        const conversationId = isDigested(request.type) ? (request.conversationId ?? null) : null;
        const earliest = new Date(
          now.getTime() + (conversationId !== null ? MESSAGE_DIGEST_WINDOW_MS : 0),
        );
        email = await this.notifications.openDelivery(tx, {
          id: newId(),
          userId: request.userId,
          conversationId,
          dueAt: ignoresQuietHours(request.type)
            ? earliest
            : deferPastQuietHours(earliest, preferences.quietHours, reader.timezone),
          now,
        });
        await this.notifications.attachToDelivery(tx, notification.id, email.id);
      }
      this.feed.append(tx, [request.userId], {
        type: 'notification',
        data: { ...notificationView(notification) },
      });
      await this.events.publish(tx, NotificationCreated, {
        aggregateId: notification.id,
        payload: {
          notificationId: notification.id,
          userId: request.userId,
          type: request.type,
          emailDeliveryId: email?.id ?? null,
          emailDueAt: email?.dueAt.toISOString() ?? null,
        },
      });
    }
  }

  list(
    userId: string,
    query: { unread: boolean; page: number; limit: number },
  ): Promise<Page<NotificationView>> {
    return this.notifications.page(userId, query);
  }

  async markRead(userId: string, id: string): Promise<void> {
    if (!(await this.notifications.markRead(userId, id, this.clock.now())))
      throw new ResourceNotFoundError('notification');
  }

  markAllRead(userId: string): Promise<void> {
    return this.notifications.markAllRead(userId, this.clock.now());
  }

  async preferences(userId: string): Promise<NotificationPreferences> {
    return NotificationPreferences.of(await this.notifications.preferences(userId));
  }

  /** Switches the named e-mail types; replaces the quiet hours when given (null: none). */
  updatePreferences(
    userId: string,
    change: { email?: Partial<EmailChoices>; quietHours?: QuietHours | null },
  ): Promise<NotificationPreferences> {
    return this.unitOfWork.run(async (tx) =>
      NotificationPreferences.of(
        await this.notifications.changePreferences(
          tx,
          userId,
          { email: change.email ?? {}, quietHours: change.quietHours },
          this.clock.now(),
        ),
      ),
    );
  }
}
