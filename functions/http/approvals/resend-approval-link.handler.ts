/** POST /approvals/{approvalId}/resend (IAM): new signed links by email; every earlier link stops working. */
import { buildApprovalLink } from '../../shared/security/approval-link';
import { createResendApprovalLink } from '../../use-cases/resend-approval-link';
import { approvalRepository } from '../shared/door-adapters.dynamodb';
import { doorSecrets } from '../shared/door-adapters.secrets';
import { emailSender } from '../shared/door-adapters.ses';
import { composeDoorDependencies, publicBaseUrl, type DoorDependencies } from '../shared/door-composition';
import { httpRoute } from '../shared/http-route';
import { pathId } from '../shared/path-ids';
import { parseJson, rawBody, validate } from '../shared/request';
import { jsonResponse } from '../shared/responses';
import { ResendApprovalRequestSchema } from './approval-decision.schema';

export type ResendApprovalLinkDeps = Pick<DoorDependencies, 'approvals' | 'email' | 'secrets' | 'publicBaseUrl'>;

export function createResendApprovalLinkHandler(deps: ResendApprovalLinkDeps) {
  return httpRoute({ operationId: 'resendApprovalLink', maxBodyBytes: 8 * 1024 }, async (event) => {
    const approvalId = pathId(event, 'approvalId', 'approval');
    // The body is optional: no body is the same as `{}`.
    const text = rawBody(event);
    const body = validate(text.trim() === '' ? {} : parseJson(text), ResendApprovalRequestSchema);
    const resend = createResendApprovalLink({
      approvals: deps.approvals(),
      email: deps.email(),
      linkFor: async (claims) => {
        const [signingKey] = await deps.secrets().approvalLinkSigningKeys();
        return buildApprovalLink(deps.publicBaseUrl(), claims, signingKey ?? '');
      },
    });
    const result = await resend(approvalId, body.reason);
    return jsonResponse(200, { approvalId, linkGeneration: result.approval.linkGeneration, sentTo: result.sentTo });
  });
}

export const handler = createResendApprovalLinkHandler(composeDoorDependencies({ approvals: approvalRepository, email: emailSender, secrets: doorSecrets, publicBaseUrl }));
