import { applyDecorators, type Type } from '@nestjs/common';
import { ApiExtraModels, ApiOkResponse, ApiProperty, getSchemaPath } from '@nestjs/swagger';
import { Type as TransformType } from 'class-transformer';
import { IsInt, IsOptional, Max, Min } from 'class-validator';

/** `?page=1&limit=20`, limit at most 100. */
export class PageQueryDto {
  @ApiProperty({ required: false, minimum: 1, default: 1 })
  @IsOptional()
  @TransformType(() => Number)
  @IsInt()
  @Min(1)
  page: number = 1;

  @ApiProperty({ required: false, minimum: 1, maximum: 100, default: 20 })
  @IsOptional()
  @TransformType(() => Number)
  @IsInt()
  @Min(1)
  @Max(100)
  limit: number = 20;
}

export class PageMetaDto {
  @ApiProperty() page: number;
  @ApiProperty() limit: number;
  @ApiProperty() total: number;
}

export interface Page<T> {
  data: T[];
  meta: { page: number; limit: number; total: number };
}

export const toPage = <T>(
  data: T[],
  total: number,
  query: { page: number; limit: number },
): Page<T> => ({
  data,
  meta: { page: query.page, limit: query.limit, total },
});

export const pageOffset = (query: { page: number; limit: number }) =>
  (query.page - 1) * query.limit;

/** Documents `{ data: Item[], meta }` for a paginated route. */
export const ApiPageResponse = (item: Type<unknown>) =>
  applyDecorators(
    ApiExtraModels(PageMetaDto, item),
    ApiOkResponse({
      schema: {
        type: 'object',
        required: ['data', 'meta'],
        properties: {
          data: { type: 'array', items: { $ref: getSchemaPath(item) } },
          meta: { $ref: getSchemaPath(PageMetaDto) },
        },
      },
    }),
  );
