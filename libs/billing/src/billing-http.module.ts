import { Module } from '@nestjs/common';
import { BillingModule } from './billing.module.js';
import { AdminPaymentsController } from './http/admin-payments.controller.js';
import { EarningsStatementsController } from './http/earnings-statements.controller.js';
import { CommissionRulesController } from './http/commission-rules.controller.js';
import { LedgerController } from './http/ledger.controller.js';
import { PaymentsController } from './http/payments.controller.js';
import { PayoutAccountsController } from './http/payout-accounts.controller.js';
import { AdminPayoutsController, TutorEarningsController } from './http/payouts.controller.js';
import { ReceiptsController } from './http/receipts.controller.js';
import { SandboxController } from './http/sandbox.controller.js';
import { WebhooksController } from './http/webhooks.controller.js';

/** Billing's routes; imported by the API alone. */
@Module({
  imports: [BillingModule],
  controllers: [
    PaymentsController,
    ReceiptsController,
    AdminPaymentsController,
    LedgerController,
    WebhooksController,
    SandboxController,
    PayoutAccountsController,
    EarningsStatementsController,
    CommissionRulesController,
    AdminPayoutsController,
    TutorEarningsController,
  ],
})
export class BillingHttpModule {}
