/** Building API Gateway proxy results: JSON, problem+json and HTML, with the headers every response carries. */
import type { APIGatewayProxyResult } from 'aws-lambda';

/** Headers on every response: nothing here is cacheable by intermediaries, nothing is sniffed. */
export const BASE_HEADERS: Readonly<Record<string, string>> = {
  'Cache-Control': 'no-store',
  'X-Content-Type-Options': 'nosniff',
};

/**
 * Pages for people (approval confirmation): no scripts, no outside resources, posts only to
 * ourselves, never framed, and no Referer, so the signed link never leaks to another site.
 */
export const PAGE_HEADERS: Readonly<Record<string, string>> = {
  ...BASE_HEADERS,
  'Content-Security-Policy': "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
  'Referrer-Policy': 'no-referrer',
  'X-Frame-Options': 'DENY',
  'X-Robots-Tag': 'noindex, nofollow',
};

export function jsonResponse(statusCode: number, body: unknown, headers: Readonly<Record<string, string>> = {}): APIGatewayProxyResult {
  return { statusCode, headers: { ...BASE_HEADERS, 'Content-Type': 'application/json', ...headers }, body: JSON.stringify(body) };
}

export function problemResponse(statusCode: number, problem: Readonly<Record<string, unknown>>, headers: Readonly<Record<string, string>> = {}): APIGatewayProxyResult {
  return { statusCode, headers: { ...BASE_HEADERS, 'Content-Type': 'application/problem+json', ...headers }, body: JSON.stringify(problem) };
}

export function htmlResponse(statusCode: number, html: string, headers: Readonly<Record<string, string>> = {}): APIGatewayProxyResult {
  return { statusCode, headers: { ...PAGE_HEADERS, 'Content-Type': 'text/html; charset=utf-8', ...headers }, body: html };
}

/** Escapes text for HTML element content and quoted attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"'`]/g, (character) => `&#${character.charCodeAt(0)};`);
}
