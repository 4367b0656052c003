import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiAcceptedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import {
  ApiPageResponse,
  ApiProblems,
  CurrentUser,
  PageQueryDto,
  ParseIdPipe,
  Roles,
  toPage,
  type AuthUser,
} from '@etutors/platform';
import { PayoutRunsService } from '../application/payout-runs.service.js';
import { PayoutsService } from '../application/payouts.service.js';
import {
  PayoutNotFoundError,
  PayoutNotPendingError,
  PayoutRunNotFoundError,
} from '../billing.errors.js';
import {
  EarningsDto,
  earningsView,
  GiveUpPayoutDto,
  PayoutDto,
  PayoutRunDetailDto,
  payoutRunDetailView,
  PayoutRunDto,
  payoutRunView,
  PayoutsQueryDto,
  payoutView,
} from './payouts.dto.js';

@ApiTags('admin')
@Controller('admin/payouts')
export class AdminPayoutsController {
  constructor(
    private readonly runs: PayoutRunsService,
    private readonly payouts: PayoutsService,
  ) {}

  @Roles('admin')
  @Post('run')
  @HttpCode(202)
  @ApiOperation({
    summary: 'Start a payout run now',
    description:
      'Queues a run that pays every tutor whose available balance reaches PAYOUT_MINIMUM in a currency and who has a payout account, one payout each. While a run is running, starting another returns that run: two starts at once make one run.',
  })
  @ApiAcceptedResponse({ type: PayoutRunDto })
  async run(@CurrentUser() admin: AuthUser): Promise<PayoutRunDto> {
    return payoutRunView(await this.runs.requestRun(admin));
  }

  @Roles('admin')
  @Get('runs/:id')
  @ApiOperation({ summary: 'A payout run, with its payouts counted by status' })
  @ApiOkResponse({ type: PayoutRunDetailDto })
  @ApiProblems(new PayoutRunNotFoundError())
  async getRun(@Param('id', ParseIdPipe) id: string): Promise<PayoutRunDetailDto> {
    return payoutRunDetailView(await this.runs.get(id));
  }

  @Roles('admin')
  @Get()
  @ApiOperation({
    summary: 'List payouts',
    description:
      'Every tutor’s payouts, newest first; `?status=failed` shows what did not go through and why.',
  })
  @ApiPageResponse(PayoutDto)
  async list(@Query() query: PayoutsQueryDto) {
    const page = await this.runs.list(query.status, query);
    return toPage(page.data.map(payoutView), page.meta.total, query);
  }

  @Roles('admin')
  @Post(':id/give-up')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Give up on a payout stuck pending',
    description:
      'For a payout whose sends keep failing without an answer from the provider (it keeps its run running, so no other run starts). The provider is asked first: if the transfer went through after all, the payout is recorded as `sent`; otherwise it becomes `failed` with the reason, the balance stays available and the next run pays it. Either way the run may then complete. 503 when the provider cannot say; nothing changes.',
  })
  @ApiOkResponse({ type: PayoutDto })
  @ApiProblems(new PayoutNotFoundError(), new PayoutNotPendingError(), 503)
  async giveUp(
    @CurrentUser() admin: AuthUser,
    @Param('id', ParseIdPipe) id: string,
    @Body() body: GiveUpPayoutDto,
  ): Promise<PayoutDto> {
    return payoutView(await this.payouts.giveUp(admin, id, body.reason));
  }
}

@ApiTags('billing')
@Controller('tutors/me')
export class TutorEarningsController {
  constructor(private readonly payouts: PayoutsService) {}

  @Roles('tutor')
  @Get('earnings')
  @ApiOperation({
    summary: 'Your earnings per currency',
    description:
      'From the ledger: pending (paid lessons not yet released), available (to be paid out; negative after a refund of earnings already paid out), paid out.',
  })
  @ApiOkResponse({ type: EarningsDto })
  async earnings(@CurrentUser() tutor: AuthUser): Promise<EarningsDto> {
    return earningsView(await this.payouts.earnings(tutor));
  }

  @Roles('tutor')
  @Get('payouts')
  @ApiOperation({
    summary: 'Your payouts',
    description:
      'Newest first, each with its status, the reason it failed if it did, and the lessons it covers.',
  })
  @ApiPageResponse(PayoutDto)
  async payoutsOf(@CurrentUser() tutor: AuthUser, @Query() query: PageQueryDto) {
    const page = await this.payouts.payoutsOf(tutor, query);
    return toPage(page.data.map(payoutView), page.meta.total, query);
  }
}
