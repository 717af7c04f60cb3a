/** Builder of the doors' Slack approval chat, for composeDoorDependencies; its bot token is a secret. */
import { SlackApprovalChat } from '../../adapters/slack/approval-chat.slack';
import { slackBotTokenSecretName } from '../../shared/config';
import type { DoorAdapterBuilder } from './door-composition';
import { secretStoreOf } from './door-adapters.secrets';

export const approvalChat: DoorAdapterBuilder<'approvalChat'> = (config) => {
  const slackApiUrl = config.slackApiUrl();
  const secretStore = secretStoreOf(config);
  return new SlackApprovalChat({
    token: () => secretStore.getSecret(slackBotTokenSecretName(config.secretsPrefix())),
    channel: config.slackChannel(),
    ...(slackApiUrl ? { slackApiUrl } : {}),
  });
};

