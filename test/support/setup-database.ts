import { prepareTestDatabase } from './test-database.js';

// Runs before each test file's own hooks: the file's apps use its own database.
beforeAll(() => prepareTestDatabase(), 60_000);
