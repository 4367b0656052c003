import { Controller, Get } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Roles } from '@etutors/platform';
import { LedgerRepository } from '../infrastructure/ledger.repository.js';
import { balanceView, LedgerAccountBalanceDto } from './billing.dto.js';

@ApiTags('admin')
@Controller('admin/ledger')
export class LedgerController {
  constructor(private readonly ledger: LedgerRepository) {}

  @Roles('admin')
  @Get('accounts')
  @ApiOperation({
    summary: 'Ledger account balances',
    description:
      'Every account of the double-entry ledger with its balance per currency. Per currency the balances sum to 0.',
  })
  @ApiOkResponse({ type: LedgerAccountBalanceDto, isArray: true })
  async accounts(): Promise<LedgerAccountBalanceDto[]> {
    return (await this.ledger.balances()).map(balanceView);
  }
}
