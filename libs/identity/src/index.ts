// The identity context's public API. Its events have their own entry point,
// `@etutors/identity/events`, so a subscriber never loads this module.
export { IdentityModule } from './identity.module.js';
export { IdentityHttpModule } from './identity-http.module.js';
export { IdentityQueries, type SessionEnd } from './application/identity-queries.js';
export { IDENTITY_ENTITIES } from './identity.entities.js';
export { seedIdentity, type DemoUsers } from './infrastructure/identity.seeder.js';
