/** The package's own tests (`npm test` here, or `npm run test:bridge` from the repository). */
/** @type {import('jest').Config} */
module.exports = {
  displayName: 'cdk8s-helm',
  testEnvironment: 'node',
  rootDir: __dirname,
  roots: ['<rootDir>/test'],
  transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: `${__dirname}/tsconfig.json` }] },
};
