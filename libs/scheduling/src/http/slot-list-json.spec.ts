import fc from 'fast-check';
import { gridIsoFormatter, slotListJson } from './slot-list-json.js';

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

describe('slotListJson', () => {
  it('is the JSON of the slots as {startsAt, endsAt} ISO strings', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.tuple(fc.integer({ min: 0, max: 4_000_000_000_000 }), fc.integer({ min: 1, max: 8 })),
          { maxLength: 50 },
        ),
        (pairs) => {
          const slots = pairs.map(([ms, quarters]) => {
            const start = ms - (ms % 900_000);
            return { start, end: start + quarters * 900_000 };
          });
          const expected = slots.map((slot) => ({
            startsAt: new Date(slot.start).toISOString(),
            endsAt: new Date(slot.end).toISOString(),
          }));
          expect(JSON.parse(slotListJson(slots))).toEqual(expected);
        },
      ),
    );
    expect(slotListJson([])).toBe('[]');
  });
});
