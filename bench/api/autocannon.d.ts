/**
 * The part of autocannon 8's programmatic API the API benchmark uses (the package ships no types,
 * and @types/autocannon is not a dependency). Shapes as its README documents them.
 */
declare module 'autocannon' {
  interface Histogram {
    readonly average: number;
    readonly p50: number;
    readonly p90: number;
    readonly p99: number;
    readonly max: number;
    readonly total: number;
  }

  interface RawRequest {
    readonly method?: string;
    readonly path?: string;
    readonly body?: string;
    readonly headers?: Record<string, string>;
  }

  interface RequestSpec {
    readonly method?: string;
    readonly path?: string;
    readonly setupRequest?: (request: RawRequest, context: Record<string, unknown>) => RawRequest;
    readonly onResponse?: (status: number, body: string, context: Record<string, unknown>, headers: Record<string, string>) => void;
  }

  /** One connection: emits `response` (statusCode, bytes, responseTime in ms) after every answer. */
  interface Client {
    on(event: 'response', listener: (statusCode: number, bytes: number, responseTimeMs: number) => void): void;
  }

  interface Options {
    readonly url: string;
    readonly setupClient?: (client: Client) => void;
    readonly connections?: number;
    readonly duration?: number;
    readonly timeout?: number;
    /** Requests per second from all connections together (open loop); none: as fast as answered. */
    readonly overallRate?: number;
    readonly requests?: readonly RequestSpec[];
  }

  interface Result {
    readonly duration: number;
    readonly requests: Histogram;
    readonly latency: Histogram;
    readonly errors: number;
    readonly timeouts: number;
    readonly non2xx: number;
    readonly statusCodeStats: Record<string, { readonly count: number }>;
  }

  function autocannon(options: Options): Promise<Result>;
  export default autocannon;
}
