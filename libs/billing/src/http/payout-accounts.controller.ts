import { Body, Controller, Get, Put } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiProblems, CurrentUser, Roles, type AuthUser } from '@etutors/platform';
import { PayoutAccountsService } from '../application/payout-accounts.service.js';
import { PayoutAccountNotFoundError } from '../billing.errors.js';
import { PayoutAccountDto, payoutAccountView, PutPayoutAccountDto } from './payout-accounts.dto.js';

@ApiTags('billing')
@Controller('tutors/me/payout-account')
export class PayoutAccountsController {
  constructor(private readonly accounts: PayoutAccountsService) {}

  @Roles('tutor')
  @Put()
  @ApiOperation({
    summary: 'Set where your payouts go',
    description:
      'Adds your payout account or replaces it. The IBAN is validated, then stored encrypted; only its last four characters are ever shown again.',
  })
  @ApiOkResponse({ type: PayoutAccountDto })
  async put(
    @CurrentUser() tutor: AuthUser,
    @Body() body: PutPayoutAccountDto,
  ): Promise<PayoutAccountDto> {
    return payoutAccountView(await this.accounts.put(tutor, body));
  }

  @Roles('tutor')
  @Get()
  @ApiOperation({ summary: 'Your payout account (the IBAN as its last four characters)' })
  @ApiOkResponse({ type: PayoutAccountDto })
  @ApiProblems(new PayoutAccountNotFoundError())
  async get(@CurrentUser() tutor: AuthUser): Promise<PayoutAccountDto> {
    return payoutAccountView(await this.accounts.get(tutor));
  }
}
