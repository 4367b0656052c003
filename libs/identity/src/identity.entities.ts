import { AuditEventEntity } from './domain/audit-event.entity.js';
import { OneTimeTokenEntity } from './domain/one-time-token.entity.js';
import { RefreshTokenEntity } from './domain/refresh-token.entity.js';
import { UserEntity } from './domain/user.entity.js';

/** Every entity of the identity schema, listed once for the data source. */
export const IDENTITY_ENTITIES = [
  UserEntity,
  RefreshTokenEntity,
  OneTimeTokenEntity,
  AuditEventEntity,
];
