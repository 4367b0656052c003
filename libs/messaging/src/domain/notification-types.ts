/** Every kind of notification a user can get (API.md); each comes from one domain event. */
export const NOTIFICATION_TYPES = [
  'booking_requested',
  'booking_confirmed',
  'booking_cancelled',
  'booking_rescheduled',
  'lesson_reminder',
  'new_message',
  'payment_succeeded',
  'refund_issued',
  'payout_sent',
  'review_received',
  'tutor_approved',
  'no_show_marked',
  'dispute_opened',
  'dispute_contested',
  'dispute_resolved',
  'report_ready',
] as const;

export type NotificationType = (typeof NOTIFICATION_TYPES)[number];

/**
 * Money and account security cannot wait for the morning: these e-mails go out during quiet
 * hours too. (Password and e-mail verification mails are sent by identity directly, not here.)
 */
const URGENT_TYPES: ReadonlySet<NotificationType> = new Set([
  'payment_succeeded',
  'refund_issued',
  'payout_sent',
  'dispute_resolved',
]);

export const ignoresQuietHours = (type: NotificationType): boolean => URGENT_TYPES.has(type);

/** Messages of one conversation arriving within this window reach the inbox as one e-mail. */
export const MESSAGE_DIGEST_WINDOW_MS = 10 * 60_000;

/** New messages are gathered per conversation into one e-mail; everything else is sent alone. */
export const isDigested = (type: NotificationType): boolean => type === 'new_message';

/** Where a notification's e-mail stands. `off`: the user does not want this type by e-mail. */
export const EMAIL_STATUSES = ['off', 'pending', 'sent', 'failed'] as const;
export type EmailStatus = (typeof EMAIL_STATUSES)[number];
