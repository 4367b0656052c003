import { cohortsCsv, leaderboardCsv, seriesCsv } from './analytics-csv.js';

describe('analytics CSV', () => {
  it('a series: bucket and value', () => {
    expect(seriesCsv([{ bucket: '2026-03-28T23:00:00.000Z', value: -150 }])).toBe(
      'bucket,value\r\n2026-03-28T23:00:00.000Z,-150\r\n',
    );
  });

  it('the leaderboard: a gross and a net column per currency, empty cells for missing figures', () => {
    expect(
      leaderboardCsv([
        {
          tutorId: '=evil',
          lessons: 2,
          revenue: [{ currency: 'USD', gross: 8000, net: -500 }],
          rating: null,
          reviews: 0,
          cancellationRate: 0.5,
          utilization: null,
          bookingsCreated: 2,
          bookingsCancelled: 1,
          bookedMinutes: 60,
          availableMinutes: 0,
        },
      ]),
    ).toBe(
      'tutor_id,lessons,gross_USD,net_USD,rating,reviews,cancellation_rate,utilization,bookings_created,bookings_cancelled,booked_minutes,available_minutes\r\n' +
        "'=evil,2,8000,-500,,0,0.5,,2,1,60,0\r\n",
    );
  });

  it('cohorts: a month column per month since the oldest cohort, later cohorts padded', () => {
    expect(
      cohortsCsv([
        { cohort: '2026-01', students: 3, months: [3, 1] },
        { cohort: '2026-02', students: 0, months: [0] },
      ]),
    ).toBe('cohort,students,month_0,month_1\r\n2026-01,3,3,1\r\n2026-02,0,0,\r\n');
  });
});
