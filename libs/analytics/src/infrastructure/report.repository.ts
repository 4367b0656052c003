import { Injectable } from '@nestjs/common';
import {
  pageOffset,
  SqlReader,
  toPage,
  type Page,
  type SqlQueryable,
  type Transaction,
} from '@etutors/platform';
import { Report, type ReportStatus, type ReportType } from '../domain/report.js';

interface ReportRow {
  id: string;
  type: ReportType;
  period_from: Date;
  period_to: Date;
  status: ReportStatus;
  progress: number;
  requested_by: string | null;
  scheduled_for: string | null;
  rows: number | null;
  error: string | null;
  created_at: Date;
  started_at: Date | null;
  finished_at: Date | null;
}

// Everything but the content, which only the download reads.
const COLUMNS = `id, type, period_from, period_to, status, progress, requested_by,
  scheduled_for::text AS scheduled_for, rows, error, created_at, started_at, finished_at`;

const toReport = (row: ReportRow): Report =>
  Report.of({
    id: row.id,
    type: row.type,
    from: row.period_from,
    to: row.period_to,
    status: row.status,
    progress: row.progress,
    requestedBy: row.requested_by,
    scheduledFor: row.scheduled_for,
    rows: row.rows,
    error: row.error,
    createdAt: row.created_at,
    startedAt: row.started_at,
    finishedAt: row.finished_at,
  });

const INSERT = `
  INSERT INTO analytics.reports
    (id, type, period_from, period_to, status, progress, requested_by, scheduled_for, created_at)
  VALUES ($1, $2, $3, $4, $5, $6, $7, $8::date, $9)`;

const insertParams = (report: Report) => [
  report.id,
  report.type,
  report.from,
  report.to,
  report.status,
  report.progress,
  report.requestedBy,
  report.scheduledFor,
  report.createdAt,
];

/** `analytics.reports`: each report's state, progress and, once done, its CSV. */
@Injectable()
export class ReportRepository {
  constructor(private readonly reader: SqlReader) {}

  async insert(report: Report): Promise<void> {
    await this.reader.query(INSERT, insertParams(report));
  }

  /** Inserts a scheduled report unless its type and day have one already; true if it did. */
  async insertScheduled(report: Report): Promise<boolean> {
    const inserted = await this.reader.query(
      `${INSERT} ON CONFLICT (type, scheduled_for) WHERE scheduled_for IS NOT NULL DO NOTHING
       RETURNING id`,
      insertParams(report),
    );
    return inserted.length > 0;
  }

  async findScheduled(type: ReportType, day: string): Promise<Report | null> {
    const [row] = await this.reader.query<ReportRow>(
      `SELECT ${COLUMNS} FROM analytics.reports WHERE type = $1 AND scheduled_for = $2::date`,
      [type, day],
    );
    return row ? toReport(row) : null;
  }

  async find(id: string, via: SqlQueryable = this.reader): Promise<Report | null> {
    const [row] = (await via.query(`SELECT ${COLUMNS} FROM analytics.reports WHERE id = $1`, [
      id,
    ])) as ReportRow[];
    return row ? toReport(row) : null;
  }

  /** Reports still queued that were asked for at or before `createdBy`, oldest first. */
  async queuedSince(createdBy: Date, limit: number): Promise<Report[]> {
    const rows = await this.reader.query<ReportRow>(
      `SELECT ${COLUMNS} FROM analytics.reports
        WHERE status = 'queued' AND created_at <= $1
        ORDER BY created_at, id LIMIT $2`,
      [createdBy, limit],
    );
    return rows.map(toReport);
  }

  /** Newest first. */
  async page(query: { page: number; limit: number }): Promise<Page<Report>> {
    const rows = await this.reader.query<ReportRow & { total: number }>(
      `SELECT ${COLUMNS}, count(*) OVER ()::int AS total FROM analytics.reports
        ORDER BY created_at DESC, id DESC LIMIT $1 OFFSET $2`,
      [query.limit, pageOffset(query)],
    );
    const total =
      rows[0]?.total ??
      (
        await this.reader.query<{ total: number }>(
          `SELECT count(*)::int AS total FROM analytics.reports`,
        )
      )[0]!.total;
    return toPage(rows.map(toReport), total, query);
  }

  /** The CSV of a done report (null while it is not done). */
  async content(id: string): Promise<string | null> {
    const [row] = await this.reader.query<{ content: string | null }>(
      `SELECT content FROM analytics.reports WHERE id = $1`,
      [id],
    );
    return row?.content ?? null;
  }

  /**
   * Marks a queued (or interrupted running) report running, from the beginning; null when it is
   * gone or already finished.
   */
  async start(id: string, now: Date): Promise<Report | null> {
    const [rows] = (await this.reader.query(
      `UPDATE analytics.reports
          SET status = 'running', progress = 0, started_at = coalesce(started_at, $2)
        WHERE id = $1 AND status IN ('queued', 'running')
        RETURNING ${COLUMNS}`,
      [id, now],
    )) as unknown as [ReportRow[], number];
    const row = rows[0];
    return row ? toReport(row) : null;
  }

  /** Its own statement, so whoever polls the report sees it move while the job works. */
  async recordProgress(id: string, progress: number): Promise<void> {
    await this.reader.query(
      `UPDATE analytics.reports SET progress = $2 WHERE id = $1 AND status = 'running'`,
      [id, progress],
    );
  }

  /** Stores the CSV and marks the report done; false if it was not running (done before). */
  async complete(
    tx: Transaction,
    id: string,
    result: { content: string; rows: number },
    now: Date,
  ): Promise<boolean> {
    const [rows] = (await tx.manager.query(
      `UPDATE analytics.reports
          SET status = 'done', progress = 100, content = $2, rows = $3, error = NULL,
              finished_at = $4
        WHERE id = $1 AND status = 'running'
        RETURNING id`,
      [id, result.content, result.rows, now],
    )) as [unknown[], number];
    return rows.length > 0;
  }

  async fail(id: string, error: string, now: Date): Promise<void> {
    await this.reader.query(
      `UPDATE analytics.reports SET status = 'failed', error = $2, finished_at = $3
        WHERE id = $1 AND status IN ('queued', 'running')`,
      [id, error, now],
    );
  }
}
