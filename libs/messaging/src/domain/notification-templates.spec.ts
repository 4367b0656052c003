import { renderEmail, renderNotification } from './notification-templates.js';
import { NOTIFICATION_TYPES } from './notification-types.js';

const ada = { displayName: 'Ada <Lovelace>', timezone: 'Europe/Berlin' };

describe('notification templates', () => {
  it('writes a title and body for every type, whatever data is missing', () => {
    for (const type of NOTIFICATION_TYPES) {
      const text = renderNotification(type, {}, ada);
      expect(text.title.length).toBeGreaterThan(0);
      expect(text.body.length).toBeGreaterThan(0);
      expect(`${text.title} ${text.body}`).not.toMatch(/undefined|null|NaN|\[object/);
    }
  });

  it('shows times in the reader’s zone and amounts in their currency', () => {
    // 09:30 UTC in December is 10:30 in Berlin.
    expect(
      renderNotification(
        'booking_rescheduled',
        { previousStartsAt: '2026-12-24T09:30:00Z', startsAt: '2026-12-25T15:00:00Z' },
        ada,
      ).body,
    ).toBe(
      'Your lesson on Thu 24 Dec 2026, 10:30 (Europe/Berlin) now starts on Fri 25 Dec 2026, 16:00 (Europe/Berlin).',
    );
    expect(renderNotification('refund_issued', { amount: 1250, currency: 'JPY' }, ada).body).toBe(
      '¥1,250 is on its way back to you.',
    );
    expect(renderNotification('payout_sent', { amount: 4050, currency: 'EUR' }, ada).body).toBe(
      'We sent you a payout of €40.50.',
    );
    expect(
      renderNotification(
        'booking_cancelled',
        {
          withName: 'Tom',
          cancelledBy: 'tutor',
          reason: 'ill',
          refundAmount: 6000,
          refundCurrency: 'USD',
        },
        ada,
      ).body,
    ).toBe('Your lesson with Tom was cancelled by the tutor: ill. $60.00 will be refunded.');
  });

  it('renders an e-mail as text and escaped HTML, greeting the reader by name', () => {
    const mail = renderEmail(ada, [
      { type: 'new_message', data: { senderName: 'Tom', preview: 'see <a href=x>this</a>' } },
    ]);
    expect(mail.subject).toBe('New message from Tom');
    expect(mail.text).toBe('Hi Ada <Lovelace>,\n\nsee <a href=x>this</a>\n\n— E-Tutors\n');
    expect(mail.html).toContain('<p>Hi Ada &lt;Lovelace&gt;,</p>');
    expect(mail.html).toContain('<p>see &lt;a href=x&gt;this&lt;/a&gt;</p>');
    expect(mail.html).not.toContain('<a href');
  });

  it('gathers a conversation’s messages into one e-mail, oldest first', () => {
    const mail = renderEmail(ada, [
      { type: 'new_message', data: { senderName: 'Tom', preview: 'first' } },
      { type: 'new_message', data: { senderName: 'Tom', preview: 'second' } },
    ]);
    expect(mail.subject).toBe('2 new messages from Tom');
    expect(mail.text).toBe('Hi Ada <Lovelace>,\n\nfirst\n\nsecond\n\n— E-Tutors\n');
  });
});
