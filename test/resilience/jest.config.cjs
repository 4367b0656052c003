// `npm run test:resilience`: the built apps (dist/) as real processes on loopback, against a
// database and a queue prefix of their own; kept out of `npm test` (it starts processes).

module.exports = {
  rootDir: '../..',
  testEnvironment: 'node',
  transform: { '^.+\\.(ts|m?js|cjs)$': '<rootDir>/test/support/jest-transform.cjs' },
  transformIgnorePatterns: ['/test/support/jest-transform\\.cjs$'],
  moduleNameMapper: {
    '^@etutors/([a-z-]+)$': '<rootDir>/libs/$1/src/index.ts',
    '^@etutors/([a-z-]+)/events$': '<rootDir>/libs/$1/src/events.ts',
    '^(\\.{1,2}/.*)\\.js$': '$1',
  },
  testMatch: ['<rootDir>/test/resilience/**/*.resilience-spec.ts'],
  // One file at a time: each starts four processes on a machine shared with other work.
  maxWorkers: 1,
  testTimeout: 120_000,
  slowTestThreshold: 60,
  // fetch's keep-alive sockets to processes already stopped would hold the run open a while.
  forceExit: true,
};
