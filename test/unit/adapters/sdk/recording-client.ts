/** An SDK client configuration that sends nothing: a request handler recording each request's JSON body. */
import { Readable } from 'node:stream';

/** Client settings that keep every request on this process: a handler that records the bodies and answers `answer` (or what it returns for the body and the DynamoDB operation). */
export function recordingClientConfig(answer: object | ((body: Record<string, unknown>, operation: string) => object)) {
  const bodies: unknown[] = [];
  const requestHandler = {
    handle: (request: { body?: string | Uint8Array; headers?: Record<string, string> }) => {
      const body = request.body ?? '';
      const parsed = JSON.parse(typeof body === 'string' ? body : new TextDecoder().decode(body)) as Record<string, unknown>;
      bodies.push(parsed);
      const operation = (request.headers?.['x-amz-target'] ?? '').replace(/^DynamoDB_\d+\./, '');
      const answered = typeof answer === 'function' ? answer(parsed, operation) : answer;
      // An answer naming an error type (`__type`) is sent as the service sends errors: status 400.
      const statusCode = '__type' in answered ? 400 : 200;
      return Promise.resolve({ response: { statusCode, headers: { 'content-type': 'application/x-amz-json-1.0' }, body: Readable.from([Buffer.from(JSON.stringify(answered))]) } });
    },
  };
  return { bodies, config: { region: 'eu-west-1', endpoint: 'http://127.0.0.1:9', credentials: { accessKeyId: 'test', secretAccessKey: 'test' }, requestHandler } };
}
