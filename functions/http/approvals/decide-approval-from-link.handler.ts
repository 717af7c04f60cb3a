/**
 * POST /approvals/{approvalId}?approver&g&exp&sig: the confirmation page's form. The signed link
 * (still in the query string) says who decides; the form says what. First valid decision wins.
 */
import { verifyApprovalLink } from '../../shared/security/approval-link';
import { createDecideApproval } from '../../use-cases/decide-approval';
import { approvalRepository, callbackRepository } from '../shared/door-adapters.dynamodb';
import { doorSecrets } from '../shared/door-adapters.secrets';
import { workflowGateway } from '../shared/door-adapters.sfn';
import { composeDoorDependencies, type DoorDependencies } from '../shared/door-composition';
import { logger } from '../shared/http-logger';
import { httpRoute } from '../shared/http-route';
import { epochSeconds, pathId } from '../shared/path-ids';
import { parseFormBody, validate } from '../shared/request';
import { htmlResponse } from '../shared/responses';
import { LinkDecisionFormSchema } from './approval-decision.schema';
import { renderDecisionRecordedPage, renderProblemPage } from './approval-pages';

export type DecideApprovalFromLinkDeps = Pick<DoorDependencies, 'approvals' | 'callbacks' | 'workflow' | 'now' | 'secrets'>;

export function createDecideApprovalFromLinkHandler(deps: DecideApprovalFromLinkDeps) {
  return httpRoute({ operationId: 'decideApprovalFromLink', maxBodyBytes: 16 * 1024, problemPage: renderProblemPage }, async (event) => {
    const approvalId = pathId(event, 'approvalId', 'approval');
    const keys = await deps.secrets().approvalLinkSigningKeys();
    const claims = verifyApprovalLink(approvalId, event.queryStringParameters ?? {}, keys, epochSeconds(deps.now()));
    const form = validate(Object.fromEntries(parseFormBody(event)), LinkDecisionFormSchema);
    const decideApproval = createDecideApproval({
      approvals: deps.approvals(),
      callbacks: deps.callbacks(),
      workflow: deps.workflow(),
      now: deps.now,
      onResumeSkipped: (id, reason) => logger.warn('Decision recorded, workflow not resumed', { approvalId: id, reason }),
    });
    const { approval, decision } = await decideApproval({
      approvalId,
      outcome: form.decision === 'approve' ? 'approved' : 'rejected',
      decidedBy: claims.approver,
      channel: 'email',
      linkGeneration: claims.generation,
      ...(form.comment ? { comment: form.comment } : {}),
    });
    return htmlResponse(200, renderDecisionRecordedPage(approval.subject, decision));
  });
}

export const handler = createDecideApprovalFromLinkHandler(composeDoorDependencies({ approvals: approvalRepository, callbacks: callbackRepository, workflow: workflowGateway, secrets: doorSecrets }));
