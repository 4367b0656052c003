import { defineEvent } from './domain-event.js';

describe('defineEvent', () => {
  it('keeps the type and version', () => {
    expect(defineEvent('scheduling.booking.confirmed')).toEqual({
      type: 'scheduling.booking.confirmed',
      version: 1,
    });
    expect(defineEvent('identity.user.roles_changed', 2)).toEqual({
      type: 'identity.user.roles_changed',
      version: 2,
    });
  });

  it('refuses names that do not read <context>.<aggregate>.<verb>', () => {
    expect(() => defineEvent('BookingConfirmed')).toThrow(/must read/);
    expect(() => defineEvent('scheduling.confirmed')).toThrow(/must read/);
  });
});
