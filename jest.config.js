/** Root test suites: the synthesizer (test/synth) and the operations scripts (test/ops). */
const tsJest = ['ts-jest', { tsconfig: 'tsconfig.json', isolatedModules: true }];

/** @type {import('jest').Config} */
module.exports = {
  projects: [
    {
      displayName: 'synth',
      testEnvironment: 'node',
      roots: ['<rootDir>/test/synth'],
      transform: { '^.+\\.ts$': tsJest },
      testTimeout: 120000,
    },
    {
      displayName: 'ops',
      testEnvironment: 'node',
      roots: ['<rootDir>/test/ops'],
      transform: { '^.+\\.ts$': tsJest },
      testTimeout: 60000,
    },
  ],
};
