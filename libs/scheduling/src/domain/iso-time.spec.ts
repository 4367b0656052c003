import fc from 'fast-check';
import { gridIsoFormatter } from './iso-time.js';

describe('gridIsoFormatter', () => {
  it('formats exactly like toISOString, on and off the grid', () => {
    const format = gridIsoFormatter();
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 4_102_444_800_000 }), fc.boolean(), (ms, onGrid) => {
        const instant = onGrid ? ms - (ms % 900_000) : ms;
        return format(instant) === new Date(instant).toISOString();
      }),
      { numRuns: 2000 },
    );
  });
});
