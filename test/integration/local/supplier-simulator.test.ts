import { mkdtempSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Webhook } from 'standardwebhooks';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { SupplierSimulator, UnknownPurchaseOrderError, type ReceivedPurchaseOrder } from '../../../local/supplier-simulator/supplier-simulator';

const secret = `whsec_${Buffer.from('supplier-a-secret-0123456789abcdef').toString('base64')}`;
const po = (poId: string, supplierId = 'sup-a'): ReceivedPurchaseOrder => ({
  type: 'purchase-order.created',
  poId,
  orderId: 'ord-1',
  supplierId,
  lines: [{ componentId: 'oak-panel', quantity: 12, unit: 'pcs' }],
});

interface Received {
  readonly path: string;
  readonly id: string;
  readonly body: { type: string; data: Record<string, unknown> };
  readonly verified: boolean;
}

describe('SupplierSimulator (against a real HTTP endpoint verifying Standard Webhooks)', () => {
  const received: Received[] = [];
  let server: Server;
  let apiBaseUrl = '';

  beforeAll(async () => {
    server = createServer((request, response) => {
      let body = '';
      request.on('data', (chunk: Buffer) => (body += chunk.toString()));
      request.on('end', () => {
        const headers = { 'webhook-id': String(request.headers['webhook-id']), 'webhook-timestamp': String(request.headers['webhook-timestamp']), 'webhook-signature': String(request.headers['webhook-signature']) };
        let verified = true;
        try {
          new Webhook(secret).verify(body, headers);
        } catch {
          verified = false;
        }
        received.push({ path: request.url ?? '', id: headers['webhook-id'], body: JSON.parse(body) as Received['body'], verified });
        response.writeHead(200).end('{}');
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    apiBaseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));
  beforeEach(() => {
    received.length = 0;
  });

  const fast = { acknowledgeAfterMs: 0, shipAfterMs: 0, deliverAfterMs: 0 };

  describe('a normal supplier', () => {
    it('acknowledges, ships and delivers, in that order, with correctly signed webhooks to its own path', async () => {
      const simulator = new SupplierSimulator({ apiBaseUrl, secrets: { 'sup-a': secret }, defaultBehaviour: { mode: 'normal', ...fast } });
      simulator.start();
      simulator.receive(po('po-1'));
      await simulator.drain();
      await simulator.stop();
      expect(received.map((r) => r.body.type)).toEqual(['purchase_order.acknowledged', 'purchase_order.shipped', 'purchase_order.delivered']);
      expect(received.every((r) => r.verified && r.path === '/suppliers/sup-a/events')).toBe(true);
      expect(received[2]?.body.data).toMatchObject({ poId: 'po-1', lines: [{ componentId: 'oak-panel', quantity: 12, lotNumbers: [expect.stringMatching(/^LOT-/)] }] });
    });

    it('ignores a PO it has already received (a retried send)', async () => {
      const simulator = new SupplierSimulator({ apiBaseUrl, secrets: { 'sup-a': secret }, defaultBehaviour: { mode: 'normal', ...fast } });
      simulator.start();
      simulator.receive(po('po-2'));
      simulator.receive(po('po-2'));
      await simulator.drain();
      await simulator.stop();
      expect(received).toHaveLength(3);
    });
  });

  describe('behaviours', () => {
    it('rejects with a reason, stays silent, or confirms a late date, per supplier', async () => {
      const simulator = new SupplierSimulator({
        apiBaseUrl,
        secrets: { 'sup-r': secret, 'sup-s': secret, 'sup-l': secret },
        behaviours: { 'sup-r': { mode: 'reject', ...fast }, 'sup-s': { mode: 'silent' }, 'sup-l': { mode: 'late', ...fast, lateByDays: 30 } },
        now: () => Date.parse('2026-11-22T10:00:00Z'),
      });
      simulator.start();
      simulator.receive(po('po-r', 'sup-r'));
      simulator.receive(po('po-s', 'sup-s'));
      simulator.receive(po('po-l', 'sup-l'));
      await simulator.drain();
      await simulator.stop();
      expect(received.filter((r) => r.path.includes('sup-r')).map((r) => r.body.type)).toEqual(['purchase_order.rejected']);
      expect(received.filter((r) => r.path.includes('sup-s'))).toEqual([]);
      expect(received.find((r) => r.path.includes('sup-l'))?.body.data.confirmedDeliveryDate).toBe('2026-12-29') // 7 days' lead time + 30 days late;
    });

    it('moves a silent supplier\'s PO on by hand, and refuses an unknown PO', async () => {
      const simulator = new SupplierSimulator({ apiBaseUrl, secrets: { 'sup-s': secret }, behaviours: { 'sup-s': { mode: 'silent' } } });
      simulator.start();
      simulator.receive(po('po-h', 'sup-s'));
      expect(await simulator.act('sup-s', 'po-h', 'deliver')).toBe(200);
      await expect(simulator.act('sup-s', 'po-none', 'deliver')).rejects.toBeInstanceOf(UnknownPurchaseOrderError);
      await simulator.stop();
      expect(received.map((r) => r.body.type)).toEqual(['purchase_order.delivered']);
    });
  });

  describe('durability', () => {
    it('after a restart sends what was still due, with the same webhook ids', async () => {
      // Prepare: a supplier that would answer in an hour
      const dataDir = mkdtempSync(join(tmpdir(), 'sim-'));
      let now = Date.parse('2026-11-22T10:00:00Z');
      const options = { apiBaseUrl, secrets: { 'sup-a': secret }, dataDir, defaultBehaviour: { mode: 'normal' as const, acknowledgeAfterMs: 3_600_000, shipAfterMs: 7_200_000, deliverAfterMs: 7_200_000 }, now: () => now };
      const first = new SupplierSimulator(options);
      first.start();
      first.receive(po('po-d'));
      await first.stop();

      // Act: restart 90 minutes later
      now += 90 * 60_000;
      const second = new SupplierSimulator(options);
      second.start();
      await new Promise((r) => setTimeout(r, 200));
      await second.drain();

      // Assess: the overdue acknowledgement went out, the rest is still pending
      expect(received.map((r) => [r.body.type, r.id])).toEqual([['purchase_order.acknowledged', 'msg_po-d_acknowledge']]);
      expect(second.list()).toEqual([expect.objectContaining({ poId: 'po-d', sent: ['acknowledge'], pending: [expect.objectContaining({ action: 'ship' }), expect.objectContaining({ action: 'deliver' })] })]);
      await second.stop();
    });
  });
});
