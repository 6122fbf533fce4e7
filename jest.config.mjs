// Three kinds of tests (DESIGN.md, Testing): unit next to the code, integration per service and lib against
// the real servers, end-to-end in test/. Run them with `npm test` (tools/test.mjs brings the servers up).
import { readFileSync } from 'node:fs';

const swc = JSON.parse(readFileSync(new URL('./.swcrc', import.meta.url), 'utf8'));
delete swc.$schema;
delete swc.exclude;

const base = {
  testEnvironment: 'node',
  extensionsToTreatAsEsm: ['.ts'],
  moduleFileExtensions: ['ts', 'js', 'mjs', 'json'],
  transform: { '^.+\\.ts$': ['@swc/jest', { ...swc, swcrc: false, sourceMaps: 'inline' }] },
  moduleNameMapper: {
    '^@simline/([a-z-]+)$': '<rootDir>/libs/$1/src/index.ts',
    '^(\\.{1,2}/.*)\\.js$': '$1',
  },
  testPathIgnorePatterns: ['/node_modules/', '/dist/'],
  rootDir: '.',
};

const withServers = {
  ...base,
  setupFiles: ['<rootDir>/libs/testing/src/jest/namespace.setup.ts'],
  setupFilesAfterEnv: ['<rootDir>/libs/testing/src/jest/namespace.teardown.ts'],
};

export default {
  // A test that waits on the real servers gets two minutes unless it says otherwise; nothing waits forever.
  // (A global option: Jest ignores it inside a project.)
  testTimeout: 120_000,
  projects: [
    { ...base, displayName: 'unit', testMatch: ['<rootDir>/{apps,libs}/*/src/**/__tests__/**/*.spec.ts', '<rootDir>/tools/**/__tests__/**/*.spec.ts'] },
    { ...withServers, displayName: 'integration', testMatch: ['<rootDir>/{apps,libs}/*/src/**/*.int-spec.ts', '<rootDir>/test/integration/**/*.int-spec.ts'] },
    { ...withServers, displayName: 'e2e', testMatch: ['<rootDir>/test/{e2e,chaos,fuzz}/**/*.e2e-spec.ts'] },
  ],
};
