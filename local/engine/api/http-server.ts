/**
 * Step Functions' JSON 1.0 protocol over HTTP: `POST /` with `X-Amz-Target: AWSStepFunctions.<Op>`
 * and `Content-Type: application/x-amz-json-1.0`; errors as HTTP 400 `{__type, message}`.
 * Requests are not authenticated (any SigV4 signature, or none, is accepted), and any Host is
 * accepted, including the `sync-` prefix the SDK puts in front for StartSyncExecution.
 */
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ApiError } from './api-errors';

/** Whatever answers API calls by operation name (the service, or an engine wrapping it). */
export interface ApiCaller {
  call(operation: string, request: unknown): Promise<Record<string, unknown>>;
}

const TARGET_PREFIX = 'AWSStepFunctions.';
const MAX_BODY_BYTES = 10 * 1024 * 1024;

export interface RunningHttpServer {
  readonly endpoint: string;
  readonly port: number;
  close(): Promise<void>;
}

async function readBody(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    const buffer = chunk as Buffer;
    size += buffer.length;
    if (size > MAX_BODY_BYTES) throw new ApiError('ValidationException', `The request body is larger than ${MAX_BODY_BYTES} bytes`);
    chunks.push(buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

function send(response: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  response.writeHead(status, {
    'content-type': 'application/x-amz-json-1.0',
    'content-length': Buffer.byteLength(text),
    'x-amzn-requestid': randomUUID(),
  });
  response.end(text);
}

export async function handleRequest(service: ApiCaller, request: IncomingMessage, response: ServerResponse, log: (message: string, error?: unknown) => void): Promise<void> {
  try {
    if (request.method !== 'POST') throw new ApiError('UnknownOperationException', `Only POST is supported, got ${request.method ?? '?'}`);
    const target = request.headers['x-amz-target'];
    if (typeof target !== 'string' || !target.startsWith(TARGET_PREFIX)) {
      throw new ApiError('UnknownOperationException', `Missing or unknown X-Amz-Target header: ${String(target)}`);
    }
    const text = await readBody(request);
    let body: unknown = {};
    if (text.trim() !== '') {
      try {
        body = JSON.parse(text);
      } catch {
        throw new ApiError('SerializationException', 'The request body is not valid JSON');
      }
    }
    send(response, 200, await service.call(target.slice(TARGET_PREFIX.length), body));
  } catch (error) {
    if (error instanceof ApiError) {
      send(response, 400, { __type: error.type, message: error.message });
      return;
    }
    log('Unexpected error while serving a Step Functions request', error);
    send(response, 500, { __type: 'InternalFailure', message: error instanceof Error ? error.message : String(error) });
  }
}

/** Serves the service on 127.0.0.1 (or `host`); `port` 0 picks a free port. */
export async function listen(service: ApiCaller, options: { port?: number; host?: string; log: (message: string, error?: unknown) => void }): Promise<RunningHttpServer> {
  const host = options.host ?? '127.0.0.1';
  const server: Server = createServer((request, response) => {
    void handleRequest(service, request, response, options.log);
  });
  // SDK clients (the functions' Step Functions clients) keep their sockets for a minute: with Node's
  // 5 s default they reconnected after every pause. close() ends idle keep-alive sockets itself.
  server.keepAliveTimeout = 65_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  return {
    endpoint: `http://${host}:${port}`,
    port,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error === undefined ? resolve() : reject(error)));
      }),
  };
}
