import LinkifyIt from 'linkify-it';

/** What a message says once contact details are hidden, and whether anything was. */
export interface MaskedText {
  text: string;
  masked: boolean;
}

export const HIDDEN_EMAIL = '[email hidden]';
export const HIDDEN_PHONE = '[phone hidden]';
export const HIDDEN_LINK = '[link hidden]';

// Links with or without a scheme (`zoom.us/j/1`, `www.x.com`, `https://…`) and e-mail addresses,
// recognised against the real list of top-level domains, so `e.g.` or `notes.txt` stay.
const linkify = new LinkifyIt({}, { fuzzyLink: true, fuzzyEmail: true, fuzzyIP: true });

// Addresses spelled out to slip past a filter: `jane (at) mail (dot) com`, `jane @ mail.com`, and
// `jane at mail dot com` (a bare "at" only with a spelled "dot", so `see you at 5.30` stays).
const SPELLED_EMAIL = [
  /[\p{L}\p{N}._+-]+\s*(?:[([{<]\s*at\s*[)\]}>]|\s@\s)\s*[\p{L}\p{N}-]+(?:\s*(?:[([{<]\s*dot\s*[)\]}>]|\.)\s*[\p{L}\p{N}-]+)+/giu,
  /[\p{L}\p{N}._+-]+\s+at\s+[\p{L}\p{N}-]+(?:\s+dot\s+[\p{L}\p{N}-]+)+/giu,
];

// A run of digits that separators (space, dot, dash, slash, parentheses) hold together, with an
// optional leading `+` or `00`; it is a phone number when it has 7 to 15 digits (E.164 allows 15).
// A time (`10:00`) ends a run rather than joining it: `2026-12-01 10:00` is a date and a time.
const DIGIT_RUN = /(?<![\p{L}\p{N}])\+?\(?\d(?:[\d().\-/ \u00a0]|\s(?=\d))*\d(?![\p{L}\p{N}:])/gu;
const MIN_PHONE_DIGITS = 7;
const MAX_PHONE_DIGITS = 15;
// Runs that are plainly dates or times of a lesson, not numbers to call: 2026-12-01, 01.12.2026, 12/01/2026.
const DATE = /^(?:\d{4}[-./]\d{1,2}[-./]\d{1,2}|\d{1,2}[-./]\d{1,2}[-./]\d{2,4})$/;

function isPhoneNumber(run: string): boolean {
  const digits = run.replace(/\D/g, '').length;
  return digits >= MIN_PHONE_DIGITS && digits <= MAX_PHONE_DIGITS && !DATE.test(run.trim());
}

/**
 * Hides e-mail addresses, phone numbers and links in `text`, so a student and a tutor without a
 * confirmed booking cannot take their business off the platform. Everything else is kept as it
 * was written.
 */
export function maskContactDetails(text: string): MaskedText {
  let masked = false;
  const hide = (replacement: string) => () => {
    masked = true;
    return replacement;
  };
  let result = SPELLED_EMAIL.reduce(
    (out, pattern) => out.replace(pattern, hide(HIDDEN_EMAIL)),
    text,
  );
  let linked = '';
  let from = 0;
  for (const match of linkify.match(result) ?? []) {
    linked += result.slice(from, match.index);
    linked += match.schema === 'mailto:' ? HIDDEN_EMAIL : HIDDEN_LINK;
    from = match.lastIndex;
    masked = true;
  }
  result = linked + result.slice(from);
  result = result.replace(DIGIT_RUN, (run) => {
    if (!isPhoneNumber(run)) return run;
    masked = true;
    return HIDDEN_PHONE;
  });
  return { text: result, masked };
}
