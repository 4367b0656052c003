import { currencyDeltasOf, deltaOf, deltasOf, ratio } from './deltas.js';

describe('deltas', () => {
  it('are absolute and relative, relative null against a previous 0', () => {
    expect(deltaOf(15, 10)).toEqual({ absolute: 5, relative: 0.5 });
    expect(deltaOf(5, 10)).toEqual({ absolute: -5, relative: -0.5 });
    expect(deltaOf(3, 0)).toEqual({ absolute: 3, relative: null });
    expect(deltaOf(0, 0)).toEqual({ absolute: 0, relative: null });
    expect(deltaOf(2, 3)).toEqual({ absolute: -1, relative: -0.3333 });
  });

  it('cover every number of a record', () => {
    expect(deltasOf({ a: 4, b: 0 }, { a: 2, b: 1 })).toEqual({
      a: { absolute: 2, relative: 1 },
      b: { absolute: -1, relative: -1 },
    });
  });

  it('per currency, over the currencies of both periods, never across them', () => {
    expect(
      currencyDeltasOf(
        [{ currency: 'USD', gross: 9000 }],
        [
          { currency: 'EUR', gross: 3000 },
          { currency: 'USD', gross: 6000 },
        ],
        ['gross'],
      ),
    ).toEqual([
      { currency: 'EUR', gross: { absolute: -3000, relative: -1 } },
      { currency: 'USD', gross: { absolute: 3000, relative: 0.5 } },
    ]);
  });

  it('rounds ratios to four decimals', () => {
    expect(ratio(1, 3)).toBe(0.3333);
    expect(ratio(2, 3)).toBe(0.6667);
    expect(ratio(1, 0)).toBeNull();
  });
});
