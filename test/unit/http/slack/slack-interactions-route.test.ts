// Before the handler modules: they check their environment when they load.
import '../support/door-environment';
import { createHmac } from 'node:crypto';
import { describe, expect, it, vi } from 'vitest';
import { createSlackInteractionsHandler } from '../../../../functions/http/slack/slack-interactions.handler';
import { apiEvent, givenPendingApproval, invoke, memoryDoors, problemOf, SLACK_SIGNING_SECRET } from '../support/http-test-kit';

// Refusals are logged at INFO; keep test output to the results (hoisted above the imports).
vi.hoisted(() => {
  process.env.POWERTOOLS_LOG_LEVEL = 'SILENT';
});

const SLACK_USERS = { U024BE7LH: 'eng@acme.example', U0OUTSIDER: 'sales@acme.example' };

function doorsWithSlack() {
  return memoryDoors({ slackUserEmails: SLACK_USERS });
}

function interactionBody(payload: unknown): string {
  return `payload=${encodeURIComponent(JSON.stringify(payload))}`;
}

function clickPayload(actionId: string, userId = 'U024BE7LH', approvalId = 'apr-0001') {
  return {
    type: 'block_actions',
    user: { id: userId, username: 'someone', team_id: 'T0001' },
    api_app_id: 'A0001',
    token: 'legacy-verification-token',
    container: { type: 'message', message_ts: '1700000000.000100', channel_id: 'C0APPROVALS', is_ephemeral: false },
    trigger_id: '123.456.abc',
    team: { id: 'T0001', domain: 'acme' },
    channel: { id: 'C0APPROVALS', name: 'approvals' },
    response_url: 'https://hooks.slack.com/actions/T0001/1/abc',
    actions: [{ action_id: actionId, block_id: `approval:${approvalId}`, value: approvalId, type: 'button', action_ts: '1700000001.000200' }],
  };
}

/** Signed exactly as Slack documents: `v0=` + hex HMAC-SHA256 of `v0:{timestamp}:{raw body}` (computed here, not by our code). */
function slackRequest(body: string, timestamp: number, secret = SLACK_SIGNING_SECRET) {
  const signature = `v0=${createHmac('sha256', secret).update(`v0:${timestamp}:${body}`).digest('hex')}`;
  return apiEvent({
    method: 'POST',
    path: '/slack/interactions',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded', 'X-Slack-Request-Timestamp': String(timestamp), 'X-Slack-Signature': signature },
    body,
  });
}

function nowSeconds(doors: ReturnType<typeof memoryDoors>): number {
  return Math.floor(doors.clock.now().getTime() / 1000);
}

describe('POST /slack/interactions', () => {
  describe('a signed click on an approval message', () => {
    it('is accepted: decides as the mapped approver, resumes the workflow and updates the message', async () => {
      // Prepare
      const doors = doorsWithSlack();
      const { taskToken } = await givenPendingApproval(doors);
      const handler = createSlackInteractionsHandler(doors.deps);

      // Act
      const result = await invoke(handler, slackRequest(interactionBody(clickPayload('approval.approve')), nowSeconds(doors)));

      // Assess
      expect(result.statusCode).toBe(200);
      expect(result.body).toBe('');
      expect((await doors.adapters.approvals.get('apr-0001'))?.decision).toMatchObject({ outcome: 'approved', decidedBy: 'eng@acme.example', channel: 'slack' });
      expect(doors.adapters.workflow.taskResults).toHaveLength(1);
      expect(doors.adapters.workflow.taskResults[0]).toMatchObject({ taskToken, kind: 'success', output: { outcome: 'approved', channel: 'slack' } });
      expect(doors.adapters.outbox.chatOutcomes).toHaveLength(1);
      expect(doors.adapters.outbox.chatOutcomes[0]).toMatchObject({
        ref: { channel: 'C0APPROVALS', ts: '1700000000.000100' },
        outcome: { approvalId: 'apr-0001', summary: 'Approved by eng@acme.example at 2026-03-02 10:00:00 UTC (slack)' },
      });
      expect(JSON.stringify(doors.adapters.outbox.chatOutcomes)).not.toContain(taskToken);
    });

    it('decides nothing on a Reject click: the button opens the signed page, where a rejection needs a comment', async () => {
      // Prepare
      const doors = doorsWithSlack();
      await givenPendingApproval(doors);
      const handler = createSlackInteractionsHandler(doors.deps);

      // Act
      const result = await invoke(handler, slackRequest(interactionBody(clickPayload('approval.reject')), nowSeconds(doors)));

      // Assess
      expect(result.statusCode).toBe(200);
      expect(result.body).toBe('');
      expect((await doors.adapters.approvals.get('apr-0001'))?.status).toBe('pending');
      expect(doors.adapters.workflow.taskResults).toHaveLength(0);
      expect(doors.adapters.outbox.chatOutcomes).toHaveLength(0);
    });
  });

  describe('refused requests', () => {
    it('refuses the same request with one byte of the body changed (403)', async () => {
      // Prepare
      const doors = doorsWithSlack();
      await givenPendingApproval(doors);
      const handler = createSlackInteractionsHandler(doors.deps);
      const event = slackRequest(interactionBody(clickPayload('approval.approve')), nowSeconds(doors));
      const body = event.body ?? '';
      const changed = `${body.slice(0, 20)}${body[20] === 'a' ? 'b' : 'a'}${body.slice(21)}`;

      // Act
      const result = await invoke(handler, { ...event, body: changed });

      // Assess
      expect(result.statusCode).toBe(403);
      expect(problemOf(result)).toMatchObject({ type: 'urn:mto-flow:problem:signature-invalid', status: 403 });
      expect((await doors.adapters.approvals.get('apr-0001'))?.status).toBe('pending');
    });

    it('refuses a request signed with another secret (403)', async () => {
      // Prepare
      const doors = doorsWithSlack();
      const handler = createSlackInteractionsHandler(doors.deps);

      // Act
      const result = await invoke(handler, slackRequest(interactionBody(clickPayload('approval.approve')), nowSeconds(doors), 'not-our-signing-secret'));

      // Assess
      expect(result.statusCode).toBe(403);
    });

    it.each([
      ['more than 5 minutes old', -301],
      ['more than 5 minutes ahead', 301],
    ])('refuses a timestamp %s (403), even correctly signed', async (_label, offset) => {
      // Prepare
      const doors = doorsWithSlack();
      await givenPendingApproval(doors);
      const handler = createSlackInteractionsHandler(doors.deps);

      // Act
      const result = await invoke(handler, slackRequest(interactionBody(clickPayload('approval.approve')), nowSeconds(doors) + offset));

      // Assess
      expect(result.statusCode).toBe(403);
      expect(problemOf(result).type).toBe('urn:mto-flow:problem:signature-timestamp-out-of-window');
    });

    it('accepts a timestamp just inside the window (5 minutes old)', async () => {
      // Prepare
      const doors = doorsWithSlack();
      await givenPendingApproval(doors);
      const handler = createSlackInteractionsHandler(doors.deps);

      // Act
      const result = await invoke(handler, slackRequest(interactionBody(clickPayload('approval.approve')), nowSeconds(doors) - 300));

      // Assess
      expect(result.statusCode).toBe(200);
    });

    it('refuses a request without the signature headers (403)', async () => {
      // Prepare
      const doors = doorsWithSlack();
      const handler = createSlackInteractionsHandler(doors.deps);

      // Act
      const result = await invoke(handler, apiEvent({ method: 'POST', body: interactionBody(clickPayload('approval.approve')) }));

      // Assess
      expect(result.statusCode).toBe(403);
      expect(problemOf(result).detail).toContain('X-Slack-Request-Timestamp');
    });

    it('refuses a Slack user who maps to no approver email (403)', async () => {
      // Prepare
      const doors = doorsWithSlack();
      await givenPendingApproval(doors);
      const handler = createSlackInteractionsHandler(doors.deps);

      // Act
      const result = await invoke(handler, slackRequest(interactionBody(clickPayload('approval.approve', 'U0STRANGER')), nowSeconds(doors)));

      // Assess
      expect(result.statusCode).toBe(403);
      expect(problemOf(result).type).toBe('urn:mto-flow:problem:not-an-approver');
    });

    it('refuses a known Slack user who is not one of this approval\'s approvers (403)', async () => {
      // Prepare
      const doors = doorsWithSlack();
      await givenPendingApproval(doors);
      const handler = createSlackInteractionsHandler(doors.deps);

      // Act
      const result = await invoke(handler, slackRequest(interactionBody(clickPayload('approval.approve', 'U0OUTSIDER')), nowSeconds(doors)));

      // Assess
      expect(result.statusCode).toBe(403);
      expect((await doors.adapters.approvals.get('apr-0001'))?.status).toBe('pending');
    });

    it('answers a late click with 409 and updates the message to show who was first', async () => {
      // Prepare
      const doors = doorsWithSlack();
      await givenPendingApproval(doors, { slackMessage: { channel: 'C0APPROVALS', ts: '1700000000.000100' } });
      await doors.adapters.approvals.recordDecision('apr-0001', { outcome: 'rejected', decidedBy: 'cto@acme.example', decidedAt: '2026-03-02T09:59:00.000Z', channel: 'email', comment: 'No' });
      const handler = createSlackInteractionsHandler(doors.deps);

      // Act
      const result = await invoke(handler, slackRequest(interactionBody(clickPayload('approval.approve')), nowSeconds(doors)));

      // Assess
      expect(result.statusCode).toBe(409);
      expect(problemOf(result)).toMatchObject({ decision: { decidedBy: 'cto@acme.example', outcome: 'rejected' } });
      expect(doors.adapters.outbox.chatOutcomes[0]?.outcome.summary).toBe('Rejected by cto@acme.example at 2026-03-02 09:59:00 UTC (email)');
    });

    it('refuses a body without the payload field (400) and a payload that is not JSON (400)', async () => {
      // Prepare
      const doors = doorsWithSlack();
      const handler = createSlackInteractionsHandler(doors.deps);

      // Act
      const missing = await invoke(handler, slackRequest('command=%2Fapprove', nowSeconds(doors)));
      const broken = await invoke(handler, slackRequest('payload=%7Bnot-json', nowSeconds(doors)));

      // Assess
      expect(missing.statusCode).toBe(400);
      expect(broken.statusCode).toBe(400);
      expect(problemOf(broken).type).toBe('urn:mto-flow:problem:malformed-request');
    });

    it('refuses an oversize body (413)', async () => {
      // Prepare
      const doors = doorsWithSlack();
      const handler = createSlackInteractionsHandler(doors.deps);

      // Act
      const result = await invoke(handler, slackRequest(`payload=${'x'.repeat(140 * 1024)}`, nowSeconds(doors)));

      // Assess
      expect(result.statusCode).toBe(413);
    });
  });

  describe('interactions that need nothing', () => {
    it('acknowledges other interaction types and other buttons without acting', async () => {
      // Prepare
      const doors = doorsWithSlack();
      await givenPendingApproval(doors);
      const handler = createSlackInteractionsHandler(doors.deps);

      // Act
      const modal = await invoke(handler, slackRequest(interactionBody({ type: 'view_submission', user: { id: 'U024BE7LH' } }), nowSeconds(doors)));
      const otherButton = await invoke(handler, slackRequest(interactionBody(clickPayload('approval.open')), nowSeconds(doors)));

      // Assess
      expect(modal.statusCode).toBe(200);
      expect(otherButton.statusCode).toBe(200);
      expect((await doors.adapters.approvals.get('apr-0001'))?.status).toBe('pending');
    });
  });
});

describe('acknowledging fast', () => {
  it('answers within the time budget when the message update hangs; the decision stands', async () => {
    // Prepare
    const doors = doorsWithSlack();
    await givenPendingApproval(doors);
    vi.spyOn(doors.adapters.outbox, 'showOutcome').mockImplementation(() => new Promise(() => undefined));
    const handler = createSlackInteractionsHandler(doors.deps);
    const started = Date.now();

    // Act
    const result = await invoke(handler, slackRequest(interactionBody(clickPayload('approval.approve')), nowSeconds(doors)));

    // Assess
    expect(result.statusCode).toBe(200);
    expect(Date.now() - started).toBeLessThan(2500);
    expect((await doors.adapters.approvals.get('apr-0001'))?.status).toBe('approved');
  });
});
