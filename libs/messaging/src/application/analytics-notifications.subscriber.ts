import { Injectable } from '@nestjs/common';
import { DAY_MS, OnEvent, type DomainEvent, type Transaction } from '@etutors/platform';
import { ReportReady, type ReportReadyPayload } from '@etutors/analytics/events';
import { NotificationsService } from './notifications.service.js';

const utcDay = (at: number) => new Date(at).toISOString().slice(0, 10);

/** Tells the admin who asked for a report that it is ready (a nightly report has no one to tell). */
@Injectable()
export class AnalyticsNotificationsSubscriber {
  constructor(private readonly notifications: NotificationsService) {}

  @OnEvent(ReportReady, { name: 'messaging.notify-report-ready' })
  async reportReady(event: DomainEvent<ReportReadyPayload>, tx: Transaction): Promise<void> {
    const { payload } = event;
    if (!payload.requestedBy) return;
    await this.notifications.notify(tx, event, [
      {
        userId: payload.requestedBy,
        type: 'report_ready',
        data: {
          reportId: payload.reportId,
          reportType: payload.type,
          from: payload.from,
          to: payload.to,
          // The period ends before `to`: its last day is the one before.
          firstDay: utcDay(Date.parse(payload.from)),
          lastDay: utcDay(Date.parse(payload.to) - DAY_MS),
          rows: payload.rows,
        },
      },
    ]);
  }
}
