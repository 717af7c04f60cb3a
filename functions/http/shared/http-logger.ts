/**
 * The doors' logger: a Powertools Logger named like every other function's (POWERTOOLS_SERVICE_NAME,
 * default 'mto-flow'). Built here rather than taken from functions/shared/observability.ts because
 * HTTP routes use neither the tracer nor metrics, and that module builds both at load: the X-Ray SDK
 * behind the tracer alone doubled an HTTP route's cold module init. Events are never logged whole:
 * they carry signed links, signatures and personal data.
 */
import { Logger } from '@aws-lambda-powertools/logger';

export const logger = new Logger({ serviceName: process.env.POWERTOOLS_SERVICE_NAME ?? 'mto-flow' });
