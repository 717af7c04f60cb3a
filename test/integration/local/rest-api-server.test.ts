import { createHash, createHmac } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readRestApiRoutes, type LocalRoute } from '../../../local/api-gateway/rest-api-routes';
import { RestApiServer } from '../../../local/api-gateway/rest-api-server';
import { TemplateResolver, type CfnTemplate } from '../../../local/cloud-assembly/template-resolver';

const fnArn = (name: string): string => `arn:aws:lambda:us-east-1:000000000000:function:${name}`;
const credentials = { accessKeyId: 'local', secretAccessKey: 'local-secret' };

/** SigV4 as AWS documents it, written independently of the server's signer so the check is real. */
function signV4(method: string, url: URL, body: string, at: Date): Record<string, string> {
  const amzDate = at.toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');
  const day = amzDate.slice(0, 8);
  const host = url.host;
  const payloadHash = createHash('sha256').update(body).digest('hex');
  const canonical = [method, url.pathname, '', `host:${host}`, `x-amz-date:${amzDate}`, '', 'host;x-amz-date', payloadHash].join('\n');
  const scope = `${day}/us-east-1/execute-api/aws4_request`;
  const toSign = ['AWS4-HMAC-SHA256', amzDate, scope, createHash('sha256').update(canonical).digest('hex')].join('\n');
  let key: Buffer = createHmac('sha256', `AWS4${credentials.secretAccessKey}`).update(day).digest();
  for (const part of ['us-east-1', 'execute-api', 'aws4_request']) key = createHmac('sha256', key).update(part).digest();
  const signature = createHmac('sha256', key).update(toSign).digest('hex');
  return {
    'x-amz-date': amzDate,
    authorization: `AWS4-HMAC-SHA256 Credential=${credentials.accessKeyId}/${scope}, SignedHeaders=host;x-amz-date, Signature=${signature}`,
  };
}

describe('readRestApiRoutes', () => {
  it('walks resource parents to full paths and reads authorization and the integrated function', () => {
    // Prepare: the shape CDK's RestApi emits
    const template: CfnTemplate = {
      Resources: {
        Api: { Type: 'AWS::ApiGateway::RestApi', Properties: { Name: 'mto' } },
        Orders: { Type: 'AWS::ApiGateway::Resource', Properties: { ParentId: { 'Fn::GetAtt': ['Api', 'RootResourceId'] }, PathPart: 'orders', RestApiId: { Ref: 'Api' } } },
        OrderId: { Type: 'AWS::ApiGateway::Resource', Properties: { ParentId: { Ref: 'Orders' }, PathPart: '{orderId}', RestApiId: { Ref: 'Api' } } },
        GetOrderFn: { Type: 'AWS::Lambda::Function', Properties: {} },
        GetOrder: {
          Type: 'AWS::ApiGateway::Method',
          Properties: {
            HttpMethod: 'GET',
            ResourceId: { Ref: 'OrderId' },
            RestApiId: { Ref: 'Api' },
            AuthorizationType: 'NONE',
            ApiKeyRequired: true,
            Integration: {
              Type: 'AWS_PROXY',
              IntegrationHttpMethod: 'POST',
              Uri: { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':apigateway:', { Ref: 'AWS::Region' }, ':lambda:path/2015-03-31/functions/', { 'Fn::GetAtt': ['GetOrderFn', 'Arn'] }, '/invocations']] },
            },
          },
        },
        Cors: { Type: 'AWS::ApiGateway::Method', Properties: { HttpMethod: 'OPTIONS', ResourceId: { Ref: 'OrderId' }, RestApiId: { Ref: 'Api' }, Integration: { Type: 'MOCK' } } },
      },
    };

    // Act
    const routes = readRestApiRoutes(new TemplateResolver(template, { region: 'us-east-1', accountId: '000000000000' }));

    // Assess
    expect(routes).toEqual([{ restApi: 'Api', method: 'GET', resourcePath: '/orders/{orderId}', authorization: 'api-key', functionArn: fnArn('GetOrderFn') }]);
  });
});

describe('RestApiServer', () => {
  const routes: LocalRoute[] = [
    { restApi: 'Api', method: 'GET', resourcePath: '/orders/{orderId}', authorization: 'api-key', functionArn: fnArn('GetOrder') },
    { restApi: 'Api', method: 'GET', resourcePath: '/orders/search', authorization: 'none', functionArn: fnArn('Search') },
    { restApi: 'Api', method: 'POST', resourcePath: '/shop-floor/progress', authorization: 'iam', functionArn: fnArn('Progress') },
    { restApi: 'Api', method: 'POST', resourcePath: '/echo', authorization: 'none', functionArn: fnArn('Echo') },
    { restApi: 'Api', method: 'GET', resourcePath: '/boom', authorization: 'none', functionArn: fnArn('Boom') },
    { restApi: 'Api', method: 'GET', resourcePath: '/slow', authorization: 'none', functionArn: fnArn('Slow') },
  ];
  const events: { arn: string; event: Record<string, unknown> }[] = [];
  const server = new RestApiServer({
    routes,
    apiKeys: ['key-123'],
    iamCredentials: credentials,
    region: 'us-east-1',
    accountId: '000000000000',
    stage: 'local',
    integrationTimeoutMs: 300,
    invoke: async (arn, event) => {
      events.push({ arn, event: event as Record<string, unknown> });
      if (arn === fnArn('Boom')) throw new Error('handler crashed');
      if (arn === fnArn('Slow')) await new Promise((r) => setTimeout(r, 2_000));
      return { statusCode: 200, headers: { 'content-type': 'application/json' }, body: JSON.stringify({ arn }) };
    },
  });
  let base = '';
  beforeAll(async () => {
    base = await server.listen(0);
  });
  afterAll(() => server.close());

  describe('routing and the proxy event', () => {
    it('invokes the function with API Gateway v1 proxy event fields', async () => {
      const response = await fetch(`${base}/orders/ord%2D1?verbose=true`, { headers: { 'x-api-key': 'key-123' } });
      expect(response.status).toBe(200);
      const last = events.at(-1)!;
      expect(last.arn).toBe(fnArn('GetOrder'));
      expect(last.event).toMatchObject({
        resource: '/orders/{orderId}',
        path: '/orders/ord%2D1',
        httpMethod: 'GET',
        pathParameters: { orderId: 'ord-1' },
        queryStringParameters: { verbose: 'true' },
        body: null,
        isBase64Encoded: false,
        requestContext: { stage: 'local', resourcePath: '/orders/{orderId}', identity: { apiKey: 'key-123', apiKeyId: 'local-key-1' } },
      });
    });

    it('prefers a literal segment over a path parameter', async () => {
      await fetch(`${base}/orders/search`);
      expect(events.at(-1)?.arn).toBe(fnArn('Search'));
    });

    it('passes a JSON body through as text', async () => {
      await fetch(`${base}/echo`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"a":1}' });
      expect(events.at(-1)?.event.body).toBe('{"a":1}');
    });
  });

  describe('what API Gateway refuses', () => {
    it('answers an unknown path with its 403 Missing Authentication Token', async () => {
      const response = await fetch(`${base}/nowhere`);
      expect(response.status).toBe(403);
      expect(await response.json()).toEqual({ message: 'Missing Authentication Token' });
    });

    it('refuses an api-key route without a valid key', async () => {
      expect((await fetch(`${base}/orders/ord-1`)).status).toBe(403);
      expect((await fetch(`${base}/orders/ord-1`, { headers: { 'x-api-key': 'wrong' } })).status).toBe(403);
    });

    it('accepts an IAM route only with a valid SigV4 signature of that very body', async () => {
      const url = new URL(`${base}/shop-floor/progress`);
      const body = '{"operation":"cut"}';
      const signed = signV4('POST', url, body, new Date());
      const ok = await fetch(url, { method: 'POST', headers: { ...signed, 'content-type': 'application/json' }, body });
      const tampered = await fetch(url, { method: 'POST', headers: { ...signed, 'content-type': 'application/json' }, body: '{"operation":"weld"}' });
      const unsigned = await fetch(url, { method: 'POST', body });
      expect([ok.status, tampered.status, unsigned.status]).toEqual([200, 403, 403]);
    });

    it('answers 413 above the 10 MB payload limit', async () => {
      const response = await fetch(`${base}/echo`, { method: 'POST', body: 'x'.repeat(10 * 1024 * 1024 + 1) });
      expect(response.status).toBe(413);
    });

    it('answers 502 when the function fails, without leaking its error', async () => {
      const response = await fetch(`${base}/boom`);
      expect(response.status).toBe(502);
      expect(await response.text()).not.toContain('handler crashed');
    });

    it('answers 504 when the function outlives the integration timeout', async () => {
      expect((await fetch(`${base}/slow`)).status).toBe(504);
    });
  });
});
