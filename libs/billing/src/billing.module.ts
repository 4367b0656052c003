import { Module } from '@nestjs/common';
import { publishesEvents } from '@etutors/platform';
import { SchedulingModule } from '@etutors/scheduling';
import { BookingRefundsSubscriber } from './application/booking-refunds.subscriber.js';
import { PaymentsService } from './application/payments.service.js';
import { RefundsService } from './application/refunds.service.js';
import { BillingSettings } from './billing.settings.js';
import { PaymentProvider } from './domain/payment-provider.js';
import * as billingEvents from './events.js';
import { LedgerRepository } from './infrastructure/ledger.repository.js';
import { PaymentRepository } from './infrastructure/payment.repository.js';
import { SandboxPaymentProvider } from './infrastructure/sandbox-payment.provider.js';

/** The billing context's core: payments, refunds, the provider port and the ledger. */
@Module({
  imports: [SchedulingModule],
  providers: [
    publishesEvents('billing', billingEvents),
    BillingSettings,
    { provide: PaymentProvider, useClass: SandboxPaymentProvider },
    PaymentRepository,
    LedgerRepository,
    PaymentsService,
    RefundsService,
    BookingRefundsSubscriber,
  ],
  exports: [PaymentsService, RefundsService, LedgerRepository],
})
export class BillingModule {}
