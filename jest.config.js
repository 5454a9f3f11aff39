// Native ESM (the @octokit packages are ESM-only): ts-jest transpiles each file on its own (isolatedModules in
// tsconfig.json; `npm test` type-checks first), Node's VM modules load the result. Pure JavaScript on purpose:
// the registry mirror lacks some platform binaries that native transformers and jest 30's resolver pull in.
export default {
  testEnvironment: 'node',
  extensionsToTreatAsEsm: ['.ts'],
  transform: {
    '^.+\\.ts$': ['ts-jest', { useESM: true, diagnostics: false }],
  },
  // Workspace packages are tested from their sources (their exports point at dist/, for node).
  moduleNameMapper: {
    '^(\\.{1,2}/.*)\\.js$': '$1',
    '^@rampart/github-emulator$': '<rootDir>/packages/github-emulator/src/index.ts',
  },
  testMatch: ['<rootDir>/test/**/*.test.ts', '<rootDir>/packages/*/test/**/*.test.ts'],
  testTimeout: 60000,
};
