/**
 * Root test suites: the synthesizer (test/synth), the example chart (test/examples),
 * the operations scripts (test/ops), the release (test/release), the chart linters (test/chart-lint)
 * and the cdk8s-helm package's own tests (cdk8s-helm/test).
 */
const { existsSync } = require('node:fs');
const { join } = require('node:path');

const tsJest = ['ts-jest', { tsconfig: 'tsconfig.json' }];
const project = (name) => ({
  displayName: name,
  testEnvironment: 'node',
  roots: [`<rootDir>/test/${name}`],
  transform: { '^.+\\.ts$': tsJest },
  // The app imports the bridge by its package name; in the repository that is its source.
  moduleNameMapper: { '^cdk8s-helm$': '<rootDir>/cdk8s-helm/src/index.ts' },
});

// The bridge's tests find helm as a user's would ($HELM_BIN, else PATH): here, the pinned one.
const pinnedHelm = join(__dirname, '.tools', 'bin', 'helm');
if (!process.env.HELM_BIN && existsSync(pinnedHelm)) process.env.HELM_BIN = pinnedHelm;

/** @type {import('jest').Config} */
module.exports = {
  testTimeout: 120000,
  projects: ['synth', 'examples', 'ops', 'release', 'chart-lint']
    .filter((name) => existsSync(join(__dirname, 'test', name)))
    .map(project)
    .concat([require('./cdk8s-helm/jest.config.js')]),
};
