// Every migration, in order: one timeline for the whole database. Add new ones at the end.
import { CreatePlatformOutbox1795500000000 } from './1795500000000-create-platform-outbox.js';
import { CreateTutoring1795700000000 } from './1795700000000-create-tutoring.js';
import { CreateScheduling1795800000000 } from './1795800000000-create-scheduling.js';
import { CreateIdentity1795900000000 } from './1795900000000-create-identity.js';
import { CreatePlatformIdempotencyKeys1796100000000 } from './1796100000000-create-platform-idempotency-keys.js';
import { CreateBilling1796110000000 } from './1796110000000-create-billing.js';
import { CreateBillingRefunds1796120000000 } from './1796120000000-create-billing-refunds.js';
import { CreateBillingProviderEvents1796125000000 } from './1796125000000-create-billing-provider-events.js';
import { CreateTutoringAuditEvents1796030000000 } from './1796030000000-create-tutoring-audit-events.js';
import { RenameInboxSubscribers1796010000000 } from './1796010000000-rename-inbox-subscribers.js';
import { CurrencyCodesAsText1796011000000 } from './1796011000000-currency-codes-as-text.js';
import { CreateBillingReceipts1796130000000 } from './1796130000000-create-billing-receipts.js';
import { CreateMessagingFeed1796220000000 } from './1796220000000-create-messaging-feed.js';
import { CreateMessagingConversations1796200000000 } from './1796200000000-create-messaging-conversations.js';
import { CreateMessagingNotifications1796210000000 } from './1796210000000-create-messaging-notifications.js';
import { LedgerEntriesPayout1796300000000 } from './1796300000000-ledger-entries-payout.js';
import { CreateBillingPayoutAccounts1796320000000 } from './1796320000000-create-billing-payout-accounts.js';
import { CommissionRulesAndEscrow1796310000000 } from './1796310000000-commission-rules-and-escrow.js';
import { CreateBillingPayouts1796330000000 } from './1796330000000-create-billing-payouts.js';
import { CreateAnalytics1796400000000 } from './1796400000000-create-analytics.js';
import { LedgerEntriesPayoutReference1796350000000 } from './1796350000000-ledger-entries-payout-reference.js';
import { BookingStatusesAwaitingTutorAndNoShow1796500000000 } from './1796500000000-booking-statuses-awaiting-tutor-and-no-show.js';
import { AnalyticsUserRolesAsOf1796410000000 } from './1796410000000-analytics-user-roles-as-of.js';
import { CreateSchedulingBookingDisputes1796520000000 } from './1796520000000-create-scheduling-booking-disputes.js';
import { BillingRefundsForDisputes1796521000000 } from './1796521000000-billing-refunds-for-disputes.js';
import { NotificationTypesNoShowsAndDisputes1796522000000 } from './1796522000000-notification-types-no-shows-and-disputes.js';
import { BookingLimitsRequestsAndTrials1796510000000 } from './1796510000000-booking-limits-requests-and-trials.js';
import { ReportTypesAndReadyNotifications1796430000000 } from './1796430000000-report-types-and-ready-notifications.js';
import { CreateSchedulingBookingSeries1796530000000 } from './1796530000000-create-scheduling-booking-series.js';
import { BillingSeriesPayments1796531000000 } from './1796531000000-billing-series-payments.js';
import { PaymentsLateCancellationEscrow1796540000000 } from './1796540000000-payments-late-cancellation-escrow.js';
import { BillingRefundsForChargebacks1796541000000 } from './1796541000000-billing-refunds-for-chargebacks.js';
import { AnalyticsQueuedReportsIndex1796542000000 } from './1796542000000-analytics-queued-reports-index.js';

export const MIGRATIONS = [
  CreatePlatformOutbox1795500000000,
  CreateTutoring1795700000000,
  CreateScheduling1795800000000,
  CreateIdentity1795900000000,
  CreatePlatformIdempotencyKeys1796100000000,
  CreateBilling1796110000000,
  CreateBillingRefunds1796120000000,
  CreateBillingProviderEvents1796125000000,
  CreateTutoringAuditEvents1796030000000,
  RenameInboxSubscribers1796010000000,
  CurrencyCodesAsText1796011000000,
  CreateBillingReceipts1796130000000,
  CreateMessagingFeed1796220000000,
  CreateMessagingConversations1796200000000,
  CreateMessagingNotifications1796210000000,
  LedgerEntriesPayout1796300000000,
  CreateBillingPayoutAccounts1796320000000,
  CommissionRulesAndEscrow1796310000000,
  CreateBillingPayouts1796330000000,
  CreateAnalytics1796400000000,
  LedgerEntriesPayoutReference1796350000000,
  BookingStatusesAwaitingTutorAndNoShow1796500000000,
  AnalyticsUserRolesAsOf1796410000000,
  CreateSchedulingBookingDisputes1796520000000,
  BillingRefundsForDisputes1796521000000,
  NotificationTypesNoShowsAndDisputes1796522000000,
  BookingLimitsRequestsAndTrials1796510000000,
  ReportTypesAndReadyNotifications1796430000000,
  CreateSchedulingBookingSeries1796530000000,
  BillingSeriesPayments1796531000000,
  PaymentsLateCancellationEscrow1796540000000,
  BillingRefundsForChargebacks1796541000000,
  AnalyticsQueuedReportsIndex1796542000000,
];

export const MIGRATIONS_TABLE = 'migrations';
