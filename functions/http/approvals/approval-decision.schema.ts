/**
 * Decisions on approvals: the form posted by the confirmation page behind an email link, the API
 * channel's JSON body, and the re-send request.
 */
import * as z from 'zod/mini';

const comment = () => z.optional(z.string().check(z.trim(), z.maxLength(2000)));

export const LinkDecisionFormSchema = z
  .strictObject({
    decision: z.enum(['approve', 'reject']),
    comment: comment(),
  })
  .check(
    z.refine((form) => form.decision === 'approve' || (form.comment !== undefined && form.comment.length > 0), {
      message: 'A rejection needs a comment saying what must change.',
      path: ['comment'],
      params: { rule: 'required-for-reject' },
    }),
  )
  .register(z.globalRegistry, { id: 'LinkDecisionForm', examples: [{ decision: 'reject', comment: 'Legs must be 20 mm thicker.' }] });

export type LinkDecisionForm = z.infer<typeof LinkDecisionFormSchema>;

export const ApprovalLinkQuerySchema = z.object({
  approver: z.string().register(z.globalRegistry, { description: 'The approver (email) the link was sent to.' }),
  g: z.string().register(z.globalRegistry, { description: 'Link generation; re-sending the approval revokes earlier generations.' }),
  exp: z.string().register(z.globalRegistry, { description: 'Expiry, epoch seconds.' }),
  sig: z.string().register(z.globalRegistry, { description: 'HMAC-SHA256 signature over the other parameters and the approval id (base64url).' }),
});

export const ApiDecisionRequestSchema = z
  .strictObject({
    outcome: z.enum(['approved', 'rejected']),
    decidedBy: z
      .email()
      .check(z.maxLength(320))
      .register(z.globalRegistry, { description: "The approver deciding (must be one of the approval's approvers)." }),
    comment: comment(),
  })
  .check(
    z.refine((body) => body.outcome === 'approved' || (body.comment !== undefined && body.comment.length > 0), {
      message: 'A rejection needs a comment saying what must change.',
      path: ['comment'],
      params: { rule: 'required-for-reject' },
    }),
  )
  .register(z.globalRegistry, { id: 'ApiDecisionRequest', examples: [{ outcome: 'approved', decidedBy: 'engineering@manufacturer.example', comment: 'Checked against drawing rev 2.' }] });

export type ApiDecisionRequest = z.infer<typeof ApiDecisionRequestSchema>;

export const ResendApprovalRequestSchema = z
  .strictObject({
    reason: z
      .optional(z.string().check(z.trim(), z.minLength(1), z.maxLength(500)))
      .register(z.globalRegistry, { description: 'Why it is re-sent (lost email, link expired); shown on the timeline.' }),
  })
  .register(z.globalRegistry, { id: 'ResendApprovalRequest', examples: [{ reason: 'The approver deleted the email.' }] });

export const DecisionResultSchema = z
  .object({
    approvalId: z.string(),
    orderId: z.string(),
    outcome: z.enum(['approved', 'rejected']),
    decidedBy: z.string(),
    decidedAt: z.string(),
    channel: z.enum(['email', 'slack', 'api']),
    comment: z.optional(z.string()),
  })
  .register(z.globalRegistry, { id: 'ApprovalDecision' });

export const ResendResultSchema = z
  .object({ approvalId: z.string(), linkGeneration: z.int(), sentTo: z.array(z.string()) })
  .register(z.globalRegistry, { id: 'ApprovalResent' });
