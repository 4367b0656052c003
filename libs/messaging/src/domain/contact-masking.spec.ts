import { HIDDEN_EMAIL, HIDDEN_LINK, HIDDEN_PHONE, maskContactDetails } from './contact-masking.js';

describe('maskContactDetails', () => {
  describe.each([
    // e-mail addresses
    ['mail me at jane.doe@example.com', `mail me at ${HIDDEN_EMAIL}`],
    ['jane.doe+tutoring@gmail.co.uk please', `${HIDDEN_EMAIL} please`],
    ['JANE_DOE@Example.ORG', HIDDEN_EMAIL],
    ['mailto:jane@example.com', HIDDEN_EMAIL],
    ['jane (at) example (dot) com', HIDDEN_EMAIL],
    ['jane[at]example[dot]com', HIDDEN_EMAIL],
    ['write to jane at example dot com', `write to ${HIDDEN_EMAIL}`],
    ['jane @ example.com', HIDDEN_EMAIL],
    // phone numbers
    ['call +1 (555) 123-4567', `call ${HIDDEN_PHONE}`],
    ['555-123-4567 after six', `${HIDDEN_PHONE} after six`],
    ['555.123.4567', HIDDEN_PHONE],
    ['+44 20 7946 0958', HIDDEN_PHONE],
    ['+49 176 1234 5678', HIDDEN_PHONE],
    ['0176 12345678', HIDDEN_PHONE],
    ['(0176) 123 45 67', HIDDEN_PHONE],
    ['0049/176/12345678', HIDDEN_PHONE],
    ['WhatsApp: +4917612345678!', `WhatsApp: ${HIDDEN_PHONE}!`],
    ['my number is 1234567', `my number is ${HIDDEN_PHONE}`],
    // links
    ['join https://zoom.us/j/123456789', `join ${HIDDEN_LINK}`],
    ['http://example.com/path?x=1#y', HIDDEN_LINK],
    ['see www.example.com', `see ${HIDDEN_LINK}`],
    ['meet.google.com/abc-defg-hij', HIDDEN_LINK],
    ['wa.me/491761234567', HIDDEN_LINK],
    ['t.me/janedoe or instagram.com/jane', `${HIDDEN_LINK} or ${HIDDEN_LINK}`],
    ['my site: jane-tutors.de.', `my site: ${HIDDEN_LINK}.`],
    ['192.168.0.1', HIDDEN_LINK],
    // several at once
    [
      'jane@example.com, +1 555 123 4567, bit.ly/x',
      `${HIDDEN_EMAIL}, ${HIDDEN_PHONE}, ${HIDDEN_LINK}`,
    ],
  ])('hides %j', (text, expected) => {
    it(`as ${JSON.stringify(expected)}`, () => {
      expect(maskContactDetails(text)).toEqual({ text: expected, masked: true });
    });
  });

  it.each([
    'Can we meet on 2026-12-01 at 10:00?',
    'How about 01.12.2026, 17:30 - 18:30, or 12/01/2026?',
    'The fee is 40.00 USD for 90 minutes, 3 lessons a week',
    'Chapter 2.3, exercises 4-7 and 12 on page 101',
    'e.g. the quadratic formula, i.e. x = (-b ± √(b² - 4ac)) / 2a',
    'Bring notes.txt and the slides',
    'Version 2.0.1 of the app works',
    'Line one\n\tindented line two',
    'Grüße aus Köln! 你好，我们明天见。',
    'I look at it and dot the i',
    'See you at 5.30 at home.Then we start',
    '',
  ])('leaves %j as it was', (text) => {
    expect(maskContactDetails(text)).toEqual({ text, masked: false });
  });
});
