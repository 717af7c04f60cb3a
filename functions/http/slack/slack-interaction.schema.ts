/**
 * What we read from Slack's interaction payloads (`payload=<JSON>` form field), leniently: Slack
 * adds fields over time, so unknown fields are ignored, and only `block_actions` from our approval
 * buttons are acted on.
 */
import * as z from 'zod';
import { SLACK_ACTIONS } from '../../adapters/slack/approval-chat.slack';

/** The `action_id`s of the buttons on approval messages, as the Slack notifier sets them. */
export const SLACK_APPROVE_ACTION_ID = SLACK_ACTIONS.approve;
export const SLACK_REJECT_ACTION_ID = SLACK_ACTIONS.reject;

export const SlackBlockActionsSchema = z.object({
  type: z.literal('block_actions'),
  user: z.object({ id: z.string().min(1).max(64), username: z.string().optional(), name: z.string().optional() }),
  team: z.object({ id: z.string() }).partial().optional(),
  channel: z.object({ id: z.string() }).partial().optional(),
  container: z.object({ channel_id: z.string().optional(), message_ts: z.string().optional() }).partial().optional(),
  actions: z
    .array(
      z.object({
        action_id: z.string().max(255),
        /** The approval id: buttons never carry the task token. */
        value: z.string().max(2000).optional(),
      }),
    )
    .min(1),
});

export type SlackBlockActions = z.infer<typeof SlackBlockActionsSchema>;

/** The form Slack posts: documented for the OpenAPI document. */
export const SlackInteractionFormSchema = z
  .object({ payload: z.string().meta({ description: 'The interaction as JSON (Slack `block_actions` payload).' }) })
  .meta({
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
