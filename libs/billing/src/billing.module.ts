import { Module } from '@nestjs/common';
import { defineSettings, publishesEvents } from '@etutors/platform';
import { IdentityModule } from '@etutors/identity';
import { SchedulingModule } from '@etutors/scheduling';
import { TutoringModule } from '@etutors/tutoring';
import { BookingDisputesSubscriber } from './application/booking-disputes.subscriber.js';
import { BookingRefundsSubscriber } from './application/booking-refunds.subscriber.js';
import { DataKeyRotation } from './application/data-key-rotation.js';
import { EarningsStatementsService } from './application/earnings-statements.service.js';
import { CommissionRulesService } from './application/commission-rules.service.js';
import { EarningsRelease } from './application/earnings-release.js';
import { LessonEarningsSubscriber } from './application/lesson-earnings.subscriber.js';
import { PaymentsService } from './application/payments.service.js';
import { PayoutAccountsService } from './application/payout-accounts.service.js';
import { PayoutRunsService } from './application/payout-runs.service.js';
import { PayoutsService } from './application/payouts.service.js';
import { ReceiptsJob } from './application/receipts.job.js';
import { ReceiptsService } from './application/receipts.service.js';
import { ReceiptsSubscriber } from './application/receipts.subscriber.js';
import { RefundsService } from './application/refunds.service.js';
import { SandboxChallengesService } from './application/sandbox-challenges.service.js';
import { WebhooksService } from './application/webhooks.service.js';
import { BillingSettings } from './billing.settings.js';
import { PaymentProvider } from './domain/payment-provider.js';
import { PayoutDestinations } from './domain/payout-destinations.js';
import * as billingEvents from './events.js';
import { DataCipher } from './infrastructure/data-cipher.js';
import { EarningsStatementReader } from './infrastructure/earnings-statement.reader.js';
import { EarningsStatementRenderer } from './infrastructure/earnings-statement.renderer.js';
import { CommissionRuleRepository } from './infrastructure/commission-rule.repository.js';
import { LedgerRepository } from './infrastructure/ledger.repository.js';
import { PaymentRepository } from './infrastructure/payment.repository.js';
import { PayoutAccountDestinations } from './infrastructure/payout-account-destinations.js';
import { PayoutAccountRepository } from './infrastructure/payout-account.repository.js';
import { PayoutRepository } from './infrastructure/payout.repository.js';
import { ReceiptRenderer } from './infrastructure/receipt.renderer.js';
import { ReceiptRepository } from './infrastructure/receipt.repository.js';
import { SandboxPaymentProvider } from './infrastructure/sandbox-payment.provider.js';
import { StripePaymentProvider } from './infrastructure/stripe-payment.provider.js';

/** The billing context's core: payments, refunds, receipts, the provider port and the ledger. */
@Module({
  // Receipts read names, subjects and lesson times through these contexts' query ports.
  imports: [SchedulingModule, TutoringModule, IdentityModule],
  providers: [
    publishesEvents('billing', billingEvents),
    defineSettings(BillingSettings),
    SandboxPaymentProvider,
    {
      provide: PaymentProvider,
      inject: [BillingSettings, SandboxPaymentProvider],
      useFactory: (settings: BillingSettings, sandbox: SandboxPaymentProvider): PaymentProvider =>
        settings.stripe ? new StripePaymentProvider(settings.stripe) : sandbox,
    },
    PaymentRepository,
    LedgerRepository,
    PaymentsService,
    RefundsService,
    BookingRefundsSubscriber,
    BookingDisputesSubscriber,
    ReceiptRepository,
    ReceiptRenderer,
    ReceiptsService,
    ReceiptsSubscriber,
    ReceiptsJob,
    WebhooksService,
    SandboxChallengesService,
    {
      provide: DataCipher,
      inject: [BillingSettings],
      useFactory: (settings: BillingSettings) => new DataCipher(settings.dataKeys),
    },
    PayoutAccountRepository,
    PayoutAccountsService,
    PayoutAccountDestinations,
    { provide: PayoutDestinations, useExisting: PayoutAccountDestinations },
    DataKeyRotation,
    EarningsStatementReader,
    EarningsStatementRenderer,
    EarningsStatementsService,
    CommissionRuleRepository,
    CommissionRulesService,
    LessonEarningsSubscriber,
    EarningsRelease,
    PayoutRepository,
    PayoutsService,
    PayoutRunsService,
  ],
  exports: [
    PaymentsService,
    ReceiptsService,
    RefundsService,
    WebhooksService,
    SandboxChallengesService,
    LedgerRepository,
    PayoutAccountsService,
    PayoutDestinations,
    DataKeyRotation,
    EarningsStatementsService,
    CommissionRulesService,
    PayoutsService,
    PayoutRunsService,
  ],
})
export class BillingModule {}
