/** POST /approvals/{approvalId}/decision (IAM): the manufacturer's own systems decide for an approver. */
import { createDecideApproval } from '../../use-cases/decide-approval';
import { approvalRepository, callbackRepository } from '../shared/door-adapters.dynamodb';
import { workflowGateway } from '../shared/door-adapters.sfn';
import { composeDoorDependencies, type DoorDependencies } from '../shared/door-composition';
import { logger } from '../shared/http-logger';
import { httpRoute } from '../shared/http-route';
import { pathId } from '../shared/path-ids';
import { parseJsonBody } from '../shared/request';
import { jsonResponse } from '../shared/responses';
import { ApiDecisionRequestSchema } from './approval-decision.schema';

export type DecideApprovalDeps = Pick<DoorDependencies, 'approvals' | 'callbacks' | 'workflow' | 'now'>;

export function createDecideApprovalHandler(deps: DecideApprovalDeps) {
  return httpRoute({ operationId: 'decideApproval', maxBodyBytes: 16 * 1024 }, async (event) => {
    const approvalId = pathId(event, 'approvalId', 'approval');
    const body = parseJsonBody(event, ApiDecisionRequestSchema);
    const decideApproval = createDecideApproval({
      approvals: deps.approvals(),
      callbacks: deps.callbacks(),
      workflow: deps.workflow(),
      now: deps.now,
      onResumeSkipped: (id, reason) => logger.warn('Decision recorded, workflow not resumed', { approvalId: id, reason }),
    });
    const { approval, decision } = await decideApproval({
      approvalId,
      outcome: body.outcome,
      decidedBy: body.decidedBy,
      channel: 'api',
      ...(body.comment ? { comment: body.comment } : {}),
    });
    return jsonResponse(200, { approvalId, orderId: approval.orderId, ...decision });
  });
}

export const handler = createDecideApprovalHandler(composeDoorDependencies({ approvals: approvalRepository, callbacks: callbackRepository, workflow: workflowGateway }));
