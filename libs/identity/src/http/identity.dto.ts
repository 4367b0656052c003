import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import {
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsEmail,
  IsIn,
  IsOptional,
  IsString,
  IsTimeZone,
  IsUUID,
  Length,
  MaxLength,
} from 'class-validator';
import { MultiLine, PageQueryDto, ROLES } from '@etutors/platform';
import { AUDIT_TYPES, type AuditType } from '../application/audit-log.js';

const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);

export class RegisterDto {
  @ApiProperty({ example: 'ada@example.com', format: 'email', maxLength: 254 })
  @Transform(trim)
  @IsEmail()
  @MaxLength(254)
  email: string;
  @ApiProperty({
    minLength: 10,
    maxLength: 128,
    description: 'not one of the 30,000 most common passwords',
  })
  // A secret, not text: whatever was typed (a tab included) must keep logging in.
  @MultiLine()
  @IsString()
  @Length(1, 1024)
  password: string;

  @ApiProperty({ example: 'Ada Lovelace', minLength: 1, maxLength: 80 })
  @Transform(trim)
  @IsString()
  @Length(1, 80)
  displayName: string;
  @ApiProperty({ enum: ['student', 'tutor'] })
  @IsIn(['student', 'tutor'], { message: 'role must be student or tutor' })
  role: 'student' | 'tutor';
  @ApiPropertyOptional({ example: 'Europe/London', default: 'UTC', description: 'IANA time zone' })
  @IsOptional()
  @IsTimeZone()
  timezone?: string;
}

export class LoginDto {
  @ApiProperty({ example: 'ada@example.com', maxLength: 254 })
  @IsString()
  @MaxLength(254)
  email: string;
  @ApiProperty({ maxLength: 1024 })
  @MultiLine() // a secret, not text: as it was registered
  @IsString()
  @MaxLength(1024)
  password: string;
}

export class RefreshDto {
  @ApiProperty({ minLength: 1, maxLength: 200 }) @IsString() @Length(1, 200) refreshToken: string;
}

export class ForgotPasswordDto {
  @ApiProperty({ example: 'ada@example.com', maxLength: 254 })
  @IsString()
  @MaxLength(254)
  email: string;
}

export class ResetPasswordDto {
  @ApiProperty({ minLength: 1, maxLength: 200, description: 'from the e-mail' })
  @IsString()
  @Length(1, 200)
  token: string;
  @ApiProperty({ minLength: 10, maxLength: 128 })
  @MultiLine() // a secret, not text, like the password at registration
  @IsString()
  @Length(1, 1024)
  password: string;
}

export class VerifyEmailDto {
  @ApiProperty({ minLength: 1, maxLength: 200, description: 'from the e-mail' })
  @IsString()
  @Length(1, 200)
  token: string;
}

export class UserDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'email', example: 'ada@example.com' }) email: string;
  @ApiProperty({ example: 'Ada Lovelace' }) displayName: string;
  @ApiProperty({ enum: ROLES, isArray: true }) roles: string[];
  @ApiProperty({ enum: ['active', 'suspended'] }) status: string;
  @ApiProperty({ example: 'Europe/London' }) timezone: string;
  @ApiProperty() emailVerified: boolean;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
}

export class SessionDto {
  @ApiProperty({ type: UserDto }) user: UserDto;
  @ApiProperty({ description: 'JWT for `Authorization: Bearer`' }) accessToken: string;
  @ApiProperty({ description: 'single use: `POST /auth/refresh` spends it' }) refreshToken: string;
  @ApiProperty({ type: 'integer', description: 'access token lifetime, seconds', example: 900 })
  expiresIn: number;
}

export class UpdateMeDto {
  @ApiPropertyOptional({ minLength: 1, maxLength: 80 })
  @IsOptional()
  @Transform(trim)
  @IsString()
  @Length(1, 80)
  displayName?: string;
  @ApiPropertyOptional({ example: 'Europe/London', description: 'IANA time zone' })
  @IsOptional()
  @IsTimeZone()
  timezone?: string;
}

export class AdminUsersQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ enum: ROLES }) @IsOptional() @IsIn(ROLES) role?:
    'student' | 'tutor' | 'admin';
  @ApiPropertyOptional({ enum: ['active', 'suspended'] })
  @IsOptional()
  @IsIn(['active', 'suspended'])
  status?: 'active' | 'suspended';
  @ApiPropertyOptional({
    minLength: 1,
    maxLength: 100,
    description: 'matches e-mail and display name',
  })
  @IsOptional()
  @IsString()
  @Length(1, 100)
  q?: string;
}

export class AdminUpdateUserDto {
  @ApiPropertyOptional({ enum: ['active', 'suspended'] })
  @IsOptional()
  @IsIn(['active', 'suspended'])
  status?: 'active' | 'suspended';
  @ApiPropertyOptional({ enum: ROLES, isArray: true, minItems: 1, uniqueItems: true })
  @IsOptional()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayUnique()
  @IsIn(ROLES, { each: true })
  roles?: ('student' | 'tutor' | 'admin')[];
  @ApiPropertyOptional({
    maxLength: 500,
    description: 'why the status changes; carried by the event and the audit entry',
  })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  reason?: string;
}

export class AuditQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsUUID() userId?: string;
  @ApiPropertyOptional({ enum: AUDIT_TYPES })
  @IsOptional()
  @IsIn(AUDIT_TYPES)
  type?: AuditType;
}

export class AuditEventDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ nullable: true, type: String, format: 'uuid' }) userId: string | null;
  @ApiProperty({ nullable: true, type: String, format: 'uuid' }) actorId: string | null;
  @ApiProperty({ enum: AUDIT_TYPES }) type: string;
  @ApiProperty({ nullable: true, type: String }) ip: string | null;
  @ApiProperty({ nullable: true, type: String }) userAgent: string | null;
  @ApiProperty({ type: Object, description: 'what happened, by type' }) data: unknown;
  @ApiProperty({ format: 'date-time' }) at: string;
}
