import { negotiateMediaType } from './media-type.js';

const LIST_FORMATS = { json: 'application/json', csv: 'text/csv' } as const;

describe('negotiateMediaType', () => {
  it('is the first format without a header, for */* and for types it does not make', () => {
    expect(negotiateMediaType(undefined, LIST_FORMATS)).toBe('json');
    expect(negotiateMediaType('*/*', LIST_FORMATS)).toBe('json');
    expect(negotiateMediaType('text/html', LIST_FORMATS)).toBe('json');
  });

  it('gives CSV when asked, by quality and then by how specifically it is named', () => {
    expect(negotiateMediaType('text/csv', LIST_FORMATS)).toBe('csv');
    expect(negotiateMediaType('text/csv, */*;q=0.8', LIST_FORMATS)).toBe('csv');
    expect(negotiateMediaType('text/csv;q=0.2, application/json', LIST_FORMATS)).toBe('json');
    expect(negotiateMediaType('text/csv;q=0', LIST_FORMATS)).toBe('json');
  });
});
