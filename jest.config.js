/**
 * Root test suites: the synthesizer (test/synth), the example chart (test/examples),
 * the operations scripts (test/ops), the release (test/release) and the chart linters (test/chart-lint).
 */
const { existsSync } = require('node:fs');
const { join } = require('node:path');

const tsJest = ['ts-jest', { tsconfig: 'tsconfig.json' }];
const project = (name) => ({
  displayName: name,
  testEnvironment: 'node',
  roots: [`<rootDir>/test/${name}`],
  transform: { '^.+\\.ts$': tsJest },
});

/** @type {import('jest').Config} */
module.exports = {
  testTimeout: 120000,
  projects: ['synth', 'examples', 'ops', 'release', 'chart-lint']
    .filter((name) => existsSync(join(__dirname, 'test', name)))
    .map(project),
};
