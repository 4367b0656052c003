import { DateTime } from 'luxon';
import type { NotificationType } from './notification-types.js';

/** What a template knows about the person it is written for. */
export interface Reader {
  displayName: string;
  /** IANA zone every time is shown in. */
  timezone: string;
}

/** A notification's own facts (ids, times, amounts, names), stored with it as `data`. */
export type NotificationData = Record<string, unknown>;

export interface NotificationText {
  title: string;
  body: string;
}

export interface EmailContent {
  subject: string;
  text: string;
  html: string;
}

/** The readable forms of times and amounts, in the reader's zone. */
class Format {
  constructor(private readonly zone: string) {}

  time(iso: unknown): string {
    let at = DateTime.fromISO(String(iso), { zone: this.zone });
    if (!at.isValid) at = DateTime.fromISO(String(iso), { zone: 'UTC' });
    if (!at.isValid) return 'a time to be confirmed';
    return `${at.toFormat('ccc d LLL yyyy, HH:mm')} (${at.zoneName})`;
  }

  money(amount: unknown, currency: unknown): string {
    const code = String(currency);
    if (typeof amount !== 'number' || !Number.isInteger(amount)) return 'an amount';
    try {
      const format = new Intl.NumberFormat('en', { style: 'currency', currency: code });
      const digits = format.resolvedOptions().maximumFractionDigits ?? 2;
      return format.format(amount / 10 ** digits);
    } catch {
      return `${String(amount)} ${code} (minor units)`;
    }
  }
}

const text = (value: unknown, fallback: string): string =>
  typeof value === 'string' && value.trim() !== '' ? value : fallback;

type Template = (data: NotificationData, format: Format) => NotificationText;

const TEMPLATES: Record<NotificationType, Template> = {
  booking_requested: (d, f) => ({
    title: 'New booking request',
    body: `${text(d.studentName, 'A student')} asked for a lesson on ${f.time(d.startsAt)}.`,
  }),
  booking_confirmed: (d, f) => ({
    title: 'Lesson confirmed',
    body: `Your lesson with ${text(d.withName, 'your partner')} on ${f.time(d.startsAt)} is confirmed.`,
  }),
  booking_cancelled: (d, f) => ({
    title: 'Lesson cancelled',
    body:
      `Your lesson with ${text(d.withName, 'your partner')} was cancelled by the ${text(d.cancelledBy, 'platform')}` +
      `${typeof d.reason === 'string' && d.reason ? `: ${d.reason}` : ''}.` +
      (Number(d.refundAmount) > 0
        ? ` ${f.money(d.refundAmount, d.refundCurrency)} will be refunded.`
        : ''),
  }),
  booking_rescheduled: (d, f) => ({
    title: 'Lesson moved',
    body: `Your lesson on ${f.time(d.previousStartsAt)} now starts on ${f.time(d.startsAt)}.`,
  }),
  lesson_reminder: (d, f) => ({
    title: d.before === '1h' ? 'Your lesson starts in an hour' : 'Your lesson is tomorrow',
    body: `Your lesson with ${text(d.withName, 'your partner')} starts on ${f.time(d.startsAt)}.`,
  }),
  new_message: (d) => ({
    title: `New message from ${text(d.senderName, 'your conversation partner')}`,
    body: text(d.preview, '(no text)'),
  }),
  payment_succeeded: (d, f) => ({
    title: 'Payment received',
    body: `We received your payment of ${f.money(d.amount, d.currency)}. Your receipt is on its way.`,
  }),
  refund_issued: (d, f) => ({
    title: 'Refund issued',
    body: `${f.money(d.amount, d.currency)} is on its way back to you${typeof d.reason === 'string' && d.reason ? ` (${d.reason})` : ''}.`,
  }),
  payout_sent: (d, f) => ({
    title: 'Payout sent',
    body: `We sent you a payout of ${f.money(d.amount, d.currency)}.`,
  }),
  review_received: (d) => ({
    title: 'New review',
    body: `${text(d.studentName, 'A student')} rated your lesson${typeof d.rating === 'number' ? ` ${d.rating} out of 5` : ''}.`,
  }),
  no_show_marked: (d, f) => ({
    title: d.role === 'tutor' ? 'Student marked absent' : 'You were marked absent',
    body:
      d.role === 'tutor'
        ? `You marked ${text(d.withName, 'your student')} absent from the lesson on ${f.time(d.startsAt)}; you are paid as for a held lesson.`
        : `${text(d.withName, 'Your tutor')} marked you absent from the lesson on ${f.time(d.startsAt)}; it is not refunded. If you were there, you can dispute it within 72 hours of its end.`,
  }),
  dispute_opened: (d, f) => ({
    title: d.kind === 'tutor_absent' ? 'Tutor reported absent' : 'Lesson disputed',
    body:
      (d.kind === 'tutor_absent'
        ? d.role === 'tutor'
          ? `${text(d.withName, 'Your student')} reported that you did not come to the lesson on ${f.time(d.startsAt)}. Unless you contest it by ${f.time(d.contestDeadline)}, the lesson is refunded in full.`
          : `You reported that ${text(d.withName, 'your tutor')} did not come to the lesson on ${f.time(d.startsAt)}. Unless they contest it, the lesson is refunded in full.`
        : d.role === 'tutor'
          ? `${text(d.withName, 'Your student')} disputed the lesson on ${f.time(d.startsAt)}; an admin will decide.`
          : `You disputed the lesson on ${f.time(d.startsAt)}; an admin will decide.`) +
      (typeof d.reason === 'string' && d.reason ? ` Reason: ${d.reason}` : ''),
  }),
  dispute_contested: (d, f) => ({
    title: 'Absence report contested',
    body:
      (d.role === 'tutor'
        ? `You contested the report that you missed the lesson on ${f.time(d.startsAt)}`
        : `${text(d.withName, 'Your tutor')} says they were at the lesson on ${f.time(d.startsAt)}`) +
      `; an admin will decide.${typeof d.reason === 'string' && d.reason ? ` Reason: ${d.reason}` : ''}`,
  }),
  dispute_resolved: (d, f) => ({
    title: 'Case resolved',
    body:
      `The case about the lesson on ${f.time(d.startsAt)} is resolved: ` +
      (Number(d.refundAmount) > 0
        ? `${f.money(d.refundAmount, d.refundCurrency)} ${d.role === 'tutor' ? 'is refunded to the student' : 'will be refunded to you'}.`
        : 'nothing is refunded.'),
  }),
  report_ready: (d) => {
    const first = text(d.firstDay, '');
    const last = text(d.lastDay, first);
    const days = first === '' ? '' : first === last ? ` for ${first}` : ` for ${first} to ${last}`;
    return {
      title: 'Your report is ready',
      body:
        `The ${text(d.reportType, 'requested')} report${days} (UTC days) is ready to download` +
        `${typeof d.rows === 'number' ? `: ${d.rows} ${d.rows === 1 ? 'row' : 'rows'}` : ''}.`,
    };
  },
  tutor_approved: (d) => ({
    title: 'Your tutor profile is approved',
    body: `Students can now find and book you.${typeof d.note === 'string' && d.note ? ` Note from the team: ${d.note}` : ''}`,
  }),
};

/** The in-app title and body of a notification, written for `reader`. */
export function renderNotification(
  type: NotificationType,
  data: NotificationData,
  reader: Reader,
): NotificationText {
  return TEMPLATES[type](data, new Format(reader.timezone));
}

const escapeHtml = (value: string): string =>
  value.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!,
  );

/** One notification as an e-mail shows it. */
export interface EmailItem {
  type: NotificationType;
  data: NotificationData;
}

/**
 * The e-mail for one notification, or for several new messages of one conversation (a digest):
 * a plain-text and an HTML part with the same content, greeting the reader by name.
 */
export function renderEmail(reader: Reader, items: EmailItem[]): EmailContent {
  const texts = items.map((item) => renderNotification(item.type, item.data, reader));
  const first = texts[0]!;
  const digest = items.length > 1;
  const subject = digest
    ? `${items.length} new messages from ${text(items[0]!.data.senderName, 'your conversation partner')}`
    : first.title;
  const paragraphs = digest ? texts.map((t) => t.body) : [first.body];
  const greeting = `Hi ${reader.displayName},`;
  const signature = '— E-Tutors';
  return {
    subject,
    text: [greeting, ...paragraphs, signature].join('\n\n') + '\n',
    html:
      `<!doctype html><html><body>` +
      `<p>${escapeHtml(greeting)}</p>` +
      paragraphs.map((p) => `<p>${escapeHtml(p).replace(/\n/g, '<br>')}</p>`).join('') +
      `<p>${escapeHtml(signature)}</p></body></html>`,
  };
}
