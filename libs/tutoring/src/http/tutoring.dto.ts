import { ApiProperty, ApiPropertyOptional, ApiSchema } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsIn,
  IsInt,
  IsISO6391,
  IsNumber,
  IsObject,
  IsOptional,
  IsString,
  IsTimeZone,
  IsUUID,
  Length,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateIf,
  ValidateNested,
} from 'class-validator';
import { IsInstantOrDate, MoneyDto, MultiLine, PageQueryDto } from '@etutors/platform';
import { TUTOR_SORTS, type TutorSort } from '../domain/tutor-search.js';

const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);

export class SubjectDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ example: 'algebra' }) slug: string;
  @ApiProperty({ example: 'Algebra' }) name: string;
  @ApiProperty({ example: 'Mathematics' }) category: string;
}

export class CreateSubjectDto {
  @ApiProperty({
    example: 'linear-algebra',
    description: 'lower-case kebab case, unique',
    minLength: 1,
    maxLength: 80,
    pattern: '^[a-z0-9]+(-[a-z0-9]+)*$',
  })
  @Transform(trim)
  @IsString()
  @Length(1, 80)
  @Matches(/^[a-z0-9]+(-[a-z0-9]+)*$/, { message: 'slug must be lower-case kebab case' })
  slug: string;

  @ApiProperty({ example: 'Linear algebra', minLength: 1, maxLength: 120 })
  @Transform(trim)
  @IsString()
  @Length(1, 120)
  name: string;
  @ApiProperty({ example: 'Mathematics', minLength: 1, maxLength: 80 })
  @Transform(trim)
  @IsString()
  @Length(1, 80)
  category: string;
}

/** Absent means "keep"; a present field, even `null`, is validated (so `null` is a 400, not a wipe). */
const IfPresent = () => ValidateIf((_object: object, value: unknown) => value !== undefined);

/** A partial edit: absent fields are kept; `{}` changes nothing and answers the subject as it is. */
export class UpdateSubjectDto {
  @ApiPropertyOptional({
    example: 'linear-algebra',
    description: 'lower-case kebab case, unique',
    minLength: 1,
    maxLength: 80,
    pattern: '^[a-z0-9]+(-[a-z0-9]+)*$',
  })
  @IfPresent()
  @Transform(trim)
  @IsString()
  @Length(1, 80)
  @Matches(/^[a-z0-9]+(-[a-z0-9]+)*$/, { message: 'slug must be lower-case kebab case' })
  slug?: string;

  @ApiPropertyOptional({ example: 'Linear algebra', minLength: 1, maxLength: 120 })
  @IfPresent()
  @Transform(trim)
  @IsString()
  @Length(1, 120)
  name?: string;

  @ApiPropertyOptional({ example: 'Mathematics', minLength: 1, maxLength: 80 })
  @IfPresent()
  @Transform(trim)
  @IsString()
  @Length(1, 80)
  category?: string;
}

/** An hourly rate: the platform's money, within the bounds a tutor may charge (its own schema name). */
@ApiSchema({ name: 'HourlyRateDto' })
export class HourlyRateDto extends MoneyDto {
  @ApiProperty({
    type: 'integer',
    example: 4000,
    minimum: 500,
    maximum: 100000,
    description: 'integer minor units',
  })
  // Restated: class-validator drops a parent's checks on a property the subclass decorates.
  @IsInt()
  @Min(500)
  @Max(100000)
  declare amount: number;
}

export class WriteTutorProfileDto {
  @ApiProperty({ minLength: 1, maxLength: 120 })
  @Transform(trim)
  @IsString()
  @Length(1, 120)
  headline: string;
  @ApiProperty({ maxLength: 5000, description: 'plain text; may span lines' })
  @MultiLine()
  @IsString()
  @MaxLength(5000)
  bio: string;

  @ApiProperty({ type: 'string', format: 'uuid', isArray: true, minItems: 1, maxItems: 20 })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(20)
  @IsUUID('all', { each: true })
  subjectIds: string[];

  @ApiProperty({ type: HourlyRateDto })
  @IsObject() // without it an absent rate passes ValidateNested and fails later as a 500
  @ValidateNested()
  @Type(() => HourlyRateDto)
  hourlyRate: HourlyRateDto;

  @ApiProperty({
    type: [String],
    example: ['en', 'de'],
    description: 'ISO 639-1 codes',
    minItems: 1,
    maxItems: 20,
  })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(20)
  @IsISO6391({ each: true })
  languages: string[];

  @ApiProperty({ example: 'Europe/Berlin' }) @IsTimeZone() timezone: string;
}

export class RatingDto {
  @ApiProperty({
    nullable: true,
    type: Number,
    example: 4.67,
    minimum: 1,
    maximum: 5,
    description: 'null until the first review',
  })
  average: number | null;
  @ApiProperty({ type: 'integer', minimum: 0 }) count: number;
}

export class RevisionDto {
  @ApiProperty({ enum: ['pending', 'rejected'] }) status: string;
  @ApiProperty() headline: string;
  @ApiProperty() bio: string;
  @ApiProperty({ type: 'string', format: 'uuid', isArray: true }) subjectIds: string[];
  @ApiProperty({ type: HourlyRateDto }) hourlyRate: HourlyRateDto;
  @ApiProperty({ type: [String], example: ['en', 'de'] }) languages: string[];
  @ApiProperty({ example: 'Europe/Berlin' }) timezone: string;
  @ApiProperty({ nullable: true, type: String }) reviewNote: string | null;
  @ApiProperty({ format: 'date-time' }) submittedAt: string;
}

export class TutorProfileDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() displayName: string;
  @ApiProperty({ enum: ['pending', 'approved', 'rejected'] }) status: string;
  @ApiProperty() headline: string;
  @ApiProperty() bio: string;
  @ApiProperty({ type: 'string', format: 'uuid', isArray: true }) subjectIds: string[];
  @ApiProperty({ type: HourlyRateDto }) hourlyRate: HourlyRateDto;
  @ApiProperty({ type: [String], example: ['en', 'de'] }) languages: string[];
  @ApiProperty({ example: 'Europe/Berlin' }) timezone: string;
  @ApiProperty({ type: RatingDto }) rating: RatingDto;
  @ApiProperty({ nullable: true, type: String }) reviewNote: string | null;
  @ApiProperty({ nullable: true, type: String, format: 'date-time' }) approvedAt: string | null;
  @ApiProperty({ format: 'date-time' }) updatedAt: string;
  @ApiProperty({ nullable: true, type: RevisionDto, description: 'an edit waiting for review' })
  pendingRevision: RevisionDto | null;
}

export class SubjectRefDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() slug: string;
  @ApiProperty() name: string;
}

export class PublicTutorDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() displayName: string;
  @ApiProperty() headline: string;
  @ApiPropertyOptional({ description: 'on GET /tutors/:id' }) bio?: string;
  @ApiProperty({ type: [SubjectRefDto] }) subjects: SubjectRefDto[];
  @ApiProperty({ type: HourlyRateDto }) hourlyRate: HourlyRateDto;
  @ApiProperty({ type: [String] }) languages: string[];
  @ApiPropertyOptional({ description: 'on GET /tutors/:id' }) timezone?: string;
  @ApiProperty({ type: RatingDto }) rating: RatingDto;
}

/** The largest rate filter the `int` rate column can be compared with (2^31 - 1). */
const MAX_RATE = 2_147_483_647;

const toNumber = ({ value }: { value: unknown }) =>
  value === '' || value === undefined ? undefined : Number(value);

export class TutorSearchQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ description: 'subject slug', pattern: '^[a-z0-9]+(-[a-z0-9]+)*$' })
  @IsOptional()
  @Matches(/^[a-z0-9]+(-[a-z0-9]+)*$/)
  subject?: string;
  @ApiPropertyOptional({
    description: 'minor units',
    type: 'integer',
    minimum: 0,
    maximum: MAX_RATE,
  })
  @IsOptional()
  @Transform(toNumber)
  @IsInt()
  @Min(0)
  @Max(MAX_RATE)
  minRate?: number;
  @ApiPropertyOptional({
    description: 'minor units',
    type: 'integer',
    minimum: 0,
    maximum: MAX_RATE,
  })
  @IsOptional()
  @Transform(toNumber)
  @IsInt()
  @Min(0)
  @Max(MAX_RATE)
  maxRate?: number;
  @ApiPropertyOptional({ description: 'ISO 639-1', example: 'en' })
  @IsOptional()
  @IsISO6391()
  language?: string;
  @ApiPropertyOptional({ minimum: 1, maximum: 5 })
  @IsOptional()
  @Transform(toNumber)
  @IsNumber()
  @Min(1)
  @Max(5)
  minRating?: number;
  @ApiPropertyOptional({
    minLength: 1,
    maxLength: 200,
    description: 'matches name, headline, bio and subject names',
  })
  @IsOptional()
  @Transform(trim)
  @IsString()
  @Length(1, 200)
  q?: string;

  @ApiPropertyOptional({
    enum: TUTOR_SORTS,
    description: '`-` sorts descending; unrated tutors come last',
  })
  @IsOptional()
  @IsIn(TUTOR_SORTS)
  sort?: TutorSort;
}

export class AdminTutorsQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ enum: ['pending', 'approved', 'rejected'] })
  @IsOptional()
  @IsIn(['pending', 'approved', 'rejected'])
  status?: 'pending' | 'approved' | 'rejected';
}

export class ReviewTutorDto {
  @ApiProperty({ enum: ['approved', 'rejected'] }) @IsIn(['approved', 'rejected']) status:
    'approved' | 'rejected';
  @ApiPropertyOptional({ maxLength: 2000, description: 'to the tutor; may span lines' })
  @MultiLine()
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  note?: string;
}

export class ReviewerDto {
  @ApiProperty({ example: 'Ada' }) displayName: string;
}

export class ReviewDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ type: 'integer', minimum: 1, maximum: 5 }) rating: number;
  @ApiProperty() comment: string;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
  @ApiProperty({ type: ReviewerDto }) student: ReviewerDto;
}

export class LessonDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) bookingId: string;
  @ApiProperty({ format: 'uuid' }) tutorId: string;
  @ApiProperty({ format: 'uuid' }) studentId: string;
  @ApiProperty({ format: 'uuid' }) subjectId: string;
  @ApiProperty({ format: 'date-time' }) startsAt: string;
  @ApiProperty({ format: 'date-time' }) endsAt: string;
  @ApiProperty({ enum: ['scheduled', 'completed', 'cancelled', 'no_show'] }) status: string;
  @ApiProperty() notes: string;
  @ApiProperty({ nullable: true, type: String, format: 'date-time' }) completedAt: string | null;
}

export class LessonsQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ enum: ['scheduled', 'completed', 'cancelled', 'no_show'] })
  @IsOptional()
  @IsIn(['scheduled', 'completed', 'cancelled', 'no_show'])
  status?: 'scheduled' | 'completed' | 'cancelled' | 'no_show';

  @ApiPropertyOptional({
    example: '2026-12-01T00:00:00Z',
    description: 'lessons starting at or after: a date-time with an offset, or a date (00:00 UTC)',
  })
  @IsOptional()
  @IsInstantOrDate()
  from?: string;
  @ApiPropertyOptional({
    example: '2026-12-08',
    description: 'lessons starting before: a date-time with an offset, or a date (00:00 UTC)',
  })
  @IsOptional()
  @IsInstantOrDate()
  to?: string;
  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsUUID() bookingId?: string;
}

export class LessonNotesDto {
  @ApiProperty({ maxLength: 10000, description: 'may span lines' })
  @MultiLine()
  @IsString()
  @MaxLength(10000)
  notes: string;
}

export class CreateReviewDto {
  @ApiProperty({ type: 'integer', minimum: 1, maximum: 5 }) @IsInt() @Min(1) @Max(5) rating: number;
  @ApiPropertyOptional({ maxLength: 2000, description: 'may span lines' })
  @MultiLine()
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  comment?: string;
}

export class CreatedReviewDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) lessonId: string;
  @ApiProperty({ type: 'integer', minimum: 1, maximum: 5 }) rating: number;
  @ApiProperty() comment: string;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
}
