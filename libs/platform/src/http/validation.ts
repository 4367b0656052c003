import {
  BadRequestException,
  ValidationPipe,
  type ArgumentMetadata,
  type ValidationError,
} from '@nestjs/common';
import type { ValidatorOptions } from 'class-validator';
import { findCarelessInput, findLineBreaks } from './careless-input.js';

/** Validation failures with the offending fields, mapped to problem+json by the filter. */
export class RequestValidationError extends BadRequestException {
  constructor(readonly errors: { field: string; message: string }[]) {
    super('The request is not valid');
  }
}

function flatten(errors: ValidationError[], parent = ''): { field: string; message: string }[] {
  return errors.flatMap((error) => {
    const field = parent ? `${parent}.${error.property}` : error.property;
    const own = Object.values(error.constraints ?? {}).map((message) => ({ field, message }));
    return [...own, ...flatten(error.children ?? [], field)];
  });
}

const NOT_DTOS = new Set<unknown>([String, Number, Boolean, Object, Array]);

/**
 * The global validation pipe, which every body, query and path parameter passes through. Before
 * class-transformer sees a value, it refuses what no DTO can describe: nesting deeper than
 * class-transformer's recursion survives, control characters (NUL reaches PostgreSQL as an
 * error), and a whole body that is `null`, an array or a scalar where a DTO expects an object.
 * Once a DTO is built, a tab or line break in any field not marked `@MultiLine()` is an error
 * beside the DTO's own.
 */
class GuardedValidationPipe extends ValidationPipe {
  override transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    if (metadata.type !== 'custom') {
      const isBody = metadata.type === 'body';
      const problem = findCarelessInput(value, metadata.data ?? metadata.type, isBody);
      if (problem) throw new RequestValidationError([problem]);
      const wholeBodyDto =
        isBody &&
        metadata.data === undefined &&
        typeof metadata.metatype === 'function' &&
        !NOT_DTOS.has(metadata.metatype);
      // No body at all stays allowed (a DTO whose fields are all optional); `null` does not.
      if (
        wholeBodyDto &&
        value !== undefined &&
        (typeof value !== 'object' || value === null || Array.isArray(value))
      )
        throw new RequestValidationError([
          { field: 'body', message: 'body must be a JSON object' },
        ]);
    }
    return super.transform(value, metadata);
  }

  protected override async validate(
    dto: object,
    options?: ValidatorOptions,
  ): Promise<ValidationError[]> {
    const errors = await super.validate(dto, options);
    const lineBreaks: ValidationError[] = findLineBreaks(dto).map(({ field, message }) => ({
      property: field,
      constraints: { singleLine: message },
      children: [],
    }));
    return [...errors, ...lineBreaks];
  }
}

/** The one validation pipe: whitelist, reject unknown fields, transform to DTO instances. */
export const createValidationPipe = () =>
  new GuardedValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    stopAtFirstError: false,
    exceptionFactory: (errors) => new RequestValidationError(flatten(errors)),
  });
