/**
 * Decisions on approvals: the form posted by the confirmation page behind an email link, the API
 * channel's JSON body, and the re-send request.
 */
import * as z from 'zod';

const CommentSchema = z.string().trim().max(2000);

/** The confirmation page's form (application/x-www-form-urlencoded): the signed link stays in the query string. */
export const LinkDecisionFormSchema = z
  .object({
    decision: z.enum(['approve', 'reject']),
    comment: CommentSchema.optional(),
  })
  .strict()
  .refine((form) => form.decision === 'approve' || (form.comment !== undefined && form.comment.length > 0), {
    message: 'A rejection needs a comment saying what must change.',
    path: ['comment'],
    params: { rule: 'required-for-reject' },
  })
  .meta({ id: 'LinkDecisionForm', examples: [{ decision: 'reject', comment: 'Legs must be 20 mm thicker.' }] });

export type LinkDecisionForm = z.infer<typeof LinkDecisionFormSchema>;

/** The signed-link query parameters (documented; verification reads them as they come). */
export const ApprovalLinkQuerySchema = z.object({
  approver: z.string().meta({ description: 'The approver (email) the link was sent to.' }),
  g: z.string().meta({ description: 'Link generation; re-sending the approval revokes earlier generations.' }),
  exp: z.string().meta({ description: 'Expiry, epoch seconds.' }),
  sig: z.string().meta({ description: 'HMAC-SHA256 signature over the other parameters and the approval id (base64url).' }),
});

/** The API channel: the manufacturer's own systems deciding on a person's behalf. */
export const ApiDecisionRequestSchema = z
  .object({
    outcome: z.enum(['approved', 'rejected']),
    decidedBy: z.email().max(320).meta({ description: 'The approver deciding (must be one of the approval\'s approvers).' }),
    comment: CommentSchema.optional(),
  })
  .strict()
  .refine((body) => body.outcome === 'approved' || (body.comment !== undefined && body.comment.length > 0), {
    message: 'A rejection needs a comment saying what must change.',
    path: ['comment'],
    params: { rule: 'required-for-reject' },
  })
  .meta({ id: 'ApiDecisionRequest', examples: [{ outcome: 'approved', decidedBy: 'engineering@manufacturer.example', comment: 'Checked against drawing rev 2.' }] });

export type ApiDecisionRequest = z.infer<typeof ApiDecisionRequestSchema>;

export const ResendApprovalRequestSchema = z
  .object({
    reason: z.string().trim().min(1).max(500).optional().meta({ description: 'Why it is re-sent (lost email, link expired); shown on the timeline.' }),
  })
  .strict()
  .meta({ id: 'ResendApprovalRequest', examples: [{ reason: 'The approver deleted the email.' }] });

export const DecisionResultSchema = z
  .object({
    approvalId: z.string(),
    orderId: z.string(),
    outcome: z.enum(['approved', 'rejected']),
    decidedBy: z.string(),
    decidedAt: z.string(),
    channel: z.enum(['email', 'slack', 'api']),
    comment: z.string().optional(),
  })
  .meta({ id: 'ApprovalDecision' });

export const ResendResultSchema = z
  .object({ approvalId: z.string(), linkGeneration: z.number().int(), sentTo: z.array(z.string()) })
  .meta({ id: 'ApprovalResent' });
