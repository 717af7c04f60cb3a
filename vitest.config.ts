import { defineConfig } from 'vitest/config';

/**
 * Three projects: `unit` (no processes, no network: runs in seconds), `integration` (real DynamoDB
 * Local started once per run by the global setup, the local engine, HTTP on 127.0.0.1) and `e2e`
 * (the synthesized app running on the local stack, driven through its HTTP doors).
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
          // No unit test reaches AWS: an SDK call that escapes its mock fails at once, on this machine
          // (port 9, discard), instead of looking for credentials or a real endpoint.
          env: {
            AWS_ENDPOINT_URL: 'http://127.0.0.1:9',
            AWS_REGION: 'eu-west-1',
            AWS_ACCESS_KEY_ID: 'unit-test',
            AWS_SECRET_ACCESS_KEY: 'unit-test',
            AWS_EC2_METADATA_DISABLED: 'true',
          },
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
      {
        test: {
          name: 'e2e',
          include: ['test/e2e/**/*.test.ts'],
          environment: 'node',
          globalSetup: ['test/support/cloud-assembly.global-setup.ts'],
          testTimeout: 180_000,
          hookTimeout: 180_000,
          // Each file runs a whole local stack (DynamoDB Local, engine, ~40 function sandboxes): one at
          // a time keeps a 2-core machine responsive.
          fileParallelism: false,
        },
      },
    ],
  },
});
