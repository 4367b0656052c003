/** The messaging context's TypeORM entities, for the one data source. */
export const MESSAGING_ENTITIES: (new () => unknown)[] = [];
