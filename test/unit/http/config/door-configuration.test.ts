// Before the handler modules: they check their environment when they load.
import '../support/door-environment';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { DoorConfigError, createDoorConfig } from '../../../../functions/http/shared/door-config';
import { createDoorDependencies } from '../../../../functions/http/shared/door-dependencies';

const COMPLETE_ENV = {
  TABLE_NAME: 'mto-flow-test',
  EVENT_BUS_NAME: 'mto-flow-test',
  ORDER_STATE_MACHINE_ARN: 'arn:aws:states:us-east-1:123456789012:stateMachine:lifecycle',
  PUBLIC_BASE_URL: 'https://api.mto.example/test',
  SENDER_EMAIL: 'orders@mto.example',
  SLACK_CHANNEL: 'C0TEST',
};

function without(name: keyof typeof COMPLETE_ENV): Record<string, string> {
  const { [name]: _removed, ...rest } = COMPLETE_ENV;
  return rest;
}

function configErrorOf(build: () => unknown): DoorConfigError | undefined {
  try {
    build();
  } catch (error) {
    if (error instanceof DoorConfigError) return error;
    throw error;
  }
  return undefined;
}

describe('the doors’ configuration', () => {
  describe('createDoorDependencies checks the settings of the ports it is given, at once', () => {
    it.each([
      [['orders'] as const, 'TABLE_NAME'],
      [['workflow'] as const, 'ORDER_STATE_MACHINE_ARN'],
      [['events'] as const, 'EVENT_BUS_NAME'],
      [['email'] as const, 'SENDER_EMAIL'],
      [['publicBaseUrl'] as const, 'PUBLIC_BASE_URL'],
      [['approvalChat'] as const, 'SLACK_CHANNEL'],
      [['suppliers'] as const, 'SENDER_EMAIL'],
    ] as const)('fails for %j naming %s when it is missing', (ports, variable) => {
      // Prepare
      const config = createDoorConfig(without(variable));

      // Act
      const error = configErrorOf(() => createDoorDependencies(ports, config));

      // Assess
      expect(error?.variable).toBe(variable);
      expect(error?.message).toBe(`Environment variable ${variable} is not set.`);
    });

    it('treats a blank value as missing', () => {
      // Prepare
      const config = createDoorConfig({ ...COMPLETE_ENV, TABLE_NAME: '   ' });

      // Act
      const error = configErrorOf(() => createDoorDependencies(['orders'], config));

      // Assess
      expect(error?.variable).toBe('TABLE_NAME');
    });

    it('reads nothing a handler does not use: the order queries need only TABLE_NAME', () => {
      // Prepare
      const config = createDoorConfig({ TABLE_NAME: 'mto-flow-test' });

      // Act
      const error = configErrorOf(() => createDoorDependencies(['orders'], config));

      // Assess
      expect(error).toBeUndefined();
    });

    it.each([
      [{ SLACK_USER_EMAILS: '{not json' }, ['slackUserEmails'] as const, 'SLACK_USER_EMAILS', 'is not valid JSON'],
      [{ SLACK_USER_EMAILS: '{"U024BE7LH":"not-an-email"}' }, ['slackUserEmails'] as const, 'SLACK_USER_EMAILS', 'must be a JSON object of Slack user id -> email'],
      [{ SECRETS_SOURCE: 'vault' }, ['secrets'] as const, 'SECRETS_SOURCE', "must be 'secrets-manager' or 'env'"],
      [{ SECRETS_SOURCE: 'env' }, ['secrets'] as const, 'MTO_SECRETS_JSON', 'is not set'],
      [{ SECRETS_SOURCE: 'env', MTO_SECRETS_JSON: '["a"]' }, ['approvalChat'] as const, 'MTO_SECRETS_JSON', 'must be a JSON object of secret name -> string value'],
    ] as const)('refuses malformed settings: %j', (extra, ports, variable, rule) => {
      // Prepare
      const config = createDoorConfig({ ...COMPLETE_ENV, ...extra });

      // Act
      const error = configErrorOf(() => createDoorDependencies(ports, config));

      // Assess
      expect(error?.variable).toBe(variable);
      expect(error?.message).toBe(`Environment variable ${variable} ${rule}.`);
    });

    it('never puts a value in the error, only the name', () => {
      // Prepare
      const secretJson = '{"mto-flow/slack-signing-secret": 42, "hint": "s3cr3t-value"}';
      const config = createDoorConfig({ ...COMPLETE_ENV, SECRETS_SOURCE: 'env', MTO_SECRETS_JSON: secretJson });

      // Act
      const error = configErrorOf(() => createDoorDependencies(['secrets'], config));

      // Assess
      expect(error?.variable).toBe('MTO_SECRETS_JSON');
      expect(error?.message).not.toContain('s3cr3t-value');
    });
  });

  describe('a handler module', () => {
    afterEach(() => {
      vi.unstubAllEnvs();
      vi.resetModules();
    });

    it('fails to load (the cold start) naming the missing variable, instead of answering 500 later', async () => {
      // Prepare
      vi.stubEnv('ORDER_STATE_MACHINE_ARN', undefined);
      vi.resetModules();

      // Act
      const loading = import('../../../../functions/http/orders/place-order.handler');

      // Assess
      await expect(loading).rejects.toMatchObject({ name: 'DoorConfigError', variable: 'ORDER_STATE_MACHINE_ARN' });
    });

    it('loads when only the variables its ports need are set', async () => {
      // Prepare
      for (const name of Object.keys(COMPLETE_ENV)) vi.stubEnv(name, undefined);
      vi.stubEnv('TABLE_NAME', 'mto-flow-test');
      vi.resetModules();

      // Act
      const module = await import('../../../../functions/http/orders/get-order.handler');

      // Assess
      expect(typeof module.handler).toBe('function');
    });
  });
});
