import type { MessageView } from './message.js';

/**
 * The pair a conversation is between, smaller id first: whoever opens it, the same pair names
 * the same row (the database holds one per pair).
 */
export function orderedPair(one: string, other: string): [string, string] {
  return one < other ? [one, other] : [other, one];
}

/** A conversation in its participant's list. */
export interface ConversationView {
  id: string;
  participantIds: [string, string];
  /** The other participant. */
  participantId: string;
  createdAt: string;
  lastActivityAt: string;
  lastMessage: MessageView | null;
  /** Messages from others after the caller's last-read cursor. */
  unreadCount: number;
}

/** Who may open a conversation with whom (besides the booking that opens one by itself). */
export function mayOpenConversation(facts: {
  callerIsStudent: boolean;
  callerIsTutor: boolean;
  /** The other user is a tutor whose profile is approved. */
  otherIsApprovedTutor: boolean;
  /** The caller, as tutor, has a booking (any state) with the other user as student. */
  callerTutorsOther: boolean;
}): boolean {
  return (
    (facts.callerIsStudent && facts.otherIsApprovedTutor) ||
    (facts.callerIsTutor && facts.callerTutorsOther)
  );
}
