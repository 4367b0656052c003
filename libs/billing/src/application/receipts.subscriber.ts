import { Injectable } from '@nestjs/common';
import { JobQueue, OnEvent, type DomainEvent } from '@etutors/platform';
import { PaymentSucceeded, type PaymentSucceededPayload } from '../events.js';
import { RenderReceipt, renderReceiptJobId } from './receipts.job.js';

/**
 * Asks for a receipt when a payment succeeds. It only enqueues: rendering a PDF is the job's
 * work, retried on its own, and keeps the event's transaction short.
 */
@Injectable()
export class ReceiptsSubscriber {
  constructor(private readonly jobs: JobQueue) {}

  @OnEvent(PaymentSucceeded, { name: 'billing.issue-receipt' })
  async issueReceipt({ payload }: DomainEvent<PaymentSucceededPayload>): Promise<void> {
    await this.jobs.enqueue(
      RenderReceipt,
      { paymentId: payload.paymentId },
      { jobId: renderReceiptJobId(payload.paymentId) },
    );
  }
}
