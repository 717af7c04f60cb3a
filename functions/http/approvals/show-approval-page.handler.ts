/**
 * GET /approvals/{approvalId}?approver&g&exp&sig: the signed link from an approval email. Verifies
 * the link and renders the confirmation page; never decides (prefetching scanners are harmless).
 */
import { verifyApprovalLink } from '../../shared/security/approval-link';
import { createViewApproval } from '../../use-cases/view-approval';
import { approvalRepository, orderRepository } from '../shared/door-adapters.dynamodb';
import { doorSecrets } from '../shared/door-adapters.secrets';
import { composeDoorDependencies, type DoorDependencies } from '../shared/door-composition';
import { httpRoute } from '../shared/http-route';
import { epochSeconds, pathId } from '../shared/path-ids';
import { htmlResponse } from '../shared/responses';
import { renderConfirmationPage, renderProblemPage } from './approval-pages';

export type ShowApprovalPageDeps = Pick<DoorDependencies, 'approvals' | 'orders' | 'now' | 'secrets'>;

export function createShowApprovalPageHandler(deps: ShowApprovalPageDeps) {
  return httpRoute({ operationId: 'showApprovalPage', problemPage: renderProblemPage }, async (event) => {
    const approvalId = pathId(event, 'approvalId', 'approval');
    const keys = await deps.secrets().approvalLinkSigningKeys();
    const claims = verifyApprovalLink(approvalId, event.queryStringParameters ?? {}, keys, epochSeconds(deps.now()));
    const viewApproval = createViewApproval({ approvals: deps.approvals(), orders: deps.orders(), now: deps.now });
    const view = await viewApproval({ approvalId, approver: claims.approver, linkGeneration: claims.generation });
    return htmlResponse(200, renderConfirmationPage(view, claims.approver));
  });
}

export const handler = createShowApprovalPageHandler(composeDoorDependencies({ approvals: approvalRepository, orders: orderRepository, secrets: doorSecrets }));
