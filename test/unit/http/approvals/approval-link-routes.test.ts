// Before the handler modules: they check their environment when they load.
import '../support/door-environment';
import { describe, expect, it, vi } from 'vitest';
import { createDecideApprovalFromLinkHandler } from '../../../../functions/http/approvals/decide-approval-from-link.handler';
import { createShowApprovalPageHandler } from '../../../../functions/http/approvals/show-approval-page.handler';
import { signApprovalLinkQuery, type ApprovalLinkClaims } from '../../../../functions/shared/security/approval-link';
import { apiEvent, givenPendingApproval, invoke, LINK_SIGNING_KEY, memoryDoors, problemOf } from '../support/http-test-kit';

// Refusals are logged at INFO; keep test output to the results (hoisted above the imports).
vi.hoisted(() => {
  process.env.POWERTOOLS_LOG_LEVEL = 'SILENT';
});

type Doors = ReturnType<typeof memoryDoors>;

function linkQuery(doors: Doors, overrides: Partial<ApprovalLinkClaims> = {}, key = LINK_SIGNING_KEY): Record<string, string> {
  const claims: ApprovalLinkClaims = {
    approvalId: 'apr-0001',
    approver: 'eng@acme.example',
    generation: 1,
    expiresAtEpochSeconds: Math.floor(doors.clock.now().getTime() / 1000) + 24 * 3600,
    ...overrides,
  };
  return Object.fromEntries(new URLSearchParams(signApprovalLinkQuery(claims, key)));
}

function pageEvent(query: Record<string, string>, options: { approvalId?: string; accept?: string } = {}) {
  return apiEvent({
    method: 'GET',
    path: `/approvals/${options.approvalId ?? 'apr-0001'}`,
    resource: '/approvals/{approvalId}',
    pathParameters: { approvalId: options.approvalId ?? 'apr-0001' },
    query,
    headers: options.accept ? { Accept: options.accept } : { Accept: 'text/html' },
  });
}

function decisionEvent(query: Record<string, string>, form: string, options: { accept?: string } = {}) {
  return apiEvent({
    method: 'POST',
    path: '/approvals/apr-0001',
    resource: '/approvals/{approvalId}',
    pathParameters: { approvalId: 'apr-0001' },
    query,
    headers: { 'Content-Type': 'application/x-www-form-urlencoded', Accept: options.accept ?? 'text/html' },
    body: form,
  });
}

describe('approval link routes', () => {
  describe('GET /approvals/{approvalId} (confirmation page)', () => {
    it('renders what is being approved, with approve and reject buttons, and decides nothing', async () => {
      // Prepare
      const doors = memoryDoors();
      const { approval, taskToken } = await givenPendingApproval(doors);
      const handler = createShowApprovalPageHandler(doors.deps);

      // Act
      const result = await invoke(handler, pageEvent(linkQuery(doors)));

      // Assess
      expect(result.statusCode).toBe(200);
      expect(result.headers?.['Content-Type']).toBe('text/html; charset=utf-8');
      expect(result.headers?.['Referrer-Policy']).toBe('no-referrer');
      expect(result.body).toContain('Design revision 1 of order ord-0001 (oak dining table)');
      expect(result.body).toContain('DT-2000-OAK rev 1');
      expect(result.body).toContain('value="approve"');
      expect(result.body).toContain('value="reject"');
      expect(result.body).not.toContain(taskToken);
      expect((await doors.adapters.approvals.get(approval.approvalId))?.status).toBe('pending');
      expect(doors.adapters.workflow.taskResults).toHaveLength(0);
    });

    it.each([
      ['a changed signature', (query: Record<string, string>) => ({ ...query, sig: `${query.sig?.slice(0, -2) ?? ''}AA` })],
      ['a changed approver', (query: Record<string, string>) => ({ ...query, approver: 'mallory@evil.example' })],
      ['a later expiry', (query: Record<string, string>) => ({ ...query, exp: String(Number(query.exp) + 86_400) })],
      ['a changed generation', (query: Record<string, string>) => ({ ...query, g: '2' })],
      ['no signature', (query: Record<string, string>) => ({ approver: query.approver ?? '', g: query.g ?? '', exp: query.exp ?? '' })],
    ])('refuses a link with %s as tampered (403)', async (_label, tamper) => {
      // Prepare
      const doors = memoryDoors();
      await givenPendingApproval(doors);
      const handler = createShowApprovalPageHandler(doors.deps);

      // Act
      const result = await invoke(handler, pageEvent(tamper(linkQuery(doors)), { accept: 'application/problem+json' }));

      // Assess
      expect(result.statusCode).toBe(403);
      const problem = problemOf(result);
      expect(problem.type).toBe('urn:mto-flow:problem:signature-invalid');
      expect(problem.status).toBe(403);
    });

    it('refuses a link signed with another key (403), and shows an HTML page to a browser', async () => {
      // Prepare
      const doors = memoryDoors();
      await givenPendingApproval(doors);
      const handler = createShowApprovalPageHandler(doors.deps);

      // Act
      const result = await invoke(handler, pageEvent(linkQuery(doors, {}, 'some-other-key-entirely-0123456789')));

      // Assess
      expect(result.statusCode).toBe(403);
      expect(result.headers?.['Content-Type']).toBe('text/html; charset=utf-8');
      expect(result.body).toContain('Signature invalid');
    });

    it('refuses an expired link (410)', async () => {
      // Prepare
      const doors = memoryDoors();
      await givenPendingApproval(doors);
      const handler = createShowApprovalPageHandler(doors.deps);
      const query = linkQuery(doors, { expiresAtEpochSeconds: Math.floor(doors.clock.now().getTime() / 1000) + 60 });
      doors.clock.advanceSeconds(61);

      // Act
      const result = await invoke(handler, pageEvent(query, { accept: 'application/json' }));

      // Assess
      expect(result.statusCode).toBe(410);
      expect(problemOf(result).type).toBe('urn:mto-flow:problem:link-expired');
    });

    it('refuses a link revoked by a re-send (410)', async () => {
      // Prepare
      const doors = memoryDoors();
      const { approval } = await givenPendingApproval(doors);
      await doors.adapters.approvals.reissue(approval.approvalId, { callbackId: approval.callbackId, expiresAt: approval.expiresAt });
      const handler = createShowApprovalPageHandler(doors.deps);

      // Act
      const result = await invoke(handler, pageEvent(linkQuery(doors, { generation: 1 }), { accept: 'application/json' }));

      // Assess
      expect(result.statusCode).toBe(410);
      expect(problemOf(result).type).toBe('urn:mto-flow:problem:link-revoked');
    });

    it('answers 404 for a correctly signed link to an approval that does not exist', async () => {
      // Prepare
      const doors = memoryDoors();
      const handler = createShowApprovalPageHandler(doors.deps);

      // Act
      const result = await invoke(handler, pageEvent(linkQuery(doors), { accept: 'application/json' }));

      // Assess
      expect(result.statusCode).toBe(404);
      expect(problemOf(result).type).toBe('urn:mto-flow:problem:not-found');
    });

    it('answers 404 for an approval id that cannot exist', async () => {
      // Prepare
      const doors = memoryDoors();
      const handler = createShowApprovalPageHandler(doors.deps);

      // Act
      const result = await invoke(handler, pageEvent(linkQuery(doors), { approvalId: 'apr%00<script>', accept: 'application/json' }));

      // Assess
      expect(result.statusCode).toBe(404);
      expect(problemOf(result).status).toBe(404);
    });
  });

  describe('POST /approvals/{approvalId} (the decision)', () => {
    it('records an approval and resumes the waiting step with who decided, never showing the token', async () => {
      // Prepare
      const doors = memoryDoors();
      const { taskToken } = await givenPendingApproval(doors);
      const handler = createDecideApprovalFromLinkHandler(doors.deps);

      // Act
      const result = await invoke(handler, decisionEvent(linkQuery(doors), 'decision=approve&comment=Looks+good'));

      // Assess
      expect(result.statusCode).toBe(200);
      expect(result.body).toContain('Approved by eng@acme.example');
      expect(result.body).not.toContain(taskToken);
      expect(doors.adapters.workflow.taskResults).toEqual([
        {
          taskToken,
          kind: 'success',
          output: {
            approvalId: 'apr-0001',
            outcome: 'approved',
            decidedBy: 'eng@acme.example',
            decidedAt: '2026-03-02T10:00:00.000Z',
            channel: 'email',
            comment: 'Looks good',
          },
        },
      ]);
      expect((await doors.adapters.approvals.get('apr-0001'))?.status).toBe('approved');
    });

    it('records a rejection with its comment', async () => {
      // Prepare
      const doors = memoryDoors();
      await givenPendingApproval(doors);
      const handler = createDecideApprovalFromLinkHandler(doors.deps);

      // Act
      const result = await invoke(handler, decisionEvent(linkQuery(doors), 'decision=reject&comment=Legs+20+mm+thicker'));

      // Assess
      expect(result.statusCode).toBe(200);
      const stored = await doors.adapters.approvals.get('apr-0001');
      expect(stored?.decision).toMatchObject({ outcome: 'rejected', comment: 'Legs 20 mm thicker', channel: 'email' });
    });

    it('refuses a rejection without a comment (422 naming the comment)', async () => {
      // Prepare
      const doors = memoryDoors();
      await givenPendingApproval(doors);
      const handler = createDecideApprovalFromLinkHandler(doors.deps);

      // Act
      const result = await invoke(handler, decisionEvent(linkQuery(doors), 'decision=reject', { accept: 'application/problem+json' }));

      // Assess
      expect(result.statusCode).toBe(422);
      expect(problemOf(result).errors).toEqual([{ path: 'comment', rule: 'required-for-reject', message: 'A rejection needs a comment saying what must change.' }]);
      expect(doors.adapters.workflow.taskResults).toHaveLength(0);
    });

    it('refuses an unknown decision value (422 naming the field and rule)', async () => {
      // Prepare
      const doors = memoryDoors();
      await givenPendingApproval(doors);
      const handler = createDecideApprovalFromLinkHandler(doors.deps);

      // Act
      const result = await invoke(handler, decisionEvent(linkQuery(doors), 'decision=maybe', { accept: 'application/json' }));

      // Assess
      expect(result.statusCode).toBe(422);
      expect(problemOf(result).errors?.[0]).toMatchObject({ path: 'decision', rule: 'enum' });
    });

    it('answers a second decision with a 409 page saying who decided what and when (single use)', async () => {
      // Prepare
      const doors = memoryDoors();
      await givenPendingApproval(doors);
      const handler = createDecideApprovalFromLinkHandler(doors.deps);
      await invoke(handler, decisionEvent(linkQuery(doors), 'decision=approve'));
      doors.clock.advanceSeconds(30);

      // Act
      const second = await invoke(handler, decisionEvent(linkQuery(doors, { approver: 'cto@acme.example' }), 'decision=reject&comment=No'));

      // Assess
      expect(second.statusCode).toBe(409);
      expect(second.headers?.['Content-Type']).toBe('text/html; charset=utf-8');
      expect(second.body).toContain('Approved by eng@acme.example at 2026-03-02T10:00:00.000Z (email)');
      expect(doors.adapters.workflow.taskResults).toHaveLength(1);
    });

    it('tells a late decider as problem+json who decided when asked for JSON', async () => {
      // Prepare
      const doors = memoryDoors();
      await givenPendingApproval(doors);
      const handler = createDecideApprovalFromLinkHandler(doors.deps);
      await invoke(handler, decisionEvent(linkQuery(doors), 'decision=approve'));

      // Act
      const reused = await invoke(handler, decisionEvent(linkQuery(doors), 'decision=approve', { accept: 'application/json' }));

      // Assess
      expect(reused.statusCode).toBe(409);
      expect(problemOf(reused)).toMatchObject({
        type: 'urn:mto-flow:problem:approval-already-decided',
        decision: { outcome: 'approved', decidedBy: 'eng@acme.example', decidedAt: '2026-03-02T10:00:00.000Z', channel: 'email' },
      });
    });

    it('refuses a correctly signed link of someone who is not an approver (403)', async () => {
      // Prepare
      const doors = memoryDoors();
      await givenPendingApproval(doors);
      const handler = createDecideApprovalFromLinkHandler(doors.deps);

      // Act
      const result = await invoke(handler, decisionEvent(linkQuery(doors, { approver: 'intern@acme.example' }), 'decision=approve', { accept: 'application/json' }));

      // Assess
      expect(result.statusCode).toBe(403);
      expect(problemOf(result).type).toBe('urn:mto-flow:problem:not-an-approver');
    });

    it('checks the approval expiry in code at the moment of the decision (410)', async () => {
      // Prepare
      const doors = memoryDoors();
      const now = doors.clock.now();
      await givenPendingApproval(doors, { expiresAt: new Date(now.getTime() + 60_000).toISOString() });
      const handler = createDecideApprovalFromLinkHandler(doors.deps);
      const query = linkQuery(doors, { expiresAtEpochSeconds: Math.floor(now.getTime() / 1000) + 3600 });
      doors.clock.advanceSeconds(120);

      // Act
      const result = await invoke(handler, decisionEvent(query, 'decision=approve', { accept: 'application/json' }));

      // Assess
      expect(result.statusCode).toBe(410);
      expect(problemOf(result).type).toBe('urn:mto-flow:problem:approval-expired');
      expect(doors.adapters.workflow.taskResults).toHaveLength(0);
    });

    it('refuses a tampered link before reading the form (403)', async () => {
      // Prepare
      const doors = memoryDoors();
      await givenPendingApproval(doors);
      const handler = createDecideApprovalFromLinkHandler(doors.deps);

      // Act
      const result = await invoke(handler, decisionEvent({ ...linkQuery(doors), approver: 'cto@acme.example' }, 'decision=approve', { accept: 'application/json' }));

      // Assess
      expect(result.statusCode).toBe(403);
      expect((await doors.adapters.approvals.get('apr-0001'))?.status).toBe('pending');
    });

    it('refuses an oversize form (413)', async () => {
      // Prepare
      const doors = memoryDoors();
      await givenPendingApproval(doors);
      const handler = createDecideApprovalFromLinkHandler(doors.deps);

      // Act
      const result = await invoke(handler, decisionEvent(linkQuery(doors), `decision=reject&comment=${'x'.repeat(20_000)}`, { accept: 'application/json' }));

      // Assess
      expect(result.statusCode).toBe(413);
      expect(problemOf(result)).toMatchObject({ type: 'urn:mto-flow:problem:payload-too-large', maxBytes: 16_384 });
    });
  });
});
