import fc from 'fast-check';
import { refundOnCancellation } from './cancellation-policy.js';

const HOUR = 3_600_000;
const startsAt = Date.parse('2026-06-10T10:00:00Z');

describe('refundOnCancellation', () => {
  it.each([
    ['tutor, any time', 'tutor', startsAt + HOUR, 4000],
    ['admin, any time', 'admin', startsAt - HOUR, 4000],
    ['student, 48 h before', 'student', startsAt - 48 * HOUR, 4000],
    ['student, exactly 24 h before', 'student', startsAt - 24 * HOUR, 4000],
    ['student, 23 h before', 'student', startsAt - 23 * HOUR, 2000],
    ['student, 1 minute before', 'student', startsAt - 60_000, 2000],
    ['student, at the start', 'student', startsAt, 0],
    ['student, after the start', 'student', startsAt + HOUR, 0],
  ] as const)('%s', (_case, cancelledBy, now, refund) => {
    expect(refundOnCancellation({ cancelledBy, price: 4000, startsAt, now })).toBe(refund);
  });

  it('rounds a half refund down to the minor unit', () => {
    expect(
      refundOnCancellation({ cancelledBy: 'student', price: 4001, startsAt, now: startsAt - HOUR }),
    ).toBe(2000);
  });

  it('never refunds more than the price nor less than zero, always an integer', () => {
    fc.assert(
      fc.property(
        fc.constantFrom('student', 'tutor', 'admin' as const),
        fc.integer({ min: 0, max: 10_000_000 }),
        fc.integer({ min: -100 * HOUR, max: 100 * HOUR }),
        (cancelledBy, price, offset) => {
          const refund = refundOnCancellation({
            cancelledBy,
            price,
            startsAt,
            now: startsAt + offset,
          });
          return Number.isInteger(refund) && refund >= 0 && refund <= price;
        },
      ),
    );
  });
});
