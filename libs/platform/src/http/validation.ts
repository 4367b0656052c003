import { BadRequestException, ValidationPipe, type ValidationError } from '@nestjs/common';

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

/** The one validation pipe: whitelist, reject unknown fields, transform to DTO instances. */
export const createValidationPipe = () =>
  new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    stopAtFirstError: false,
    exceptionFactory: (errors) => new RequestValidationError(flatten(errors)),
  });
