import { rankTutors, tutorFigures, type TutorTotals } from './tutor-figures.js';

const period = { from: new Date('2026-03-01T00:00:00Z'), to: new Date('2026-03-08T00:00:00Z') };
const totals = (tutorId: string, over: Partial<TutorTotals> = {}): TutorTotals => ({
  tutorId,
  lessons: 0,
  bookingsCreated: 0,
  bookingsCancelled: 0,
  bookedMinutes: 0,
  reviews: 0,
  ratingSum: 0,
  money: [],
  ...over,
});

describe('a tutor’s figures', () => {
  it('net per currency, rating, cancellation rate and utilization', () => {
    const figures = tutorFigures(
      totals('t1', {
        lessons: 3,
        bookingsCreated: 4,
        bookingsCancelled: 1,
        bookedMinutes: 180,
        reviews: 3,
        ratingSum: 13,
        money: [
          { currency: 'USD', gross: 12000, fees: 1500, refunds: 2000 },
          { currency: 'EUR', gross: 5000, fees: 750, refunds: 0 },
        ],
      }),
      [{ effectiveAt: new Date('2026-01-01T00:00:00Z'), weeklyMinutes: 720 }],
      period,
    );
    expect(figures).toEqual({
      tutorId: 't1',
      lessons: 3,
      bookingsCreated: 4,
      bookingsCancelled: 1,
      earnings: [
        { currency: 'EUR', gross: 5000, fees: 750, refunds: 0, net: 4250 },
        { currency: 'USD', gross: 12000, fees: 1500, refunds: 2000, net: 8500 },
      ],
      rating: 4.33,
      reviews: 3,
      cancellationRate: 0.25,
      bookedMinutes: 180,
      availableMinutes: 720,
      utilization: 0.25,
    });
  });

  it('has no rating, rate or utilization without reviews, bookings or availability', () => {
    const figures = tutorFigures(totals('t1', { bookingsCancelled: 1 }), [], period);
    expect([figures.rating, figures.cancellationRate, figures.utilization]).toEqual([
      null,
      null,
      null,
    ]);
  });
});

describe('ranking tutors', () => {
  const a = tutorFigures(totals('a', { lessons: 2, reviews: 1, ratingSum: 3 }), [], period);
  const b = tutorFigures(
    totals('b', { lessons: 5, money: [{ currency: 'USD', gross: 100, fees: 0, refunds: 0 }] }),
    [],
    period,
  );
  const c = tutorFigures(
    totals('c', {
      lessons: 2,
      reviews: 2,
      ratingSum: 10,
      money: [{ currency: 'USD', gross: 900, fees: 0, refunds: 0 }],
    }),
    [],
    period,
  );
  const ids = (list: { tutorId: string }[]) => list.map((tutor) => tutor.tutorId);

  it('by the figure, in either order, ties by tutor id', () => {
    expect(ids(rankTutors([a, b, c], 'lessons', 'desc'))).toEqual(['b', 'a', 'c']);
    expect(ids(rankTutors([c, b, a], 'lessons', 'asc'))).toEqual(['a', 'c', 'b']);
    expect(ids(rankTutors([a, b, c], 'revenue', 'desc', 'USD'))).toEqual(['c', 'b', 'a']);
  });

  it('puts tutors without the figure last either way', () => {
    expect(ids(rankTutors([a, b, c], 'rating', 'desc'))).toEqual(['c', 'a', 'b']);
    expect(ids(rankTutors([a, b, c], 'rating', 'asc'))).toEqual(['a', 'c', 'b']);
  });
});
