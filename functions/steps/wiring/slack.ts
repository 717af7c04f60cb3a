/**
 * Adapters for the step handlers, built once per container on first use. Split by what they pull
 * in, so each handler's bundle carries only the clients it uses. Endpoints come from the standard
 * `AWS_ENDPOINT_URL_<SERVICE>` variables and `SLACK_API_URL`: locally they point at DynamoDB Local,
 * the local engine and the outboxes; on AWS they are unset. Configuration, not code paths.
 */
import { SlackApprovalChat } from '../../adapters/slack/approval-chat.slack';
import { slackBotTokenSecretName } from '../../shared/config';
import { config, once } from './data';
import { secrets } from './approval-links';

export const chat = /* @__PURE__ */ once(() => {
  const slackApiUrl = config.slackApiUrl();
  return new SlackApprovalChat({
    token: () => secrets().getSecret(slackBotTokenSecretName(config.secretsPrefix())),
    channel: config.slackChannel(),
    ...(slackApiUrl === undefined ? {} : { slackApiUrl }),
  });
});
