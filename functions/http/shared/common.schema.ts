/**
 * Schemas shared by several routes: ids in paths, the problem document, pagination.
 *
 * The doors' schemas use `zod/mini` (functions instead of methods, so a route bundles only the
 * validators it uses: about a quarter of full zod). Its English messages are switched on in
 * zod-problems.ts, which every validation goes through.
 */
import * as z from 'zod/mini';
import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE } from '../../ports/pagination';

/** Ids we issue or accept in paths: letters, digits, `_` and `-`. Anything else cannot exist (404). */
export const ID_PATTERN = /^[A-Za-z0-9_-]{1,100}$/;

export const IdSchema = z.string().check(z.regex(ID_PATTERN, 'Letters, digits, "_" and "-", 1 to 100 characters'));

export const FieldProblemSchema = z
  .object({
    path: z.string().register(z.globalRegistry, { description: "The offending field: `lines[0].quantity`, `query.limit`, `header.Idempotency-Key`; '' for the whole body." }),
    rule: z.string().register(z.globalRegistry, { description: "A stable rule id: 'required', 'type', 'range', 'enum', 'format', 'unknown-field', 'unknown-product'..." }),
    message: z.string(),
  })
  .register(z.globalRegistry, { id: 'FieldProblem' });

export const ProblemSchema = z
  .catchall(
    z.object({
      type: z.string().register(z.globalRegistry, { description: 'A URN naming the kind of problem (`urn:mto-flow:problem:validation-failed`); see docs/api.md.' }),
      title: z.string(),
      status: z.int(),
      detail: z.string(),
      instance: z.optional(z.string()).register(z.globalRegistry, { description: 'The request, for support: `urn:mto-flow:request:<id>`.' }),
      errors: z.optional(z.array(FieldProblemSchema)).register(z.globalRegistry, { description: 'Every offending field, with the rule it broke (422).' }),
    }),
    z.unknown(),
  )
  .register(z.globalRegistry, {
    id: 'Problem',
    description: 'RFC 9457 problem details. Extension members carry context, e.g. `stage` for a change refused after the build started, `decision` for an approval already decided.',
  });

export const PageQueryShape = {
  limit: z
    .optional(z.coerce.number().check(z.int(), z.minimum(1), z.maximum(MAX_PAGE_SIZE)))
    .register(z.globalRegistry, { description: `Items per page, 1 to ${MAX_PAGE_SIZE} (default ${DEFAULT_PAGE_SIZE}).` }),
  cursor: z.optional(z.string().check(z.minLength(1), z.maxLength(2048))).register(z.globalRegistry, { description: 'The `nextCursor` of the previous page, unchanged.' }),
};

export const PageQuerySchema = z.object(PageQueryShape);
