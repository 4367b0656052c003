import { Injectable, ParseUUIDPipe, type ArgumentMetadata } from '@nestjs/common';
import { RequestValidationError } from './validation.js';

/**
 * The pipe for every id in a path (`@Param('id', ParseIdPipe)`): a UUID, or a 400 whose
 * `errors` name the parameter as body validation names a field. Nest's own pipe answers
 * "Validation failed (uuid is expected)" without saying which value was wrong. It stays a
 * ParseUUIDPipe, so the OpenAPI document types the parameter as `format: uuid`.
 */
@Injectable()
export class ParseIdPipe extends ParseUUIDPipe {
  override transform(value: unknown, metadata: ArgumentMetadata): Promise<string> {
    const field = metadata.data ?? 'id';
    if (typeof value === 'string' && this.isUUID(value)) return Promise.resolve(value);
    return Promise.reject(
      new RequestValidationError([{ field, message: `${field} must be a UUID` }]),
    );
  }
}
