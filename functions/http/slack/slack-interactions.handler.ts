/**
 * POST /slack/interactions: Slack's interactivity requests. The v0 signature over the raw body is
 * checked first (5 minutes either way, constant-time); then an Approve click on an approval message
 * decides through the shared decision use case. A Reject click decides nothing: a rejection must carry
 * a comment, so the Reject button is a link to the approval's signed confirmation page (Slack opens it
 * in the browser and still tells us about the click, which we only acknowledge). Slack wants an
 * answer within 3 seconds: the work is a conditional write, one callback and one chat.update, and the
 * answer has no body.
 */
import { verifySlackSignature } from '../../shared/security/slack-signature';
import { createDecideApproval } from '../../use-cases/decide-approval';
import { createDecideApprovalFromSlack } from '../../use-cases/decide-approval-from-slack';
import { ID_PATTERN } from '../shared/common.schema';
import { approvalRepository, callbackRepository } from '../shared/door-adapters.dynamodb';
import { doorSecrets } from '../shared/door-adapters.secrets';
import { workflowGateway } from '../shared/door-adapters.sfn';
import { approvalChat } from '../shared/door-adapters.slack';
import { composeDoorDependencies, slackUserEmails, type DoorDependencies } from '../shared/door-composition';
import { MalformedRequestError } from '../shared/http-errors';
import { logger } from '../shared/http-logger';
import { httpRoute } from '../shared/http-route';
import { epochSeconds } from '../shared/path-ids';
import { header, parseJson, rawBody } from '../shared/request';
import { SLACK_APPROVE_ACTION_ID, SLACK_REJECT_ACTION_ID, SlackBlockActionsSchema } from './slack-interaction.schema';

export type SlackInteractionsDeps = Pick<DoorDependencies, 'approvals' | 'callbacks' | 'workflow' | 'approvalChat' | 'slackUserEmails' | 'secrets' | 'now'>;

const ACK = { statusCode: 200, headers: { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store' }, body: '' };

export function createSlackInteractionsHandler(deps: SlackInteractionsDeps) {
  return httpRoute({ operationId: 'handleSlackInteraction', maxBodyBytes: 128 * 1024 }, async (event) => {
    const body = rawBody(event);
    verifySlackSignature(
      { rawBody: body, timestampHeader: header(event, 'x-slack-request-timestamp'), signatureHeader: header(event, 'x-slack-signature') },
      await deps.secrets().slackSigningSecret(),
      epochSeconds(deps.now()),
    );
    const payloadText = new URLSearchParams(body).get('payload');
    if (payloadText === null) {
      throw new MalformedRequestError('Expected a form field "payload" holding the interaction as JSON.');
    }
    const interaction = SlackBlockActionsSchema.safeParse(parseJson(payloadText));
    const action = interaction.success ? interaction.data.actions.find((candidate) => candidate.action_id === SLACK_APPROVE_ACTION_ID) : undefined;
    // Anything else Slack sends us (other interaction types, the Reject and Details links, other
    // buttons) needs no action; the Reject link's page takes the decision with its comment.
    if (!interaction.success || !action?.value || !ID_PATTERN.test(action.value)) {
      if (interaction.success && interaction.data.actions.some((candidate) => candidate.action_id === SLACK_REJECT_ACTION_ID)) {
        logger.info('Slack reject click acknowledged; the decision is taken on the approval page, with a comment', { approvalId: interaction.data.actions[0]?.value?.slice(0, 100) });
      }
      return ACK;
    }
    const { container, user } = interaction.data;
    const decideFromSlack = createDecideApprovalFromSlack({
      decideApproval: createDecideApproval({ approvals: deps.approvals(), callbacks: deps.callbacks(), workflow: deps.workflow(), now: deps.now }),
      approvals: deps.approvals(),
      chat: deps.approvalChat(),
      slackUserEmails: deps.slackUserEmails(),
      onChatUpdateFailed: (approvalId, error) => logger.warn('Slack message not updated', { approvalId, error: error as Error }),
    });
    await decideFromSlack({
      approvalId: action.value,
      outcome: 'approved',
      slackUserId: user.id,
      ...(container?.channel_id && container.message_ts ? { message: { channel: container.channel_id, ts: container.message_ts } } : {}),
    });
    return ACK;
  });
}

export const handler = createSlackInteractionsHandler(composeDoorDependencies({ approvals: approvalRepository, callbacks: callbackRepository, workflow: workflowGateway, approvalChat, slackUserEmails, secrets: doorSecrets }));
