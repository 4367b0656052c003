import { negotiateStatementFormat } from './statement-format.js';

describe('negotiateStatementFormat', () => {
  it('is JSON without a header, for */*, for JSON, and for types it does not make', () => {
    expect(negotiateStatementFormat(undefined)).toBe('json');
    expect(negotiateStatementFormat('')).toBe('json');
    expect(negotiateStatementFormat('*/*')).toBe('json');
    expect(negotiateStatementFormat('application/json')).toBe('json');
    expect(negotiateStatementFormat('text/html')).toBe('json');
    expect(negotiateStatementFormat('garbage;;,/')).toBe('json');
  });

  it('gives CSV or PDF when asked, also with parameters and in any case', () => {
    expect(negotiateStatementFormat('text/csv')).toBe('csv');
    expect(negotiateStatementFormat('Text/CSV; charset=utf-8')).toBe('csv');
    expect(negotiateStatementFormat('application/pdf')).toBe('pdf');
    expect(negotiateStatementFormat('text/*')).toBe('csv');
  });

  it('weighs qualities, then how specifically a type is named', () => {
    expect(negotiateStatementFormat('text/csv;q=0.5, application/pdf')).toBe('pdf');
    expect(negotiateStatementFormat('application/json;q=0.1, text/csv;q=0.9')).toBe('csv');
    expect(negotiateStatementFormat('text/csv, */*;q=0.8')).toBe('csv');
    expect(negotiateStatementFormat('application/pdf, */*')).toBe('pdf');
    // A browser's header: everything at the same low quality, so the default.
    expect(
      negotiateStatementFormat('text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8'),
    ).toBe('json');
  });

  it('never picks a type refused with q=0', () => {
    expect(negotiateStatementFormat('text/csv;q=0, */*')).toBe('json');
    expect(negotiateStatementFormat('application/json;q=0, application/pdf;q=0.2')).toBe('pdf');
  });
});
