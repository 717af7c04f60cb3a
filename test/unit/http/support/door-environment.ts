/**
 * The environment the door handlers check when their module loads (each handler module builds its
 * AWS dependencies at module scope and fails the cold start on a missing variable). Import this
 * FIRST in a test file that imports handler modules: ES modules evaluate in import order, so these
 * are set before any handler module runs. Values only fill gaps; tests hand in-memory dependencies
 * to the handler factories, so nothing here is ever contacted.
 */
const DOOR_TEST_ENVIRONMENT: Readonly<Record<string, string>> = {
  TABLE_NAME: 'mto-flow-test',
  EVENT_BUS_NAME: 'mto-flow-test',
  ORDER_STATE_MACHINE_ARN: 'arn:aws:states:us-east-1:123456789012:stateMachine:mto-flow-test-order-lifecycle',
  PUBLIC_BASE_URL: 'https://api.mto.example/test',
  SENDER_EMAIL: 'orders@mto.example',
  SLACK_CHANNEL: 'C0TEST',
  AWS_REGION: 'us-east-1',
};

for (const [name, value] of Object.entries(DOOR_TEST_ENVIRONMENT)) {
  process.env[name] ??= value;
}
