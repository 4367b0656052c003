import { Body, Controller, Get, Post } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentUser, Roles, type AuthUser } from '@etutors/platform';
import { CommissionRulesService } from '../application/commission-rules.service.js';
import {
  CommissionRuleDto,
  commissionRuleView,
  commissionRuleVersionView,
  commissionTerms,
  CreateCommissionRuleDto,
} from './commission-rules.dto.js';

@ApiTags('admin')
@Controller('admin/commission-rules')
export class CommissionRulesController {
  constructor(private readonly rules: CommissionRulesService) {}

  @Roles('admin')
  @Get()
  @ApiOperation({
    summary: 'List commission rule versions',
    description:
      'Every version, newest first; `current` marks the one payments succeeding now pay. While no version was set, the list is the default rule (flat `PLATFORM_FEE_BPS`, `version: null`).',
  })
  @ApiOkResponse({ type: CommissionRuleDto, isArray: true })
  async list(): Promise<CommissionRuleDto[]> {
    return (await this.rules.list()).map(commissionRuleVersionView);
  }

  @Roles('admin')
  @Post()
  @ApiOperation({
    summary: 'Set a new commission rule version',
    description:
      'Flat (`{kind: "flat", feeBps}`) or tiered by the tutor’s completed lesson hours (`{kind: "tiered", tiers: [{fromHours, feeBps}]}`). It applies to payments that succeed from now on; each payment keeps the rate and version it succeeded under.',
  })
  @ApiCreatedResponse({ type: CommissionRuleDto })
  async create(
    @CurrentUser() admin: AuthUser,
    @Body() body: CreateCommissionRuleDto,
  ): Promise<CommissionRuleDto> {
    return commissionRuleView(await this.rules.set(admin, commissionTerms(body)), true);
  }
}
