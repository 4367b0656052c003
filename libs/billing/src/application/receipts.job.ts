import { Injectable } from '@nestjs/common';
import { defineJob, JobHandler, SkipJob } from '@etutors/platform';
import { ReceiptsService } from './receipts.service.js';

/** Renders and stores the receipt of one succeeded payment. */
export const RenderReceipt = defineJob<{ paymentId: string }>('billing', 'billing.render-receipt');

/** The job's id for a payment: Bull holds one per payment, however often it is enqueued. */
export const renderReceiptJobId = (paymentId: string) => `receipt:${paymentId}`;

@Injectable()
export class ReceiptsJob {
  constructor(private readonly receipts: ReceiptsService) {}

  @JobHandler(RenderReceipt)
  async render({ paymentId }: { paymentId: string }): Promise<string> {
    const result = await this.receipts.issue(paymentId);
    if ('notIssuable' in result) throw new SkipJob(result.notIssuable);
    return result.number;
  }
}
