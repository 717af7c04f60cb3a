/**
 * The middy stack every workflow step shares: Powertools logger (with the order id appended to every
 * line), tracer and metrics, input parsed with the step's zod schema (a bad input is a named error,
 * never a crash), then the step's use case. Each step handler file is this plus its wiring.
 */
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import { captureLambdaHandler } from '@aws-lambda-powertools/tracer/middleware';
import middy from '@middy/core';
import type { Context } from 'aws-lambda';
import type * as z from 'zod/mini';
import { logger, metrics, tracer } from '../shared/observability';
import { InvalidStepInputError } from '../use-cases/lifecycle-errors';

/** Parses a step's input, naming the first offending field. */
export function parseStepInput<T>(schema: z.ZodMiniType<T>, input: unknown): T {
  const parsed = schema.safeParse(input);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new InvalidStepInputError(issue?.path.join('.') || '(input)', issue?.message ?? 'invalid');
  }
  return parsed.data;
}

/**
 * Wraps a step's use case as a Lambda handler. `run` gets the parsed input; its result is what the
 * state machine sees as the task result.
 */
export function stepHandler<I extends { orderId: string; at: string }, O>(stepName: string, schema: z.ZodMiniType<I>, run: (input: I) => Promise<O>) {
  const base = async (event: unknown, _context: Context): Promise<O> => {
    const parsed = parseStepInput(schema, event);
    // One spelling of the run's instant (timeline entry ids are built from it).
    const input: I = { ...parsed, at: new Date(parsed.at).toISOString() };
    logger.appendKeys({ orderId: input.orderId });
    tracer.putAnnotation('orderId', input.orderId);
    try {
      const output = await run(input);
      metrics.addMetric(`${stepName}.succeeded`, 'Count', 1);
      return output;
    } catch (error) {
      // Logged with its name: that name is what the workflow's Retry/Catch match.
      logger.error('step failed', { step: stepName, errorName: error instanceof Error ? error.name : typeof error, error: error as Error });
      metrics.addMetric(`${stepName}.failed`, 'Count', 1);
      throw error;
    }
  };
  return middy(base)
    .use(captureLambdaHandler(tracer))
    .use(injectLambdaContext(logger, { resetKeys: true }))
    .use(logMetrics(metrics));
}
