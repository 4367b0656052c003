import { DAY_MS } from '@etutors/platform';
const QUARTER_MS = 900_000;
const TIMES = Array.from({ length: 96 }, (_, quarter) => {
  const minutes = quarter * 15;
  return `T${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}:00.000Z`;
});

/**
 * ISO 8601 (UTC) formatting for many instants on the 15-minute grid: the date part is formatted
 * once per day and the time comes from a table, so a month of slots costs a few dozen Date
 * conversions instead of thousands. Off-grid instants fall back to `toISOString`.
 */
export function gridIsoFormatter(): (ms: number) => string {
  const days = new Map<number, string>();
  return (ms) => {
    if (ms % QUARTER_MS !== 0) return new Date(ms).toISOString();
    const day = Math.floor(ms / DAY_MS);
    let date = days.get(day);
    if (date === undefined) {
      date = new Date(day * DAY_MS).toISOString().slice(0, 10);
      days.set(day, date);
    }
    return date + TIMES[(ms - day * DAY_MS) / QUARTER_MS];
  };
}

/**
 * `[{"startsAt": ISO, "endsAt": ISO}, …]` for a list of slots, written straight to a string. A
 * month of a busy calendar is a couple of thousand slots; building an object per slot for
 * JSON.stringify to walk again was most of the route's cost. ISO instants need no escaping.
 */
export function slotListJson(slots: readonly { start: number; end: number }[]): string {
  const iso = gridIsoFormatter();
  let json = '[';
  for (let i = 0; i < slots.length; i += 1) {
    const slot = slots[i]!;
    json += `${i === 0 ? '' : ','}{"startsAt":"${iso(slot.start)}","endsAt":"${iso(slot.end)}"}`;
  }
  return `${json}]`;
}
