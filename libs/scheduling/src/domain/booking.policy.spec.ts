import { canTransition, holdExpiry, lessonPrice } from './booking.policy.js';

describe('booking policy', () => {
  it('allows only the documented transitions', () => {
    expect(canTransition('pending_payment', 'confirmed')).toBe(true);
    expect(canTransition('pending_payment', 'expired')).toBe(true);
    expect(canTransition('confirmed', 'completed')).toBe(true);
    expect(canTransition('confirmed', 'cancelled')).toBe(true);
    expect(canTransition('confirmed', 'expired')).toBe(false);
    expect(canTransition('cancelled', 'confirmed')).toBe(false);
    expect(canTransition('completed', 'cancelled')).toBe(false);
    expect(canTransition('expired', 'confirmed')).toBe(false);
  });

  it('prices rate × duration, rounded to the minor unit', () => {
    expect(lessonPrice(4000, 60)).toBe(4000);
    expect(lessonPrice(4000, 90)).toBe(6000);
    expect(lessonPrice(4000, 45)).toBe(3000);
    expect(lessonPrice(3333, 45)).toBe(2500);
    expect(lessonPrice(1001, 30)).toBe(501);
  });

  it('holds an unpaid booking for the hold, but never past the start', () => {
    expect(holdExpiry(1_000, 10_000_000, 900_000)).toBe(901_000);
    expect(holdExpiry(1_000, 600_000, 900_000)).toBe(600_000);
  });
});
