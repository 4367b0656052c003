import { defineEvent } from '@etutors/platform';

/** A report an admin asked for (or the nightly schedule made) is ready to download. */
export interface ReportReadyPayload {
  reportId: string;
  type: string;
  /** The admin who asked for it; null for a scheduled report. */
  requestedBy: string | null;
  from: string;
  to: string;
  rows: number;
}

export const ReportReady = defineEvent<ReportReadyPayload>('analytics.report.ready');
