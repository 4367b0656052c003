import { MINUTE_MS } from '@etutors/platform';

export const MESSAGE_KINDS = ['user', 'system'] as const;
export type MessageKind = (typeof MESSAGE_KINDS)[number];

export const MESSAGE_MAX_LENGTH = 4000;

/** Plain text: any character but the control characters, newline and tab excepted. */
export const PLAIN_TEXT = /^(?:[^\p{Cc}]|[\n\t])*$/u;

/** How many messages one user may send per window, across every API instance. */
export const SEND_RATE_LIMIT = { limit: 30, windowMs: MINUTE_MS } as const;

export const sendRateLimitKey = (userId: string) => `messaging:send:${userId}`;

/** A message as its participants see it. */
export interface MessageView {
  id: string;
  conversationId: string;
  /** Null for a system message (booking news). */
  senderId: string | null;
  kind: MessageKind;
  body: string;
  /** Contact details in the body were hidden (the pair had no confirmed booking yet). */
  masked: boolean;
  createdAt: string;
}

/** Booking news the conversation shows, as one line of text. */
export type BookingNews =
  | { kind: 'confirmed'; startsAt: string }
  | { kind: 'rescheduled'; startsAt: string; previousStartsAt: string }
  | { kind: 'cancelled'; cancelledBy: 'student' | 'tutor' | 'admin'; reason: string | null }
  | { kind: 'completed' };

/** The system message for booking news; times in ISO 8601 UTC, for clients to show in their zone. */
export function bookingNewsText(news: BookingNews): string {
  switch (news.kind) {
    case 'confirmed':
      return `Booking confirmed: the lesson starts at ${news.startsAt}.`;
    case 'rescheduled':
      return `Booking rescheduled: the lesson moved from ${news.previousStartsAt} to ${news.startsAt}.`;
    case 'cancelled':
      return `Booking cancelled by the ${news.cancelledBy}${news.reason ? `: ${news.reason}` : '.'}`.slice(
        0,
        MESSAGE_MAX_LENGTH,
      );
    case 'completed':
      return 'Lesson completed.';
  }
}
