import { csvCell, csvLine, revenueCells } from './report-csv.js';
import { periodChunks, progressPercent, Report } from './report.js';

describe('report CSV cells', () => {
  it('quotes commas, quotes and line breaks as RFC 4180 says', () => {
    expect(csvCell('plain')).toBe('plain');
    expect(csvCell('a,b')).toBe('"a,b"');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell('two\r\nlines')).toBe('"two\r\nlines"');
    expect(csvLine(['x', 1, 'y,z'])).toBe('x,1,"y,z"\r\n');
  });

  it('keeps text a spreadsheet would run as a formula from running', () => {
    expect(csvCell('=HYPERLINK("http://evil")')).toBe(`"'=HYPERLINK(""http://evil"")"`);
    expect(csvCell('+1')).toBe("'+1");
    expect(csvCell('-2+3')).toBe("'-2+3");
    expect(csvCell('@SUM(A1)')).toBe("'@SUM(A1)");
    expect(csvCell('\tcmd')).toBe("'\tcmd");
  });

  it('writes numbers as numbers, negative ones too', () => {
    expect(csvCell(-4000)).toBe('-4000');
    expect(
      revenueCells({
        day: '2031-01-06',
        currency: 'EUR',
        gross: 1000,
        platformFees: 150,
        refunds: 4000,
        feesReversed: 600,
      }),
    ).toEqual(['2031-01-06', 'EUR', 1000, 150, 4000, 600, -3000, -450]);
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
