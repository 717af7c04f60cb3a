// Before the handler modules: they check their environment when they load.
import '../support/door-environment';
import { describe, expect, it, vi } from 'vitest';
import { createDecideApprovalHandler } from '../../../../functions/http/approvals/decide-approval.handler';
import { createResendApprovalLinkHandler } from '../../../../functions/http/approvals/resend-approval-link.handler';
import { createShowApprovalPageHandler } from '../../../../functions/http/approvals/show-approval-page.handler';
import { apiEvent, givenPendingApproval, invoke, jsonOf, jsonPost, memoryDoors, problemOf } from '../support/http-test-kit';

// Refusals are logged at INFO; keep test output to the results (hoisted above the imports).
vi.hoisted(() => {
  process.env.POWERTOOLS_LOG_LEVEL = 'SILENT';
});

const decision = (body: unknown, approvalId = 'apr-0001') => jsonPost(`/approvals/${approvalId}/decision`, body, { pathParameters: { approvalId } });
const resend = (body: unknown, approvalId = 'apr-0001') => jsonPost(`/approvals/${approvalId}/resend`, body, { pathParameters: { approvalId } });

describe('POST /approvals/{approvalId}/decision (API channel)', () => {
  it('records the decision and resumes the waiting step', async () => {
    // Prepare
    const doors = memoryDoors();
    const { taskToken } = await givenPendingApproval(doors);

    // Act
    const result = await invoke(createDecideApprovalHandler(doors.deps), decision({ outcome: 'approved', decidedBy: 'CTO@acme.example' }));

    // Assess
    expect(result.statusCode).toBe(200);
    expect(jsonOf(result)).toEqual({ approvalId: 'apr-0001', orderId: 'ord-0001', outcome: 'approved', decidedBy: 'cto@acme.example', decidedAt: '2026-03-02T10:00:00.000Z', channel: 'api' });
    expect(doors.adapters.workflow.taskResults[0]).toMatchObject({ taskToken, output: { outcome: 'approved', channel: 'api' } });
  });

  it('refuses bad input: malformed JSON (400), missing and mistyped fields (422), rejection without comment (422)', async () => {
    // Prepare
    const doors = memoryDoors();
    await givenPendingApproval(doors);
    const handler = createDecideApprovalHandler(doors.deps);

    // Act
    const malformed = await invoke(handler, decision('{"outcome":'));
    const mistyped = await invoke(handler, decision({ outcome: 'maybe', decidedBy: 'not-an-email' }));
    const noComment = await invoke(handler, decision({ outcome: 'rejected', decidedBy: 'eng@acme.example' }));

    // Assess
    expect(malformed.statusCode).toBe(400);
    expect(mistyped.statusCode).toBe(422);
    expect(problemOf(mistyped).errors?.map((error) => `${error.path}:${error.rule}`)).toEqual(expect.arrayContaining(['outcome:enum', 'decidedBy:format']));
    expect(noComment.statusCode).toBe(422);
    expect(problemOf(noComment).errors).toEqual([expect.objectContaining({ path: 'comment', rule: 'required-for-reject' })]);
  });

  it('refuses a decider who is not an approver (403), an unknown approval (404), a second decision (409)', async () => {
    // Prepare
    const doors = memoryDoors();
    await givenPendingApproval(doors);
    const handler = createDecideApprovalHandler(doors.deps);

    // Act
    const stranger = await invoke(handler, decision({ outcome: 'approved', decidedBy: 'someone@else.example' }));
    const unknown = await invoke(handler, decision({ outcome: 'approved', decidedBy: 'eng@acme.example' }, 'apr-9999'));
    await invoke(handler, decision({ outcome: 'approved', decidedBy: 'eng@acme.example' }));
    const second = await invoke(handler, decision({ outcome: 'rejected', decidedBy: 'cto@acme.example', comment: 'no' }));

    // Assess
    expect(stranger.statusCode).toBe(403);
    expect(unknown.statusCode).toBe(404);
    expect(second.statusCode).toBe(409);
    expect(problemOf(second)).toMatchObject({ decision: { decidedBy: 'eng@acme.example', outcome: 'approved', channel: 'api' } });
  });

  it('answers 410 for an approval that expired unanswered', async () => {
    // Prepare
    const doors = memoryDoors();
    await givenPendingApproval(doors);
    await doors.adapters.approvals.expire('apr-0001');

    // Act
    const result = await invoke(createDecideApprovalHandler(doors.deps), decision({ outcome: 'approved', decidedBy: 'eng@acme.example' }));

    // Assess
    expect(result.statusCode).toBe(410);
    expect(problemOf(result).type).toBe('urn:mto-flow:problem:approval-closed');
  });
});

describe('POST /approvals/{approvalId}/resend', () => {
  it('emails every approver a new link of the next generation, and the old links stop working', async () => {
    // Prepare
    const doors = memoryDoors();
    await givenPendingApproval(doors);

    // Act
    const result = await invoke(createResendApprovalLinkHandler(doors.deps), resend({ reason: 'Email lost' }));

    // Assess
    expect(result.statusCode).toBe(200);
    expect(jsonOf(result)).toEqual({ approvalId: 'apr-0001', linkGeneration: 2, sentTo: ['eng@acme.example', 'cto@acme.example'] });
    expect(doors.adapters.outbox.emails.map((email) => email.to)).toEqual([['eng@acme.example'], ['cto@acme.example']]);
    const link = /https:\/\/api\.mto\.example\/prod\/approvals\/apr-0001\?[^\s"]+/.exec(doors.adapters.outbox.emails[0]?.text ?? '')?.[0] ?? '';
    const query = Object.fromEntries(new URL(link).searchParams);
    expect(query.g).toBe('2');
    const page = await invoke(createShowApprovalPageHandler(doors.deps), apiEvent({ pathParameters: { approvalId: 'apr-0001' }, query, headers: { Accept: 'text/html' } }));
    expect(page.statusCode).toBe(200);
    const oldPage = await invoke(createShowApprovalPageHandler(doors.deps), apiEvent({ pathParameters: { approvalId: 'apr-0001' }, query: { ...query, g: '1' }, headers: { Accept: 'application/json' } }));
    expect(oldPage.statusCode).toBe(403);
  });

  it('accepts an empty body, refuses a decided approval (409) and an unknown one (404)', async () => {
    // Prepare
    const doors = memoryDoors();
    await givenPendingApproval(doors);
    const handler = createResendApprovalLinkHandler(doors.deps);

    // Act
    const empty = await invoke(handler, resend(''));
    await doors.adapters.approvals.recordDecision('apr-0001', { outcome: 'approved', decidedBy: 'eng@acme.example', decidedAt: '2026-03-02T10:00:00.000Z', channel: 'email' });
    const decided = await invoke(handler, resend({}));
    const unknown = await invoke(handler, resend({}, 'apr-9999'));

    // Assess
    expect(empty.statusCode).toBe(200);
    expect(decided.statusCode).toBe(409);
    expect(unknown.statusCode).toBe(404);
  });
});
