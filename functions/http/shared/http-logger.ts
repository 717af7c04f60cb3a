/**
 * The doors' logger, built once per container. Events are never logged whole: they carry signed
 * links, signatures and personal data.
 */
import { Logger } from '@aws-lambda-powertools/logger';

export const logger = new Logger({ serviceName: process.env.POWERTOOLS_SERVICE_NAME ?? 'mto-flow-api' });
