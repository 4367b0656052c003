import { Controller, Get, Param, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import {
  ApiProblems,
  CurrentUser,
  ParseIdPipe,
  ResourceNotFoundError,
  type AuthUser,
} from '@etutors/platform';
import { ReceiptsService } from '../application/receipts.service.js';

@ApiTags('billing')
@Controller('payments')
export class ReceiptsController {
  constructor(private readonly receipts: ReceiptsService) {}

  @Get(':id/receipt')
  @ApiProduces('application/pdf')
  @ApiOperation({
    summary: 'Download a payment’s receipt (PDF)',
    description:
      'The payer’s own, or any for an admin. A receipt is issued by a background job shortly after the payment succeeds: until then 404 receipt.not_found. Numbered gap-free per year (2026-000001).',
  })
  @ApiOkResponse({
    description: 'the receipt, served inline as receipt-<number>.pdf',
    content: { 'application/pdf': { schema: { type: 'string', format: 'binary' } } },
    headers: {
      'Content-Disposition': {
        description: 'inline; filename="receipt-<number>.pdf"',
        schema: { type: 'string', example: 'inline; filename="receipt-2026-000001.pdf"' },
      },
    },
  })
  @ApiProblems(new ResourceNotFoundError('payment'), new ResourceNotFoundError('receipt'))
  async get(
    @CurrentUser() viewer: AuthUser,
    @Param('id', ParseIdPipe) id: string,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<Buffer> {
    const { fileName, pdf } = await this.receipts.forViewer(viewer, id);
    void reply
      .type('application/pdf')
      .header('content-disposition', `inline; filename="${fileName}"`);
    return pdf;
  }
}
