/** Unit specs sit beside the code; integration specs live under each app's or lib's test/ and use the real Postgres and RabbitMQ. */
const transform = {
  '^.+\\.ts$': [
    '@swc/jest',
    {
      jsc: {
        parser: { syntax: 'typescript', decorators: true },
        transform: { legacyDecorator: true, decoratorMetadata: true },
        target: 'es2022',
        keepClassNames: true,
      },
      module: { type: 'commonjs' },
    },
  ],
};
const moduleNameMapper = {
  '^@app/(contracts|config|messaging|logging|health|database|testing|telegram-emulator|runtime|telemetry)(|/.*)$':
    '<rootDir>/libs/$1/src$2',
};
// Quiet by default: the services' logs and Nest's follow TEST_LOG_LEVEL (silent unless set).
const setupFiles = ['<rootDir>/test/jest.setup.ts'];
const common = {
  transform,
  moduleNameMapper,
  setupFiles,
  testEnvironment: 'node',
  moduleFileExtensions: ['ts', 'js', 'json'],
};

module.exports = {
  maxWorkers: 2,
  testTimeout: 60000,
  projects: [
    {
      ...common,
      displayName: 'unit',
      testMatch: ['<rootDir>/{apps,libs}/*/src/**/*.spec.ts', '<rootDir>/apps/api-gateway/console/src/**/*.spec.ts'],
    },
    {
      ...common,
      displayName: 'integration',
      testMatch: ['<rootDir>/{apps,libs}/*/test/**/*.spec.ts', '<rootDir>/test/**/*.spec.ts'],
    },
  ],
};
