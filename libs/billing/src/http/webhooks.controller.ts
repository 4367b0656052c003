import { Controller, HttpCode, Param, Post, Req } from '@nestjs/common';
import { ApiBody, ApiOkResponse, ApiOperation, ApiProperty, ApiTags } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { ApiProblems, Public, ResourceNotFoundError } from '@etutors/platform';
import { WebhooksService, type WebhookOutcome } from '../application/webhooks.service.js';
import { WebhookPayloadError, WebhookSignatureError } from '../billing.errors.js';

export class WebhookReceiptDto {
  @ApiProperty() received: boolean;
  @ApiProperty({
    enum: ['applied', 'no_change', 'ignored', 'unknown_payment', 'duplicate'],
    description: 'what the event did; a replay is `duplicate` and changes nothing',
  })
  outcome: WebhookOutcome;
}

@ApiTags('billing')
@Controller('billing/webhooks')
export class WebhooksController {
  constructor(private readonly webhooks: WebhooksService) {}

  @Public()
  @Post(':provider')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Receive a payment provider webhook',
    description:
      'Called by the payment provider (`stripe` or `sandbox`, whichever is configured). The signature is verified on the raw body, with a 5-minute timestamp tolerance; each provider event is processed once.',
  })
  @ApiBody({ description: "the provider's event, as it signed it", schema: { type: 'object' } })
  @ApiOkResponse({ type: WebhookReceiptDto })
  @ApiProblems(
    new WebhookSignatureError('no match'),
    new WebhookPayloadError('the event has no usable id'),
    new ResourceNotFoundError('webhook_endpoint'),
  )
  async receive(
    @Param('provider') provider: string,
    @Req() request: FastifyRequest & { rawBody?: Buffer },
  ): Promise<WebhookReceiptDto> {
    const outcome = await this.webhooks.receive(
      provider,
      request.rawBody ?? Buffer.alloc(0),
      request.headers,
    );
    return { received: true, outcome };
  }
}
