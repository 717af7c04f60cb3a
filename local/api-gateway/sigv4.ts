/**
 * SigV4 pieces shared by the local API Gateway (which verifies IAM routes) and the local CLI (which
 * signs its shop-floor and QC reports as a manufacturer's system would).
 */
import { createHash, createHmac, type Hash, type Hmac } from 'node:crypto';
import { SignatureV4 } from '@smithy/signature-v4';

/** SHA-256 (or HMAC-SHA-256 when given a secret) in the shape the SigV4 signer expects. */
export class NodeSha256 {
  private hash: Hash | Hmac;
  private readonly secret: Buffer | undefined;
  public constructor(secret?: string | ArrayBuffer | ArrayBufferView) {
    this.secret = secret === undefined ? undefined : NodeSha256.bytes(secret);
    this.hash = this.fresh();
  }
  private static bytes(data: string | ArrayBuffer | ArrayBufferView): Buffer {
    if (typeof data === 'string') return Buffer.from(data, 'utf8');
    if (ArrayBuffer.isView(data)) return Buffer.from(data.buffer, data.byteOffset, data.byteLength);
    return Buffer.from(data);
  }
  private fresh(): Hash | Hmac {
    return this.secret === undefined ? createHash('sha256') : createHmac('sha256', this.secret);
  }
  public update(data: Uint8Array): void {
    this.hash.update(data);
  }
  public digest(): Promise<Uint8Array> {
    return Promise.resolve(new Uint8Array(this.hash.digest()));
  }
  public reset(): void {
    this.hash = this.fresh();
  }
}

/** Signs a request for an `execute-api` IAM route; returns the headers to send. */
export async function signExecuteApiRequest(
  request: { method: string; url: URL; body?: string; headers?: Record<string, string> },
  credentials: { accessKeyId: string; secretAccessKey: string },
  region: string,
): Promise<Record<string, string>> {
  const signer = new SignatureV4({ credentials, region, service: 'execute-api', sha256: NodeSha256, applyChecksum: false });
  const query: Record<string, string> = {};
  request.url.searchParams.forEach((value, key) => {
    query[key] = value;
  });
  const signed = await signer.sign({
    method: request.method,
    protocol: request.url.protocol,
    hostname: request.url.hostname,
    ...(request.url.port === '' ? {} : { port: Number(request.url.port) }),
    path: request.url.pathname,
    query,
    headers: { ...(request.headers ?? {}), host: request.url.host },
    body: request.body,
  });
  return signed.headers;
}
