/** Schemas shared by several routes: ids in paths, the problem document, pagination. */
import * as z from 'zod';
import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE } from '../../ports/pagination';

/** Ids we issue or accept in paths: letters, digits, `_` and `-`. Anything else cannot exist (404). */
export const ID_PATTERN = /^[A-Za-z0-9_-]{1,100}$/;

export const IdSchema = z.string().regex(ID_PATTERN, 'Letters, digits, "_" and "-", 1 to 100 characters');

export const FieldProblemSchema = z
  .object({
    path: z.string().meta({ description: "The offending field: `lines[0].quantity`, `query.limit`, `header.Idempotency-Key`; '' for the whole body." }),
    rule: z.string().meta({ description: "A stable rule id: 'required', 'type', 'range', 'enum', 'format', 'unknown-field', 'unknown-product'..." }),
    message: z.string(),
  })
  .meta({ id: 'FieldProblem' });

export const ProblemSchema = z
  .object({
    type: z.string().meta({ description: 'A URN naming the kind of problem (`urn:mto-flow:problem:validation-failed`); see docs/api.md.' }),
    title: z.string(),
    status: z.number().int(),
    detail: z.string(),
    instance: z.string().optional().meta({ description: 'The request, for support: `urn:mto-flow:request:<id>`.' }),
    errors: z.array(FieldProblemSchema).optional().meta({ description: 'Every offending field, with the rule it broke (422).' }),
  })
  .catchall(z.unknown())
  .meta({
    id: 'Problem',
    description: 'RFC 9457 problem details. Extension members carry context, e.g. `stage` for a change refused after the build started, `decision` for an approval already decided.',
  });

export const PageQuerySchema = z.object({
  limit: z.coerce
    .number()
    .int()
    .min(1)
    .max(MAX_PAGE_SIZE)
    .optional()
    .meta({ description: `Items per page, 1 to ${MAX_PAGE_SIZE} (default ${DEFAULT_PAGE_SIZE}).` }),
  cursor: z.string().min(1).max(2048).optional().meta({ description: 'The `nextCursor` of the previous page, unchanged.' }),
});
