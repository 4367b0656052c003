import { NOTIFICATION_TYPES, type NotificationType } from './notification-types.js';
import { DEFAULT_QUIET_HOURS, type QuietHours } from './quiet-hours.js';

export type EmailChoices = Record<NotificationType, boolean>;

/** What a user stored; absent for someone who never changed anything. */
export interface StoredPreferences {
  email: Partial<Record<string, boolean>>;
  quietHours: QuietHours | null;
}

/**
 * A user's choices about e-mail: per notification type (every type on until turned off) and the
 * quiet hours (22:00–08:00 until changed; null turns them off). In-app notifications are always on.
 */
export class NotificationPreferences {
  private constructor(
    readonly email: EmailChoices,
    readonly quietHours: QuietHours | null,
  ) {}

  static of(stored: StoredPreferences | undefined): NotificationPreferences {
    const email = Object.fromEntries(
      NOTIFICATION_TYPES.map((type) => [type, stored?.email[type] ?? true]),
    ) as EmailChoices;
    return new NotificationPreferences(
      email,
      stored ? stored.quietHours : { ...DEFAULT_QUIET_HOURS },
    );
  }

  wantsEmail(type: NotificationType): boolean {
    return this.email[type];
  }
}
