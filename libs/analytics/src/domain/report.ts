import { DAY_MS, newId } from '@etutors/platform';

export const REPORT_TYPES = ['revenue', 'bookings', 'tutors'] as const;
export type ReportType = (typeof REPORT_TYPES)[number];

export const REPORT_STATUSES = ['queued', 'running', 'done', 'failed'] as const;
export type ReportStatus = (typeof REPORT_STATUSES)[number];

/** The longest period one report covers: a year, leap day included. */
export const REPORT_MAX_DAYS = 366;

/** A report's period is whole UTC days, as the daily aggregates it adds up. */
export const isUtcMidnight = (at: Date): boolean => at.getTime() % DAY_MS === 0;

/** `[from, to)` cut into pieces of at most `days` days, in order. */
export function periodChunks(from: Date, to: Date, days: number): { from: Date; to: Date }[] {
  const chunks: { from: Date; to: Date }[] = [];
  for (let start = from.getTime(); start < to.getTime(); start += days * DAY_MS) {
    chunks.push({
      from: new Date(start),
      to: new Date(Math.min(start + days * DAY_MS, to.getTime())),
    });
  }
  return chunks;
}

/** Whole percent of `done` out of `total` pieces, never 100 before the last. */
export const progressPercent = (done: number, total: number): number =>
  total === 0 ? 100 : done >= total ? 100 : Math.min(99, Math.floor((done * 100) / total));

/** What a report is, without what it works out from that. */
export type ReportState = Omit<Report, 'isFinished' | 'fileName'>;

/** A CSV export over the daily aggregates, asked for by an admin or made by the nightly schedule. */
export class Report {
  id: string;
  type: ReportType;
  from: Date;
  to: Date;
  status: ReportStatus;
  progress: number;
  requestedBy: string | null;
  /** The UTC day (`YYYY-MM-DD`) a scheduled report covers; null for one an admin asked for. */
  scheduledFor: string | null;
  rows: number | null;
  error: string | null;
  createdAt: Date;
  startedAt: Date | null;
  finishedAt: Date | null;

  private constructor(state: ReportState) {
    Object.assign(this, state);
  }

  static of(state: ReportState): Report {
    return new Report(state);
  }

  /** A report an admin asked for. */
  static requested(
    adminId: string,
    command: { type: ReportType; from: Date; to: Date },
    now: Date,
  ): Report {
    return Report.queued({ ...command, requestedBy: adminId, scheduledFor: null }, now);
  }

  /** The nightly revenue report of the UTC day before `now`. */
  static nightlyRevenue(now: Date): Report {
    const to = new Date(Math.floor(now.getTime() / DAY_MS) * DAY_MS);
    const from = new Date(to.getTime() - DAY_MS);
    return Report.queued(
      {
        type: 'revenue',
        from,
        to,
        requestedBy: null,
        scheduledFor: from.toISOString().slice(0, 10),
      },
      now,
    );
  }

  private static queued(
    fields: Pick<ReportState, 'type' | 'from' | 'to' | 'requestedBy' | 'scheduledFor'>,
    now: Date,
  ): Report {
    return new Report({
      id: newId(),
      ...fields,
      status: 'queued',
      progress: 0,
      rows: null,
      error: null,
      createdAt: now,
      startedAt: null,
      finishedAt: null,
    });
  }

  /** Done or failed: its job has nothing left to do. */
  get isFinished(): boolean {
    return this.status === 'done' || this.status === 'failed';
  }

  get fileName(): string {
    const day = (at: Date) => at.toISOString().slice(0, 10);
    return `${this.type}-report-${day(this.from)}-to-${day(this.to)}.csv`;
  }
}
