import { reportLine, revenueCells, tutorCells } from './report-csv.js';
import { periodChunks, progressPercent, Report } from './report.js';

describe('report CSV lines', () => {
  it('quote, guard text that would run as a formula, keep numbers and end in CRLF', () => {
    expect(reportLine(['a,b', '=HYPERLINK("x")', '-2+3', -4000, 12])).toBe(
      `"a,b","'=HYPERLINK(""x"")",'-2+3,-4000,12\r\n`,
    );
  });

  it('show the fees kept and each report’s net', () => {
    const money = { gross: 1000, platformFees: 150, refunds: 4000, feesReversed: 600 };
    expect(revenueCells({ day: '2031-01-06', currency: 'EUR', ...money })).toEqual([
      '2031-01-06',
      'EUR',
      1000,
      -450,
      4000,
      -3000,
    ]);
    expect(
      tutorCells({
        tutorId: 't',
        currency: 'EUR',
        bookings: 1,
        lessons: 0,
        cancellations: 1,
        ...money,
      }),
    ).toEqual(['t', 'EUR', 1, 0, 1, 1000, -450, 4000, -2550]);
  });
});

describe('report periods', () => {
  it('cuts a period into pieces of whole days, the last one shorter', () => {
    const chunks = periodChunks(new Date('2031-01-01'), new Date('2031-04-01'), 31);
    expect(chunks.map((c) => [c.from.toISOString(), c.to.toISOString()])).toEqual([
      ['2031-01-01T00:00:00.000Z', '2031-02-01T00:00:00.000Z'],
      ['2031-02-01T00:00:00.000Z', '2031-03-04T00:00:00.000Z'],
      ['2031-03-04T00:00:00.000Z', '2031-04-01T00:00:00.000Z'],
    ]);
  });

  it('reaches 100 percent only with the last piece', () => {
    expect([0, 1, 2, 3].map((done) => progressPercent(done, 3))).toEqual([0, 33, 66, 100]);
    expect(progressPercent(199, 200)).toBe(99);
    expect(progressPercent(0, 0)).toBe(100);
  });

  it('gives the nightly report the UTC day before the schedule fired', () => {
    const report = Report.nightlyRevenue(new Date('2031-03-01T02:00:00.500Z'));
    expect(report).toMatchObject({
      type: 'revenue',
      from: new Date('2031-02-28T00:00:00Z'),
      to: new Date('2031-03-01T00:00:00Z'),
      scheduledFor: '2031-02-28',
      requestedBy: null,
      status: 'queued',
    });
  });
});
