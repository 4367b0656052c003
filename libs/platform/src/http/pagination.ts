import { applyDecorators, type Type } from '@nestjs/common';
import { ApiExtraModels, ApiOkResponse, ApiProperty, getSchemaPath } from '@nestjs/swagger';
import { Type as TransformType } from 'class-transformer';
import { IsInt, IsOptional, Max, Min } from 'class-validator';
import type { ObjectLiteral, SelectQueryBuilder } from 'typeorm';

/**
 * The last page anyone may ask for: with the largest limit, its offset (10⁸ rows) stays a safe
 * integer that PostgreSQL reads as a plain number, never `1e+21` or a bigint overflow.
 */
export const MAX_PAGE = 1_000_000;

/** `?page=1&limit=20`, limit at most 100. */
export class PageQueryDto {
  @ApiProperty({ required: false, type: 'integer', minimum: 1, maximum: MAX_PAGE, default: 1 })
  @IsOptional()
  @TransformType(() => Number)
  @IsInt()
  @Min(1)
  @Max(MAX_PAGE)
  page: number = 1;

  @ApiProperty({ required: false, type: 'integer', minimum: 1, maximum: 100, default: 20 })
  @IsOptional()
  @TransformType(() => Number)
  @IsInt()
  @Min(1)
  @Max(100)
  limit: number = 20;
}

export class PageMetaDto {
  @ApiProperty({ type: 'integer', minimum: 1 }) page: number;
  @ApiProperty({ type: 'integer', minimum: 1, maximum: 100 }) limit: number;
  @ApiProperty({ type: 'integer', minimum: 0, description: 'rows across all pages' })
  total: number;
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

/**
 * One page of `query`'s rows, ascending by `orderBy` and then by id (so pages never overlap or
 * skip rows that share an `orderBy` value), with the total across pages.
 */
export async function readPage<Row extends ObjectLiteral, View>(
  query: SelectQueryBuilder<Row>,
  orderBy: string,
  page: { page: number; limit: number },
  toView: (row: Row) => View,
): Promise<Page<View>> {
  const [rows, total] = await query
    .orderBy(`${query.alias}.${orderBy}`, 'ASC')
    .addOrderBy(`${query.alias}.id`, 'ASC')
    .skip(pageOffset(page))
    .take(page.limit)
    .getManyAndCount();
  return toPage(rows.map(toView), total, page);
}

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
