// A test-only money-moving route, to exercise `@Idempotent()` apart from any context.
import { Body, Controller, HttpCode, Module, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import { IsInt, Min } from 'class-validator';
import { CurrentUser, DomainError, Idempotent, type AuthUser } from '@etutors/platform';

export class ChargeDto {
  @IsInt() @Min(1) amount: number;
}

class ChargeRefusedError extends DomainError {
  readonly code = 'charge.refused';
  readonly kind = 'conflict' as const;
}

/** What the handlers did, so a test can count real executions, not answers. */
export const ledger = {
  charges: [] as { userId: string; amount: number }[],
  crashesLeft: 0,
  /** While set, a charge waits for it before answering (to hold a request in flight). */
  gate: null as Promise<void> | null,
};

@Controller('test/charges')
export class ChargesController {
  @Idempotent()
  @Post()
  async charge(@CurrentUser() user: AuthUser, @Body() body: ChargeDto) {
    if (ledger.gate) await ledger.gate;
    if (ledger.crashesLeft > 0) {
      ledger.crashesLeft--;
      throw new Error('provider timed out');
    }
    if (body.amount === 13) throw new ChargeRefusedError('Unlucky amount');
    ledger.charges.push({ userId: user.id, amount: body.amount });
    return {
      charge: ledger.charges.length,
      amount: body.amount,
      at: process.hrtime.bigint().toString(),
    };
  }

  @Idempotent()
  @Post(':id/refunds')
  @HttpCode(200)
  refund(@Param('id', ParseUUIDPipe) id: string, @Body() body: ChargeDto) {
    ledger.charges.push({ userId: id, amount: -body.amount });
    return { refunded: body.amount, id };
  }
}

@Module({ controllers: [ChargesController] })
export class IdempotencyFixturesModule {}
