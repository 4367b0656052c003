// Every migration, in order: one timeline for the whole database. Add new ones at the end.
import { CreatePlatformOutbox1795500000000 } from './1795500000000-create-platform-outbox.js';
import { CreateTutoring1795700000000 } from './1795700000000-create-tutoring.js';
import { CreateScheduling1795800000000 } from './1795800000000-create-scheduling.js';
import { CreateIdentity1795900000000 } from './1795900000000-create-identity.js';

export const MIGRATIONS = [
  CreatePlatformOutbox1795500000000,
  CreateTutoring1795700000000,
  CreateScheduling1795800000000,
  CreateIdentity1795900000000,
];

export const MIGRATIONS_TABLE = 'migrations';
