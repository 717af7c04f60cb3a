/**
 * What we read from Slack's interaction payloads (`payload=<JSON>` form field), leniently: Slack
 * adds fields over time, so unknown fields are ignored, and only `block_actions` from our approval
 * buttons are acted on.
 */
import * as z from 'zod/mini';
import { SLACK_ACTIONS } from '../../adapters/slack/approval-chat.slack';

/** The `action_id`s of the buttons on approval messages, as the Slack notifier sets them. */
export const SLACK_APPROVE_ACTION_ID = SLACK_ACTIONS.approve;
export const SLACK_REJECT_ACTION_ID = SLACK_ACTIONS.reject;

export const SlackBlockActionsSchema = z.object({
  type: z.literal('block_actions'),
  user: z.object({ id: z.string().check(z.minLength(1), z.maxLength(64)), username: z.optional(z.string()), name: z.optional(z.string()) }),
  team: z.optional(z.partial(z.object({ id: z.string() }))),
  channel: z.optional(z.partial(z.object({ id: z.string() }))),
  container: z.optional(z.partial(z.object({ channel_id: z.optional(z.string()), message_ts: z.optional(z.string()) }))),
  actions: z
    .array(
      z.object({
        action_id: z.string().check(z.maxLength(255)),
        /** The approval id: buttons never carry the task token. */
        value: z.optional(z.string().check(z.maxLength(2000))),
      }),
    )
    .check(z.minLength(1)),
});

export type SlackBlockActions = z.infer<typeof SlackBlockActionsSchema>;

/** The form Slack posts: documented for the OpenAPI document. */
export const SlackInteractionFormSchema = z
  .object({ payload: z.string().register(z.globalRegistry, { description: 'The interaction as JSON (Slack `block_actions` payload).' }) })
  .register(z.globalRegistry, {
    id: 'SlackInteractionForm',
    examples: [
      {
        payload: JSON.stringify({
          type: 'block_actions',
          user: { id: 'U024BE7LH', username: 'engineering' },
          container: { channel_id: 'C0123456789', message_ts: '1700000000.000100' },
          actions: [{ action_id: SLACK_APPROVE_ACTION_ID, value: 'apr_01J9ZK3V6Y2W8X4Q5R7S9T0U1V' }],
        }),
      },
    ],
  });
