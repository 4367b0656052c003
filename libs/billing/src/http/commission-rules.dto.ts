import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsIn,
  IsInt,
  Max,
  Min,
  Validate,
  ValidateIf,
  ValidateNested,
  ValidatorConstraint,
  type ValidationArguments,
  type ValidatorConstraintInterface,
} from 'class-validator';
import type { CommissionRuleVersion } from '../application/commission-rules.service.js';
import {
  COMMISSION_KINDS,
  MAX_FEE_BPS,
  tiersOrderProblem,
  type CommissionKind,
  type CommissionRule,
  type CommissionTerms,
} from '../domain/commission.js';

const MAX_TIER_HOURS = 1_000_000;

/** Refuses a field that belongs to the other kind of rule (`feeBps` on a tiered one, and so on). */
@ValidatorConstraint({ name: 'belongsToKind' })
class BelongsToKind implements ValidatorConstraintInterface {
  validate(_value: unknown, args: ValidationArguments): boolean {
    return (args.object as { kind?: unknown }).kind === args.constraints[0];
  }
  defaultMessage(args: ValidationArguments): string {
    return `${args.property} is only for a ${String(args.constraints[0])} rule`;
  }
}

/** The tiers' order, once each tier's own fields are numbers (their errors are reported anyway). */
@ValidatorConstraint({ name: 'tiersInOrder' })
class TiersInOrder implements ValidatorConstraintInterface {
  private problem(value: unknown): string | null {
    if (!Array.isArray(value)) return null;
    const tiers = value as { fromHours?: unknown; feeBps?: unknown }[];
    if (tiers.some((tier) => typeof tier?.fromHours !== 'number')) return null;
    return tiersOrderProblem(tiers as { fromHours: number; feeBps: number }[]);
  }
  validate(value: unknown): boolean {
    return this.problem(value) === null;
  }
  defaultMessage(args: ValidationArguments): string {
    return this.problem(args.value) ?? 'tiers are not in order';
  }
}

export class CommissionTierDto {
  @ApiProperty({
    type: 'integer',
    minimum: 0,
    maximum: MAX_TIER_HOURS,
    description: 'the tier applies to tutors with at least this many completed lesson hours',
    example: 20,
  })
  @IsInt()
  @Min(0)
  @Max(MAX_TIER_HOURS)
  fromHours: number;

  @ApiProperty({
    type: 'integer',
    minimum: 0,
    maximum: MAX_FEE_BPS,
    description: 'the platform fee in basis points (2800 = 28 %)',
    example: 2800,
  })
  @IsInt()
  @Min(0)
  @Max(MAX_FEE_BPS)
  feeBps: number;
}

export class CreateCommissionRuleDto {
  @ApiProperty({ enum: COMMISSION_KINDS })
  @IsIn(COMMISSION_KINDS)
  kind: CommissionKind;

  @ApiPropertyOptional({
    type: 'integer',
    minimum: 0,
    maximum: MAX_FEE_BPS,
    description: 'a flat rule’s fee in basis points (required for `flat`, refused for `tiered`)',
    example: 1500,
  })
  @ValidateIf((dto: CreateCommissionRuleDto) => dto.kind === 'flat' || dto.feeBps !== undefined)
  @Validate(BelongsToKind, ['flat'])
  @IsInt()
  @Min(0)
  @Max(MAX_FEE_BPS)
  feeBps?: number;

  @ApiPropertyOptional({
    type: [CommissionTierDto],
    maxItems: 50,
    description:
      'a tiered rule’s tiers by the tutor’s completed lesson hours (required for `tiered`, refused for `flat`): the first from 0 hours, each later one from more hours than the one before',
  })
  @ValidateIf((dto: CreateCommissionRuleDto) => dto.kind === 'tiered' || dto.tiers !== undefined)
  @Validate(BelongsToKind, ['tiered'])
  @IsArray()
  @ArrayMaxSize(50)
  @ValidateNested({ each: true })
  @Type(() => CommissionTierDto)
  @Validate(TiersInOrder)
  tiers?: CommissionTierDto[];
}

/** The validated body as the rule's terms. */
export const commissionTerms = (dto: CreateCommissionRuleDto): CommissionTerms =>
  dto.kind === 'flat'
    ? { kind: 'flat', feeBps: dto.feeBps! }
    : {
        kind: 'tiered',
        tiers: dto.tiers!.map(({ fromHours, feeBps }) => ({ fromHours, feeBps })),
      };

export class CommissionRuleDto {
  @ApiProperty({
    type: 'integer',
    nullable: true,
    minimum: 1,
    description:
      'null for the default rule (flat `PLATFORM_FEE_BPS`), in force until a version is set',
  })
  version: number | null;
  @ApiProperty({ enum: COMMISSION_KINDS }) kind: CommissionKind;
  @ApiProperty({
    type: 'integer',
    nullable: true,
    minimum: 0,
    maximum: MAX_FEE_BPS,
    description: 'a flat rule’s fee in basis points; null for a tiered rule',
  })
  feeBps: number | null;
  @ApiProperty({
    type: [CommissionTierDto],
    nullable: true,
    description: 'a tiered rule’s tiers, by completed lesson hours; null for a flat rule',
  })
  tiers: CommissionTierDto[] | null;
  @ApiProperty({ description: 'whether payments that succeed now pay this rule' })
  current: boolean;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) createdAt: string | null;
  @ApiProperty({ type: String, format: 'uuid', nullable: true, description: 'the admin' })
  createdBy: string | null;
}

export function commissionRuleView(rule: CommissionRule, current: boolean): CommissionRuleDto {
  return {
    version: rule.version,
    kind: rule.kind,
    feeBps: rule.kind === 'flat' ? rule.feeBps : null,
    tiers: rule.kind === 'tiered' ? rule.tiers.map((tier) => ({ ...tier })) : null,
    current,
    createdAt: rule.createdAt?.toISOString() ?? null,
    createdBy: rule.createdBy,
  };
}

export const commissionRuleVersionView = ({ rule, current }: CommissionRuleVersion) =>
  commissionRuleView(rule, current);
