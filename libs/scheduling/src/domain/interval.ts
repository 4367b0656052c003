/** A half-open time interval [start, end) in epoch milliseconds. */
export interface Interval {
  start: number;
  end: number;
}

export const overlaps = (a: Interval, b: Interval) => a.start < b.end && b.start < a.end;

/** Sorts and merges overlapping or touching intervals. */
export function mergeIntervals(intervals: Interval[]): Interval[] {
  const sorted = intervals.filter((i) => i.end > i.start).sort((a, b) => a.start - b.start);
  const merged: Interval[] = [];
  for (const interval of sorted) {
    const last = merged.at(-1);
    if (last && interval.start <= last.end) last.end = Math.max(last.end, interval.end);
    else merged.push({ ...interval });
  }
  return merged;
}

/** `base` minus every interval of `holes`; both sorted and merged (linear merge). */
export function subtractIntervals(base: Interval[], holes: Interval[]): Interval[] {
  const result: Interval[] = [];
  let h = 0;
  for (const interval of base) {
    let cursor = interval.start;
    while (h < holes.length && holes[h]!.end <= cursor) h += 1;
    let k = h;
    while (k < holes.length && holes[k]!.start < interval.end) {
      const hole = holes[k]!;
      if (hole.start > cursor) result.push({ start: cursor, end: hole.start });
      cursor = Math.max(cursor, hole.end);
      k += 1;
    }
    if (cursor < interval.end) result.push({ start: cursor, end: interval.end });
  }
  return result;
}
