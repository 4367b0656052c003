// The identity context's public API.
export { IdentityModule } from './identity.module.js';
export { IdentityHttpModule } from './identity-http.module.js';
export { IdentityQueries } from './application/identity-queries.js';
export { IDENTITY_ENTITIES } from './identity.entities.js';
export { seedIdentity, type DemoUsers } from './infrastructure/identity.seeder.js';
export * from './events.js';
