/**
 * A local API Gateway (REST, v1 proxy integration): matches each request against the routes read
 * from the template, builds the very event shape API Gateway gives a Lambda proxy integration,
 * invokes the function, and renders its proxy response.
 *
 * Like API Gateway it enforces `x-api-key` on API-key routes (403 `Forbidden`), a signed request
 * on IAM routes (SigV4 with the local credentials, checked for real), a 10 MB payload limit (413)
 * and a 29-second integration timeout (504); an unknown path gets API Gateway's own 403.
 */
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SignatureV4 } from '@smithy/signature-v4';
import { NodeSha256 } from './sigv4';
import type { LocalRoute } from './rest-api-routes';

export type InvokeFunction = (functionArn: string, event: unknown) => Promise<unknown>;

export interface RestApiServerOptions {
  readonly routes: readonly LocalRoute[];
  readonly invoke: InvokeFunction;
  /** API keys accepted on api-key routes. */
  readonly apiKeys: readonly string[];
  /** Credentials whose SigV4 signatures IAM routes accept. */
  readonly iamCredentials: { readonly accessKeyId: string; readonly secretAccessKey: string };
  readonly region: string;
  readonly accountId: string;
  readonly stage: string;
  /** Requests under `/_local/` go here (the outbox viewer, the simulator's controls). */
  readonly localRoutes?: (request: IncomingMessage, body: Buffer, response: ServerResponse) => Promise<boolean>;
  readonly integrationTimeoutMs?: number;
}

const MAX_PAYLOAD_BYTES = 10 * 1024 * 1024;

interface CompiledRoute extends LocalRoute {
  readonly pattern: RegExp;
  readonly parameterNames: readonly string[];
  /** Literal segments first, so `/orders/search` wins over `/orders/{orderId}`. */
  readonly specificity: number;
}

function compile(route: LocalRoute): CompiledRoute {
  const parameterNames: string[] = [];
  const segments = route.resourcePath.split('/').filter((s) => s !== '');
  const source = segments
    .map((segment) => {
      const greedy = /^\{(\w+)\+\}$/.exec(segment);
      if (greedy) {
        parameterNames.push(greedy[1]!);
        return '/(.+)';
      }
      const parameter = /^\{(\w+)\}$/.exec(segment);
      if (parameter) {
        parameterNames.push(parameter[1]!);
        return '/([^/]+)';
      }
      return `/${segment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`;
    })
    .join('');
  return {
    ...route,
    pattern: new RegExp(`^${source || '/'}$`),
    parameterNames,
    specificity: segments.filter((s) => !s.startsWith('{')).length,
  };
}

function send(response: ServerResponse, status: number, body: string, headers: Record<string, string> = {}): void {
  response.writeHead(status, { 'content-type': 'application/json', ...headers });
  response.end(body);
}

function gatewayError(response: ServerResponse, status: number, message: string): void {
  send(response, status, JSON.stringify({ message }), { 'x-amzn-errortype': status === 403 ? 'ForbiddenException' : 'Error' });
}

export class RestApiServer {
  private readonly routes: CompiledRoute[];
  private server: Server | undefined;
  private readonly signer: SignatureV4;

  public constructor(private readonly options: RestApiServerOptions) {
    this.routes = options.routes.map(compile).sort((a, b) => b.specificity - a.specificity);
    this.signer = new SignatureV4({ credentials: options.iamCredentials, region: options.region, service: 'execute-api', sha256: NodeSha256, applyChecksum: false });
  }

  private match(method: string, path: string): { route: CompiledRoute; pathParameters: Record<string, string> } | undefined {
    for (const route of this.routes) {
      if (route.method !== method && route.method !== 'ANY') continue;
      const found = route.pattern.exec(path);
      if (found === null) continue;
      const pathParameters = Object.fromEntries(route.parameterNames.map((name, i) => [name, decodeURIComponent(found[i + 1]!)]));
      return { route, pathParameters };
    }
    return undefined;
  }

  /** Re-signs the request with the local credentials and compares signatures, as IAM would. */
  private async iamSignatureValid(request: IncomingMessage, body: Buffer, url: URL): Promise<boolean> {
    const authorization = request.headers.authorization ?? '';
    const parsed = /^AWS4-HMAC-SHA256 Credential=([^/]+)\/(\d{8})\/([^/]+)\/execute-api\/aws4_request, ?SignedHeaders=([^,]+), ?Signature=([0-9a-f]{64})$/.exec(authorization);
    if (parsed === null || parsed[1] !== this.options.iamCredentials.accessKeyId) return false;
    const amzDate = String(request.headers['x-amz-date'] ?? '');
    const signingDate = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(amzDate);
    if (signingDate === null) return false;
    const signedAt = Date.UTC(+signingDate[1]!, +signingDate[2]! - 1, +signingDate[3]!, +signingDate[4]!, +signingDate[5]!, +signingDate[6]!);
    if (Math.abs(Date.now() - signedAt) > 5 * 60 * 1000) return false;
    const signedHeaders = parsed[4]!.split(';');
    const headers: Record<string, string> = {};
    for (const name of signedHeaders) {
      const value = request.headers[name];
      if (value === undefined) return false;
      headers[name] = Array.isArray(value) ? value.join(',') : value;
    }
    const query: Record<string, string> = {};
    url.searchParams.forEach((value, key) => {
      query[key] = value;
    });
    const unsigned = {
      method: request.method ?? 'GET',
      protocol: 'http:',
      hostname: (request.headers.host ?? '').split(':')[0] ?? '',
      path: url.pathname,
      query,
      headers,
      body: body.length > 0 ? body.toString('utf8') : undefined,
    };
    const signed = await this.signer.sign(unsigned, { signingDate: new Date(signedAt), signingRegion: parsed[3]! });
    const expected = /Signature=([0-9a-f]{64})/.exec(signed.headers.authorization ?? '')?.[1];
    return expected === parsed[5];
  }

  private async handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of request as AsyncIterable<Buffer>) {
      size += chunk.length;
      if (size > MAX_PAYLOAD_BYTES) {
        gatewayError(response, 413, 'Request Too Long');
        return;
      }
      chunks.push(chunk);
    }
    const body = Buffer.concat(chunks);
    const url = new URL(request.url ?? '/', 'http://local');
    if (url.pathname.startsWith('/_local/') && this.options.localRoutes !== undefined) {
      if (await this.options.localRoutes(request, body, response)) return;
    }
    const method = request.method ?? 'GET';
    const matched = this.match(method, url.pathname);
    if (matched === undefined) {
      gatewayError(response, 403, 'Missing Authentication Token');
      return;
    }
    const { route, pathParameters } = matched;
    const apiKey = typeof request.headers['x-api-key'] === 'string' ? request.headers['x-api-key'] : undefined;
    if (route.authorization === 'api-key' && (apiKey === undefined || !this.options.apiKeys.includes(apiKey))) {
      gatewayError(response, 403, 'Forbidden');
      return;
    }
    if (route.authorization === 'iam' && !(await this.iamSignatureValid(request, body, url))) {
      gatewayError(response, 403, 'The request signature we calculated does not match the signature you provided.');
      return;
    }

    const headers: Record<string, string> = {};
    const multiValueHeaders: Record<string, string[]> = {};
    for (let i = 0; i < request.rawHeaders.length; i += 2) {
      const name = request.rawHeaders[i]!;
      const value = request.rawHeaders[i + 1]!;
      headers[name] = value;
      (multiValueHeaders[name] ??= []).push(value);
    }
    const query: Record<string, string> = {};
    const multiQuery: Record<string, string[]> = {};
    url.searchParams.forEach((value, key) => {
      query[key] = value;
      (multiQuery[key] ??= []).push(value);
    });
    const contentType = String(request.headers['content-type'] ?? '');
    const textual = body.length === 0 || /json|text|xml|x-www-form-urlencoded|javascript/.test(contentType) || contentType === '';
    const requestId = randomUUID();
    const event = {
      resource: route.resourcePath,
      path: url.pathname,
      httpMethod: method,
      headers,
      multiValueHeaders,
      queryStringParameters: url.searchParams.size > 0 ? query : null,
      multiValueQueryStringParameters: url.searchParams.size > 0 ? multiQuery : null,
      pathParameters: Object.keys(pathParameters).length > 0 ? pathParameters : null,
      stageVariables: null,
      requestContext: {
        accountId: this.options.accountId,
        apiId: route.restApi,
        resourceId: route.resourcePath,
        resourcePath: route.resourcePath,
        httpMethod: method,
        path: `/${this.options.stage}${url.pathname}`,
        stage: this.options.stage,
        requestId,
        extendedRequestId: requestId,
        requestTimeEpoch: Date.now(),
        protocol: 'HTTP/1.1',
        domainName: request.headers.host ?? '127.0.0.1',
        identity: {
          sourceIp: request.socket.remoteAddress ?? '127.0.0.1',
          userAgent: request.headers['user-agent'] ?? null,
          apiKey: route.authorization === 'api-key' ? apiKey : null,
          // API Gateway names the usage-plan key that was used; locally, its position in the list.
          apiKeyId: route.authorization === 'api-key' && apiKey !== undefined ? `local-key-${this.options.apiKeys.indexOf(apiKey) + 1}` : null,
          accessKey: route.authorization === 'iam' ? this.options.iamCredentials.accessKeyId : null,
        },
      },
      body: body.length === 0 ? null : textual ? body.toString('utf8') : body.toString('base64'),
      isBase64Encoded: body.length > 0 && !textual,
    };

    const timeoutMs = this.options.integrationTimeoutMs ?? 29_000;
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<'timeout'>((resolve) => {
      timer = setTimeout(() => resolve('timeout'), timeoutMs);
    });
    let result: unknown;
    try {
      result = await Promise.race([this.options.invoke(route.functionArn, event), timedOut]);
    } catch {
      // As API Gateway: a failed function is a 502 and its error is not shown to the caller.
      gatewayError(response, 502, 'Internal server error');
      return;
    } finally {
      clearTimeout(timer);
    }
    if (result === 'timeout') {
      gatewayError(response, 504, 'Endpoint request timed out');
      return;
    }
    const proxy = result as { statusCode?: number; headers?: Record<string, string>; multiValueHeaders?: Record<string, string[]>; body?: string; isBase64Encoded?: boolean } | null;
    if (proxy === null || typeof proxy !== 'object' || typeof proxy.statusCode !== 'number') {
      gatewayError(response, 502, 'Internal server error');
      return;
    }
    const outHeaders: Record<string, string | string[]> = { ...(proxy.multiValueHeaders ?? {}), ...(proxy.headers ?? {}) };
    outHeaders['x-amzn-requestid'] = requestId;
    response.writeHead(proxy.statusCode, outHeaders);
    response.end(proxy.body === undefined ? '' : proxy.isBase64Encoded === true ? Buffer.from(proxy.body, 'base64') : proxy.body);
  }

  public async listen(port: number, host = '127.0.0.1'): Promise<string> {
    const server = createServer((request, response) => {
      this.handle(request, response).catch((error: unknown) => {
        if (!response.headersSent) gatewayError(response, 500, error instanceof Error ? error.message : 'internal failure');
        else response.end();
      });
    });
    this.server = server;
    server.keepAliveTimeout = 65_000;
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, host, () => resolve());
    });
    return `http://${host}:${(server.address() as AddressInfo).port}`;
  }

  public async close(): Promise<void> {
    const server = this.server;
    if (server === undefined) return;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}
