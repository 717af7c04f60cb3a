import { defineConfig } from 'vitest/config';

/**
 * Two projects: `unit` (no processes, no network: runs in seconds) and `integration` (real
 * DynamoDB Local started once per run by the global setup, the local engine, HTTP on 127.0.0.1).
 */
export default defineConfig({
  test: {
    allowOnly: false,
    projects: [
      {
        test: {
          name: 'unit',
          include: ['test/unit/**/*.test.ts'],
          environment: 'node',
        },
      },
      {
        test: {
          name: 'integration',
          include: ['test/integration/**/*.test.ts'],
          environment: 'node',
          globalSetup: ['test/support/dynamodb-local.global-setup.ts'],
          testTimeout: 60_000,
          hookTimeout: 90_000,
        },
      },
    ],
  },
});
