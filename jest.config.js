/** Root test suites: the synthesizer (test/synth) and the operations scripts (test/ops). */
const tsJest = ['ts-jest', { tsconfig: 'tsconfig.json' }];

/** @type {import('jest').Config} */
module.exports = {
  testTimeout: 120000,
  projects: [
    {
      displayName: 'synth',
      testEnvironment: 'node',
      roots: ['<rootDir>/test/synth'],
      transform: { '^.+\\.ts$': tsJest },
    },
    {
      displayName: 'ops',
      testEnvironment: 'node',
      roots: ['<rootDir>/test/ops'],
      transform: { '^.+\\.ts$': tsJest },
    },
  ],
};
