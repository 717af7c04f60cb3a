/**
 * The doors log with the project's one logger (functions/shared/observability.ts). Events are never
 * logged whole: they carry signed links, signatures and personal data.
 */
export { logger } from '../../shared/observability';
