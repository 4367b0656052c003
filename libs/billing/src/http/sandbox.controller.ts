import { Body, Controller, HttpCode, Param, Post } from '@nestjs/common';
import { ApiNoContentResponse, ApiOperation, ApiProperty, ApiTags } from '@nestjs/swagger';
import { IsBoolean } from 'class-validator';
import {
  ApiProblems,
  CurrentUser,
  ParseIdPipe,
  ResourceNotFoundError,
  Roles,
  type AuthUser,
} from '@etutors/platform';
import { SandboxChallengesService } from '../application/sandbox-challenges.service.js';
import { PaymentNotConfirmableError } from '../billing.errors.js';

export class AuthenticatePaymentDto {
  @ApiProperty({ description: 'true: the card holder passes 3-D Secure; false: they fail it' })
  @IsBoolean()
  approve: boolean;
}

/** The sandbox's stand-in for the bank's 3-D Secure page. Answers 404 unless the sandbox is the provider. */
@ApiTags('billing')
@Controller('billing/sandbox/payments')
export class SandboxController {
  constructor(private readonly challenges: SandboxChallengesService) {}

  @Roles('student')
  @Post(':id/authenticate')
  @HttpCode(204)
  @ApiOperation({
    summary: 'Complete a sandbox 3-D Secure challenge',
    description:
      'For a payment in requires_action (confirmed with pm_card_3ds). The sandbox then reports the outcome by webhook, as a real provider would: the payment succeeds or fails shortly after.',
  })
  @ApiNoContentResponse({ description: 'the outcome is on its way by webhook' })
  @ApiProblems(new ResourceNotFoundError('payment'), new PaymentNotConfirmableError('succeeded'))
  async authenticate(
    @CurrentUser() payer: AuthUser,
    @Param('id', ParseIdPipe) id: string,
    @Body() body: AuthenticatePaymentDto,
  ): Promise<void> {
    await this.challenges.complete(payer, id, body.approve);
  }
}
