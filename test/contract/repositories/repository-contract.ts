/**
 * The behaviour every implementation of the repository ports must show, as ONE suite run against
 * the in-memory twins (unit project) and against DynamoDB on DynamoDB Local (integration project).
 * If the twins pass and DynamoDB passes, use-case tests built on the twins tell the truth.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { seedCatalog } from '../../../functions/domain/catalog/seed';
import type { ApprovalRepository } from '../../../functions/ports/approval-repository';
import type { CallbackPurpose } from '../../../functions/domain/procurement/callback.types';
import type { CallbackRepository, WaitToOpen } from '../../../functions/ports/callback-repository';
import type { CatalogRepository } from '../../../functions/ports/catalog-repository';
import {
  ApprovalAlreadyDecidedError,
  ApprovalAlreadyExistsError,
  ApprovalLinkRevokedError,
  ApprovalNotFoundError,
  CallbackAlreadyCompletedError,
  CallbackExpiredError,
  CallbackNotFoundError,
  ConcurrentModificationError,
  IdempotencyKeyInProgressError,
  IdempotencyKeyReuseError,
  IdempotencyRecordNotInProgressError,
  IdempotentRequestCompletedError,
  InsufficientStockError,
  InvalidCursorError,
  InvalidRepositoryInputError,
  OrderAlreadyExistsError,
  OrderNotFoundError,
  PurchaseOrderAlreadyExistsError,
  PurchaseOrderNotFoundError,
  ReservationAlreadyExistsError,
  StockNotFoundError,
  TimelineEntryAlreadyExistsError,
} from '../../../functions/ports/data-errors';
import type { CompletedRequest, IdempotencyStore } from '../../../functions/ports/idempotency-store';
import type { OrderRepository } from '../../../functions/ports/order-repository';
import type { PurchaseOrderRepository } from '../../../functions/ports/purchase-order-repository';
import { MAX_COMPONENTS_AT_ONCE, type StockRepository } from '../../../functions/ports/stock-repository';
import type { OrderChildrenReader } from '../../../functions/ports/order-children';
import type { WebhookDedupStore } from '../../../functions/ports/webhook-dedup-store';
import { aNewCallback, aPurchaseOrder, aTimelineEntry, anApproval, anOrder, collectPages, failure, instant, uniqueId } from './fixtures';

export interface Repositories {
  readonly orders: OrderRepository;
  readonly approvals: ApprovalRepository;
  readonly purchaseOrders: PurchaseOrderRepository;
  readonly orderChildren: OrderChildrenReader;
  readonly stock: StockRepository;
  readonly callbacks: CallbackRepository;
  readonly idempotency: IdempotencyStore;
  readonly webhooks: WebhookDedupStore;
  readonly catalog: CatalogRepository;
}

export interface RepositoryFixture {
  /** Fresh, empty repositories (DynamoDB: a new table). */
  create(): Promise<Repositories>;
  /** Frees what `create` made (DynamoDB: drops the table). */
  dispose(): Promise<void>;
}

const epochSeconds = (iso: string): number => Math.floor(Date.parse(iso) / 1000);

export function describeRepositoryContract(implementation: string, fixture: RepositoryFixture): void {
  describe(`repository contract: ${implementation}`, () => {
    let repos: Repositories;

    beforeEach(async () => {
      repos = await fixture.create();
    });

    afterEach(async () => {
      await fixture.dispose();
    });

    describe('OrderRepository', () => {
      describe('create and get', () => {
        it('returns the stored order exactly as created', async () => {
          // Prepare
          const order = anOrder({ notes: 'Deliver to the back door' });

          // Act
          await repos.orders.create(order);
          const read = await repos.orders.get(order.orderId);

          // Assess
          expect(read).toEqual(order);
        });

        it('returns undefined for an order that does not exist', async () => {
          // Act
          const read = await repos.orders.get(uniqueId('ord'));

          // Assess
          expect(read).toBeUndefined();
        });

        it('refuses to overwrite an existing order with OrderAlreadyExistsError', async () => {
          // Prepare
          const order = anOrder();
          await repos.orders.create(order);

          // Act
          const attempt = await failure(repos.orders.create({ ...order, notes: 'impostor' }));

          // Assess
          expect(attempt).toBeInstanceOf(OrderAlreadyExistsError);
          expect((await repos.orders.get(order.orderId))?.notes).toBeUndefined();
        });

        it('stores the first timeline entries with the order', async () => {
          // Prepare
          const order = anOrder();
          const entry = aTimelineEntry(order.orderId, 1, { type: 'OrderPlaced' });

          // Act
          await repos.orders.create(order, [entry]);

          // Assess
          expect((await repos.orders.listTimeline(order.orderId)).items).toEqual([entry]);
        });

        it('refuses a new order whose version is not 1, naming the field', async () => {
          // Act
          const attempt = await failure(repos.orders.create(anOrder({ version: 2 })));

          // Assess
          expect(attempt).toMatchObject({ name: 'InvalidRepositoryInputError', field: 'order.version' });
        });
      });

      describe('create with an idempotency record (one write)', () => {
        const record = (overrides: Partial<CompletedRequest> = {}): CompletedRequest => ({
          scope: 'placeOrder:api-key-1',
          key: uniqueId('idem'),
          requestHash: 'sha256:aaa',
          response: { statusCode: 201, headers: { Location: '/orders/o-1', 'Content-Type': 'application/json' }, body: '{"orderId":"o-1"}' },
          now: instant(0),
          ttlSeconds: 24 * 3600,
          ...overrides,
        });

        it('stores the order, its entries and the completed record together', async () => {
          // Prepare
          const order = anOrder();
          const entry = aTimelineEntry(order.orderId, 1, { type: 'OrderPlaced' });
          const request = record();

          // Act
          await repos.orders.create(order, [entry], { idempotency: request });

          // Assess
          expect(await repos.orders.get(order.orderId)).toEqual(order);
          expect((await repos.orders.listTimeline(order.orderId)).items).toEqual([entry]);
          expect(await repos.idempotency.get(request.scope, request.key)).toMatchObject({ status: 'completed', requestHash: 'sha256:aaa', response: request.response });
        });

        it('reports the stored response to a second create of the same key and request, writing nothing', async () => {
          // Prepare
          const order = anOrder();
          const request = record();
          await repos.orders.create(order, [aTimelineEntry(order.orderId, 1)], { idempotency: request });

          // Act
          const attempt = await failure(repos.orders.create({ ...order, notes: 'second attempt' }, [aTimelineEntry(order.orderId, 2)], { idempotency: { ...request, now: instant(5), response: { ...request.response, body: '{}' } } }));

          // Assess
          expect(attempt).toBeInstanceOf(IdempotentRequestCompletedError);
          expect((attempt as IdempotentRequestCompletedError).response).toEqual(request.response);
          expect((await repos.orders.get(order.orderId))?.notes).toBeUndefined();
          expect((await repos.orders.listTimeline(order.orderId)).items).toHaveLength(1);
        });

        it('lets exactly one of two concurrent creates of the same request through; the other gets the stored response', async () => {
          // Prepare
          const order = anOrder();
          const request = record();

          // Act
          const outcomes = await Promise.allSettled([1, 2].map((attempt) => repos.orders.create(order, [aTimelineEntry(order.orderId, 1)], { idempotency: { ...request, response: { ...request.response, body: `attempt ${attempt}` } } })));

          // Assess
          const created = outcomes.filter((outcome) => outcome.status === 'fulfilled');
          const refused = outcomes.flatMap((outcome) => (outcome.status === 'rejected' ? [outcome.reason as unknown] : []));
          expect(created).toHaveLength(1);
          expect(refused).toHaveLength(1);
          expect(refused[0]).toBeInstanceOf(IdempotentRequestCompletedError);
          const stored = await repos.idempotency.get(request.scope, request.key);
          expect((refused[0] as IdempotentRequestCompletedError).response).toEqual(stored?.response);
        });

        it('refuses the key for a different request with IdempotencyKeyReuseError and writes nothing', async () => {
          // Prepare
          const request = record();
          await repos.orders.create(anOrder(), [], { idempotency: request });
          const other = anOrder();

          // Act
          const attempt = await failure(repos.orders.create(other, [aTimelineEntry(other.orderId, 1)], { idempotency: { ...request, requestHash: 'sha256:bbb' } }));

          // Assess
          expect(attempt).toBeInstanceOf(IdempotencyKeyReuseError);
          expect(await repos.orders.get(other.orderId)).toBeUndefined();
          expect((await repos.orders.listTimeline(other.orderId)).items).toEqual([]);
          expect(await repos.idempotency.get(request.scope, request.key)).toMatchObject({ requestHash: 'sha256:aaa' });
        });

        it('treats a record past its TTL as absent: a new order takes the key; the same order is OrderAlreadyExistsError', async () => {
          // Prepare
          const first = anOrder();
          const request = record({ ttlSeconds: 60 });
          await repos.orders.create(first, [], { idempotency: request });
          const later = { ...request, requestHash: 'sha256:later', now: instant(2) };

          // Act
          const sameOrder = await failure(repos.orders.create(first, [], { idempotency: later }));
          const next = anOrder();
          await repos.orders.create(next, [], { idempotency: later });

          // Assess
          expect(sameOrder).toBeInstanceOf(OrderAlreadyExistsError);
          expect(await repos.orders.get(next.orderId)).toEqual(next);
          expect(await repos.idempotency.get(request.scope, request.key)).toMatchObject({ status: 'completed', requestHash: 'sha256:later' });
        });

        it('refuses a key an in-progress claim of the same request holds within its lock, and takes it over after', async () => {
          // Prepare
          const request = record();
          await repos.idempotency.claim({ scope: request.scope, key: request.key, requestHash: request.requestHash, now: instant(0), lockSeconds: 30, ttlSeconds: request.ttlSeconds });
          const order = anOrder();

          // Act
          const held = await failure(repos.orders.create(order, [], { idempotency: { ...request, now: instant(0.25) } }));
          const heldOrder = await repos.orders.get(order.orderId);
          await repos.orders.create(order, [], { idempotency: { ...request, now: instant(1) } });

          // Assess
          expect(held).toBeInstanceOf(IdempotencyKeyInProgressError);
          expect(heldOrder).toBeUndefined();
          expect(await repos.idempotency.get(request.scope, request.key)).toMatchObject({ status: 'completed', response: request.response });
        });

        it('refuses a malformed record, naming the field', async () => {
          // Act
          const attempt = await failure(repos.orders.create(anOrder(), [], { idempotency: record({ ttlSeconds: 0 }) }));

          // Assess
          expect(attempt).toMatchObject({ name: 'InvalidRepositoryInputError', field: 'ttlSeconds' });
        });
      });

      describe('saveTransition', () => {
        it('stores the change with version expectedVersion + 1 and its timeline entries', async () => {
          // Prepare
          const order = anOrder();
          await repos.orders.create(order);
          const entries = [aTimelineEntry(order.orderId, 1), aTimelineEntry(order.orderId, 2)];

          // Act
          const saved = await repos.orders.saveTransition({ ...order, status: 'in_review', updatedAt: instant(5) }, 1, entries);

          // Assess
          expect(saved.version).toBe(2);
          expect(await repos.orders.get(order.orderId)).toEqual({ ...order, status: 'in_review', updatedAt: instant(5), version: 2 });
          expect((await repos.orders.listTimeline(order.orderId)).items).toEqual(entries);
        });

        it('refuses a stale version with ConcurrentModificationError and writes nothing', async () => {
          // Prepare
          const order = anOrder();
          await repos.orders.create(order);
          await repos.orders.saveTransition({ ...order, status: 'in_review' }, 1, [aTimelineEntry(order.orderId, 1)]);

          // Act
          const attempt = await failure(repos.orders.saveTransition({ ...order, status: 'cancelled' }, 1, [aTimelineEntry(order.orderId, 2)]));

          // Assess
          expect(attempt).toBeInstanceOf(ConcurrentModificationError);
          expect(attempt).toMatchObject({ orderId: order.orderId, expectedVersion: 1, actualVersion: 2 });
          expect((await repos.orders.get(order.orderId))?.status).toBe('in_review');
          expect((await repos.orders.listTimeline(order.orderId)).items).toHaveLength(1);
        });

        it('refuses a change to an order that does not exist with OrderNotFoundError', async () => {
          // Prepare
          const order = anOrder();

          // Act
          const attempt = await failure(repos.orders.saveTransition(order, 1, [aTimelineEntry(order.orderId, 1)]));

          // Assess
          expect(attempt).toBeInstanceOf(OrderNotFoundError);
          expect(await repos.orders.get(order.orderId)).toBeUndefined();
        });

        it('writes neither the order change nor any entry when one entry id is taken', async () => {
          // Prepare
          const order = anOrder();
          const taken = aTimelineEntry(order.orderId, 1);
          await repos.orders.create(order, [taken]);

          // Act
          const attempt = await failure(repos.orders.saveTransition({ ...order, status: 'in_review' }, 1, [aTimelineEntry(order.orderId, 2), taken]));

          // Assess
          expect(attempt).toBeInstanceOf(TimelineEntryAlreadyExistsError);
          expect(await repos.orders.get(order.orderId)).toEqual(order);
          expect((await repos.orders.listTimeline(order.orderId)).items).toEqual([taken]);
        });

        it('refuses timeline entries of another order, naming the field', async () => {
          // Prepare
          const order = anOrder();
          await repos.orders.create(order);

          // Act
          const attempt = await failure(repos.orders.saveTransition(order, 1, [aTimelineEntry(uniqueId('ord'), 1)]));

          // Assess
          expect(attempt).toMatchObject({ name: 'InvalidRepositoryInputError', field: 'timelineEntries[0].orderId' });
        });

        it('update stores a change without timeline entries under the same locking', async () => {
          // Prepare
          const order = anOrder();
          await repos.orders.create(order);

          // Act
          const updated = await repos.orders.update({ ...order, executionArn: 'arn:aws:states:eu-west-1:1:execution:m:x' }, 1);
          const stale = await failure(repos.orders.update(order, 1));

          // Assess
          expect(updated.version).toBe(2);
          expect(stale).toBeInstanceOf(ConcurrentModificationError);
          expect((await repos.orders.get(order.orderId))?.executionArn).toBe('arn:aws:states:eu-west-1:1:execution:m:x');
        });
      });

      describe('appendTimeline', () => {
        it('appends entries in order without changing the order', async () => {
          // Prepare
          const order = anOrder();
          await repos.orders.create(order, [aTimelineEntry(order.orderId, 1)]);

          // Act
          await repos.orders.appendTimeline(order.orderId, [aTimelineEntry(order.orderId, 3), aTimelineEntry(order.orderId, 2)]);

          // Assess
          const timeline = await repos.orders.listTimeline(order.orderId);
          expect(timeline.items.map((entry) => entry.summary)).toEqual(['Step 1', 'Step 2', 'Step 3']);
          expect(await repos.orders.get(order.orderId)).toEqual(order);
        });

        it('refuses entries for an order that does not exist with OrderNotFoundError', async () => {
          // Prepare
          const orderId = uniqueId('ord');

          // Act
          const attempt = await failure(repos.orders.appendTimeline(orderId, [aTimelineEntry(orderId, 1)]));

          // Assess
          expect(attempt).toBeInstanceOf(OrderNotFoundError);
          expect((await repos.orders.listTimeline(orderId)).items).toEqual([]);
        });

        it('appends for an order the caller just read (orderRead), one entry or several, and names a taken id', async () => {
          // Prepare
          const order = anOrder();
          await repos.orders.create(order, [aTimelineEntry(order.orderId, 1)]);

          // Act
          await repos.orders.appendTimeline(order.orderId, [aTimelineEntry(order.orderId, 2)], { orderRead: true });
          await repos.orders.appendTimeline(order.orderId, [aTimelineEntry(order.orderId, 4), aTimelineEntry(order.orderId, 3)], { orderRead: true });
          const single = await failure(repos.orders.appendTimeline(order.orderId, [aTimelineEntry(order.orderId, 2)], { orderRead: true }));
          const several = await failure(repos.orders.appendTimeline(order.orderId, [aTimelineEntry(order.orderId, 5), aTimelineEntry(order.orderId, 3)], { orderRead: true }));

          // Assess
          const timeline = await repos.orders.listTimeline(order.orderId);
          expect(timeline.items.map((entry) => entry.summary)).toEqual(['Step 1', 'Step 2', 'Step 3', 'Step 4']);
          expect(single).toMatchObject({ name: 'TimelineEntryAlreadyExistsError' });
          expect((single as Error).message).toContain(aTimelineEntry(order.orderId, 2).entryId);
          expect(several).toMatchObject({ name: 'TimelineEntryAlreadyExistsError' });
          expect((several as Error).message).toContain(aTimelineEntry(order.orderId, 3).entryId);
          expect(await repos.orders.get(order.orderId)).toEqual(order);
        });
      });

      describe('findTimelineEntries', () => {
        it("finds the entries of one write by their ids' prefix, oldest first, and no others", async () => {
          // Prepare
          const order = anOrder();
          const at = instant(7);
          const entry = (tag: string, sequence: number) => aTimelineEntry(order.orderId, sequence, { at, entryId: `${at}#${tag}#${String(sequence).padStart(4, '0')}`, summary: `${tag} ${sequence}` });
          await repos.orders.create(order, [aTimelineEntry(order.orderId, 1)]);
          await repos.orders.appendTimeline(order.orderId, [entry('po-1', 1), entry('po-1', 0), entry('po-10', 0)]);

          // Act
          const found = await repos.orders.findTimelineEntries(order.orderId, `${at}#po-1#`);
          const none = await repos.orders.findTimelineEntries(order.orderId, `${instant(8)}#po-1#`);

          // Assess
          expect(found.map((item) => item.summary)).toEqual(['po-1 0', 'po-1 1']);
          expect(found[0]).toEqual(entry('po-1', 0));
          expect(none).toEqual([]);
        });

        it('refuses an empty prefix, naming it', async () => {
          // Act
          const attempt = await failure(repos.orders.findTimelineEntries('ord-1', ''));

          // Assess
          expect(attempt).toMatchObject({ name: 'InvalidRepositoryInputError', field: 'entryIdPrefix' });
        });
      });

      describe('lists', () => {
        it('lists the orders of one status newest first, following status changes', async () => {
          // Prepare
          const older = anOrder({ createdAt: instant(1) });
          const newer = anOrder({ createdAt: instant(2) });
          const moved = anOrder({ createdAt: instant(3) });
          for (const order of [older, newer, moved]) await repos.orders.create(order);
          await repos.orders.saveTransition({ ...moved, status: 'in_review' }, 1, []);

          // Act
          const received = await repos.orders.listByStatus('received');
          const inReview = await repos.orders.listByStatus('in_review');

          // Assess
          expect(received.items.map((order) => order.orderId)).toEqual([newer.orderId, older.orderId]);
          expect(inReview.items.map((order) => order.orderId)).toEqual([moved.orderId]);
          expect(received.nextCursor).toBeUndefined();
        });

        it("lists one customer's orders newest first", async () => {
          // Prepare
          const customer = { customerId: uniqueId('cust'), name: 'Bo', email: 'bo@example.com' };
          const first = anOrder({ customer, createdAt: instant(1) });
          const second = anOrder({ customer, createdAt: instant(2), status: 'delivered' });
          await repos.orders.create(first);
          await repos.orders.create(second);
          await repos.orders.create(anOrder());

          // Act
          const page = await repos.orders.listByCustomer(customer.customerId);

          // Assess
          expect(page.items.map((order) => order.orderId)).toEqual([second.orderId, first.orderId]);
        });

        it('pages through every order exactly once, with a cursor only while more follow', async () => {
          // Prepare
          const created = Array.from({ length: 7 }, (_, index) => anOrder({ createdAt: instant(index) }));
          for (const order of created) await repos.orders.create(order);

          // Act
          const { items, pages } = await collectPages((cursor) => repos.orders.listByStatus('received', { limit: 3, ...(cursor === undefined ? {} : { cursor }) }));

          // Assess
          expect(pages).toBe(3);
          expect(items.map((order) => order.orderId)).toEqual(created.map((order) => order.orderId).reverse());
        });

        it('refuses a malformed cursor with InvalidCursorError', async () => {
          // Act
          const garbage = await failure(repos.orders.listByStatus('received', { cursor: 'not a cursor!' }));
          const notJson = await failure(repos.orders.listByStatus('received', { cursor: Buffer.from('{{{').toString('base64url') }));

          // Assess
          expect(garbage).toBeInstanceOf(InvalidCursorError);
          expect(notJson).toBeInstanceOf(InvalidCursorError);
        });

        it('refuses a cursor handed out by another list with InvalidCursorError', async () => {
          // Prepare
          for (let index = 0; index < 3; index += 1) await repos.orders.create(anOrder({ createdAt: instant(index) }));
          const page = await repos.orders.listByStatus('received', { limit: 1 });

          // Act
          const attempt = await failure(repos.orders.listByStatus('cancelled', { limit: 1, cursor: page.nextCursor ?? '' }));

          // Assess
          expect(page.nextCursor).toBeDefined();
          expect(attempt).toBeInstanceOf(InvalidCursorError);
        });

        it('refuses a page size outside 1..100, naming the limit', async () => {
          // Act
          const zero = await failure(repos.orders.listByStatus('received', { limit: 0 }));
          const tooMany = await failure(repos.orders.listByCustomer('c', { limit: 101 }));

          // Assess
          expect(zero).toMatchObject({ name: 'InvalidRepositoryInputError', field: 'limit' });
          expect(tooMany).toBeInstanceOf(InvalidRepositoryInputError);
        });

        it('pages through a timeline in the order things happened', async () => {
          // Prepare
          const order = anOrder();
          const entries = Array.from({ length: 5 }, (_, index) => aTimelineEntry(order.orderId, index + 1));
          await repos.orders.create(order, entries);

          // Act
          const { items } = await collectPages((cursor) => repos.orders.listTimeline(order.orderId, { limit: 2, ...(cursor === undefined ? {} : { cursor }) }));

          // Assess
          expect(items).toEqual(entries);
        });
      });
    });

    describe('ApprovalRepository', () => {
      const decision = (decidedBy: string, outcome: 'approved' | 'rejected' = 'approved') =>
        ({ outcome, decidedBy, decidedAt: instant(10), channel: 'email' }) as const;

      it('stores and returns an approval; refuses a duplicate id', async () => {
        // Prepare
        const approval = anApproval();

        // Act
        await repos.approvals.create(approval);
        const duplicate = await failure(repos.approvals.create(approval));

        // Assess
        expect(await repos.approvals.get(approval.approvalId)).toEqual(approval);
        expect(duplicate).toBeInstanceOf(ApprovalAlreadyExistsError);
      });

      it('records the first decision; a second decision learns the first with ApprovalAlreadyDecidedError', async () => {
        // Prepare
        const approval = anApproval();
        await repos.approvals.create(approval);

        // Act
        const decided = await repos.approvals.recordDecision(approval.approvalId, decision('first@example.com'));
        const late = await failure(repos.approvals.recordDecision(approval.approvalId, { ...decision('second@example.com', 'rejected'), channel: 'slack' }));

        // Assess
        expect(decided).toMatchObject({ status: 'approved', version: 2, decision: decision('first@example.com') });
        expect(late).toBeInstanceOf(ApprovalAlreadyDecidedError);
        expect(late).toMatchObject({ status: 'approved', decision: { decidedBy: 'first@example.com' } });
        expect((await repos.approvals.get(approval.approvalId))?.decision?.decidedBy).toBe('first@example.com');
      });

      it('refuses a decision through a link of an older generation after a re-issue', async () => {
        // Prepare
        const approval = anApproval();
        await repos.approvals.create(approval);

        // Act
        const reissued = await repos.approvals.reissue(approval.approvalId, { callbackId: 'cb-2', expiresAt: instant(9000), approvers: ['eng@example.com', 'boss@example.com'] });
        const oldLink = await failure(repos.approvals.recordDecision(approval.approvalId, decision('eng@example.com'), { linkGeneration: 1 }));
        const newLink = await repos.approvals.recordDecision(approval.approvalId, decision('boss@example.com'), { linkGeneration: 2 });

        // Assess
        expect(reissued).toMatchObject({ linkGeneration: 2, callbackId: 'cb-2', version: 2, approvers: ['eng@example.com', 'boss@example.com'] });
        expect(oldLink).toBeInstanceOf(ApprovalLinkRevokedError);
        expect(oldLink).toMatchObject({ usedGeneration: 1, currentGeneration: 2 });
        expect(newLink).toMatchObject({ status: 'approved', version: 3 });
      });

      it('revokes or expires only a pending approval', async () => {
        // Prepare
        const revoked = anApproval();
        const expired = anApproval();
        await repos.approvals.create(revoked);
        await repos.approvals.create(expired);

        // Act
        await repos.approvals.revoke(revoked.approvalId);
        await repos.approvals.expire(expired.approvalId);
        const decideRevoked = await failure(repos.approvals.recordDecision(revoked.approvalId, decision('x@example.com')));
        const reissueExpired = await failure(repos.approvals.reissue(expired.approvalId, { callbackId: 'cb-3', expiresAt: instant(9000) }));

        // Assess
        expect(decideRevoked).toMatchObject({ name: 'ApprovalAlreadyDecidedError', status: 'revoked', decision: undefined });
        expect(reissueExpired).toMatchObject({ name: 'ApprovalAlreadyDecidedError', status: 'expired' });
      });

      it('names a missing approval with ApprovalNotFoundError', async () => {
        // Act
        const attempt = await failure(repos.approvals.recordDecision(uniqueId('apr'), decision('x@example.com')));

        // Assess
        expect(attempt).toBeInstanceOf(ApprovalNotFoundError);
      });

      it('updates with optimistic locking', async () => {
        // Prepare
        const approval = anApproval();
        await repos.approvals.create(approval);

        // Act
        const updated = await repos.approvals.update({ ...approval, slackMessage: { channel: 'C1', ts: '1.2' } }, 1);
        const stale = await failure(repos.approvals.update({ ...approval, subject: 'lost' }, 1));

        // Assess
        expect(updated.version).toBe(2);
        expect(stale).toMatchObject({ name: 'ConcurrentModificationError', entity: 'approval', expectedVersion: 1, actualVersion: 2 });
        expect((await repos.approvals.get(approval.approvalId))?.slackMessage).toEqual({ channel: 'C1', ts: '1.2' });
      });

      it("lists an order's approvals oldest first", async () => {
        // Prepare
        const orderId = uniqueId('ord');
        const second = anApproval({ orderId, requestedAt: instant(2) });
        const first = anApproval({ orderId, requestedAt: instant(1) });
        await repos.approvals.create(second);
        await repos.approvals.create(first);
        await repos.approvals.create(anApproval());

        // Act
        const page = await repos.approvals.listByOrder(orderId);

        // Assess
        expect(page.items.map((approval) => approval.approvalId)).toEqual([first.approvalId, second.approvalId]);
      });
    });

    describe('PurchaseOrderRepository', () => {
      it('creates idempotently: the same PO again is returned, not duplicated', async () => {
        // Prepare
        const po = aPurchaseOrder();
        await repos.purchaseOrders.create(po);

        // Act
        const again = await repos.purchaseOrders.create({ ...po, createdAt: instant(5) });

        // Assess
        expect(again).toEqual({ created: false, purchaseOrder: po });
        expect((await repos.purchaseOrders.listByOrder(po.orderId)).items).toEqual([po]);
      });

      it('refuses another PO under a taken id with PurchaseOrderAlreadyExistsError', async () => {
        // Prepare
        const po = aPurchaseOrder();
        await repos.purchaseOrders.create(po);

        // Act
        const attempt = await failure(repos.purchaseOrders.create({ ...po, supplierId: uniqueId('sup') }));

        // Assess
        expect(attempt).toBeInstanceOf(PurchaseOrderAlreadyExistsError);
      });

      it('updates the status with optimistic locking', async () => {
        // Prepare
        const po = aPurchaseOrder();
        await repos.purchaseOrders.create(po);

        // Act
        const sent = await repos.purchaseOrders.update({ ...po, status: 'sent' }, 1);
        const stale = await failure(repos.purchaseOrders.update({ ...po, status: 'cancelled' }, 1));
        const missing = await failure(repos.purchaseOrders.update(aPurchaseOrder(), 1));

        // Assess
        expect(sent).toMatchObject({ status: 'sent', version: 2 });
        expect(stale).toMatchObject({ name: 'ConcurrentModificationError', entity: 'purchase-order', orderId: po.orderId });
        expect(missing).toBeInstanceOf(PurchaseOrderNotFoundError);
        expect((await repos.purchaseOrders.get(po.poId))?.status).toBe('sent');
      });

      describe('keepEarlyAnswer (a supplier answer before its wait opened)', () => {
        const delivery = { kind: 'delivery' as const, value: { lotNumbers: { 'oak-panel-40': ['LOT-1'] }, deliveredAt: instant(3), receivedAt: instant(3) } };
        const receipt = () => ({ source: 'supplier-b', webhookId: uniqueId('msg'), receivedAt: instant(3), ttlSeconds: 3600 });

        it('keeps the answer once, with the webhook receipt in the same write (version + 1); a redelivery writes nothing', async () => {
          // Prepare
          const po = aPurchaseOrder({ status: 'sent' });
          await repos.purchaseOrders.create(po);
          const first = receipt();

          // Act
          const kept = await repos.purchaseOrders.keepEarlyAnswer(po.poId, delivery, { statuses: ['sent', 'acknowledged'], receipt: first });
          const redelivered = await failure(repos.purchaseOrders.keepEarlyAnswer(po.poId, { kind: 'shipment', value: { trackingNumber: '1Z', receivedAt: instant(4) } }, { statuses: ['sent'], receipt: { ...first, receivedAt: instant(4) } }));

          // Assess
          expect(kept).toEqual({ kept: true, purchaseOrder: { ...po, earlyDelivery: delivery.value, version: 2 } });
          expect(await repos.webhooks.seen(first.source, first.webhookId, instant(5))).toBe(true);
          expect(redelivered).toMatchObject({ name: 'WebhookAlreadyReceivedError', webhookId: first.webhookId });
          expect(await repos.purchaseOrders.get(po.poId)).toEqual({ ...po, earlyDelivery: delivery.value, version: 2 });
        });

        it('keeps nothing (and no receipt) when an answer of that kind is kept or the status does not fit; refuses a step update read before', async () => {
          // Prepare
          const po = aPurchaseOrder({ status: 'sent' });
          const closed = aPurchaseOrder({ status: 'cancelled' });
          await repos.purchaseOrders.create(po);
          await repos.purchaseOrders.create(closed);
          await repos.purchaseOrders.keepEarlyAnswer(po.poId, { kind: 'shipment', value: { trackingNumber: '1Z', carrier: 'Freight', receivedAt: instant(2) } }, { statuses: ['sent'] });
          const refusedReceipt = receipt();

          // Act
          const second = await repos.purchaseOrders.keepEarlyAnswer(po.poId, { kind: 'shipment', value: { trackingNumber: '2Z', receivedAt: instant(3) } }, { statuses: ['sent'] });
          const wrongStatus = await repos.purchaseOrders.keepEarlyAnswer(closed.poId, delivery, { statuses: ['sent'], receipt: refusedReceipt });
          const missing = await failure(repos.purchaseOrders.keepEarlyAnswer(uniqueId('po'), delivery, { statuses: ['sent'] }));
          const staleUpdate = await failure(repos.purchaseOrders.update({ ...po, status: 'acknowledged' }, 1));

          // Assess
          expect(second).toEqual({ kept: false, purchaseOrder: { ...po, earlyShipment: { trackingNumber: '1Z', carrier: 'Freight', receivedAt: instant(2) }, version: 2 } });
          expect(wrongStatus).toEqual({ kept: false, purchaseOrder: closed });
          expect(await repos.webhooks.seen(refusedReceipt.source, refusedReceipt.webhookId, instant(4))).toBe(false);
          expect(missing).toBeInstanceOf(PurchaseOrderNotFoundError);
          expect(staleUpdate).toBeInstanceOf(ConcurrentModificationError);
        });
      });

      it('lists by order oldest first and by supplier newest first', async () => {
        // Prepare
        const orderId = uniqueId('ord');
        const supplierId = uniqueId('sup');
        const early = aPurchaseOrder({ orderId, supplierId, createdAt: instant(1) });
        const late = aPurchaseOrder({ orderId, supplierId, createdAt: instant(2) });
        const otherOrder = aPurchaseOrder({ supplierId, createdAt: instant(3) });
        for (const po of [late, otherOrder, early]) await repos.purchaseOrders.create(po);

        // Act
        const byOrder = await repos.purchaseOrders.listByOrder(orderId);
        const bySupplier = await repos.purchaseOrders.listBySupplier(supplierId);

        // Assess
        expect(byOrder.items.map((po) => po.poId)).toEqual([early.poId, late.poId]);
        expect(bySupplier.items.map((po) => po.poId)).toEqual([otherOrder.poId, late.poId, early.poId]);
      });
    });

    describe('OrderChildrenReader', () => {
      it("lists an order's approvals and POs together, each oldest first, and nothing of other orders", async () => {
        // Prepare
        const orderId = uniqueId('ord');
        const laterApproval = anApproval({ orderId, requestedAt: instant(3) });
        const earlierApproval = anApproval({ orderId, requestedAt: instant(1) });
        const laterPo = aPurchaseOrder({ orderId, createdAt: instant(4), updatedAt: instant(4) });
        const earlierPo = aPurchaseOrder({ orderId, createdAt: instant(2), updatedAt: instant(2) });
        for (const approval of [laterApproval, earlierApproval, anApproval()]) await repos.approvals.create(approval);
        for (const po of [laterPo, earlierPo, aPurchaseOrder()]) await repos.purchaseOrders.create(po);
        const sent = await repos.purchaseOrders.update({ ...earlierPo, status: 'sent' }, earlierPo.version);

        // Act
        const children = await repos.orderChildren.listChildren(orderId);

        // Assess
        expect(children.approvals).toEqual([earlierApproval, laterApproval]);
        expect(children.purchaseOrders).toEqual([sent, laterPo]);
      });

      it('lists nothing for an order without approvals or POs, and refuses a malformed order id', async () => {
        // Act
        const children = await repos.orderChildren.listChildren(uniqueId('ord'));
        const malformed = await failure(repos.orderChildren.listChildren(''));

        // Assess
        expect(children).toEqual({ approvals: [], purchaseOrders: [] });
        expect(malformed).toMatchObject({ name: 'InvalidRepositoryInputError', field: 'orderId' });
      });
    });

    describe('StockRepository', () => {
      const level = (componentId: string, onHand: number, reserved = 0) => ({ componentId, onHand, reserved, unit: 'pcs', version: 1 });
      const reservation = (orderId: string, componentId: string, quantity: number) => ({ orderId, componentId, quantity, reservedAt: instant(1) });

      it('reserves from available stock and records the reservation', async () => {
        // Prepare
        const componentId = uniqueId('cmp');
        const orderId = uniqueId('ord');
        await repos.stock.put(level(componentId, 10, 2));

        // Act
        const outcome = await repos.stock.reserve(reservation(orderId, componentId, 5));

        // Assess
        expect(outcome).toBe('reserved');
        expect(await repos.stock.get(componentId)).toEqual({ ...level(componentId, 10, 7), version: 2 });
        expect(await repos.stock.listReservations(orderId)).toEqual([reservation(orderId, componentId, 5)]);
      });

      it('reserves once per order and component: a retry changes nothing', async () => {
        // Prepare
        const componentId = uniqueId('cmp');
        const orderId = uniqueId('ord');
        await repos.stock.put(level(componentId, 10));
        await repos.stock.reserve(reservation(orderId, componentId, 4));

        // Act
        const retry = await repos.stock.reserve(reservation(orderId, componentId, 4));
        const different = await failure(repos.stock.reserve(reservation(orderId, componentId, 6)));

        // Assess
        expect(retry).toBe('already-reserved');
        expect(different).toBeInstanceOf(ReservationAlreadyExistsError);
        expect(different).toMatchObject({ existingQuantity: 4 });
        expect((await repos.stock.get(componentId))?.reserved).toBe(4);
      });

      it('refuses more than is available with InsufficientStockError and reserves nothing', async () => {
        // Prepare
        const componentId = uniqueId('cmp');
        const orderId = uniqueId('ord');
        await repos.stock.put(level(componentId, 5, 3));

        // Act
        const attempt = await failure(repos.stock.reserve(reservation(orderId, componentId, 3)));

        // Assess
        expect(attempt).toBeInstanceOf(InsufficientStockError);
        expect(attempt).toMatchObject({ componentId, requested: 3, available: 2 });
        expect(await repos.stock.get(componentId)).toEqual(level(componentId, 5, 3));
        expect(await repos.stock.listReservations(orderId)).toEqual([]);
      });

      it('refuses a reservation of a component without stock record with StockNotFoundError', async () => {
        // Act
        const attempt = await failure(repos.stock.reserve(reservation(uniqueId('ord'), uniqueId('cmp'), 1)));

        // Assess
        expect(attempt).toBeInstanceOf(StockNotFoundError);
      });

      describe('all at once (reserveAll, consumeAll, receiveAll)', () => {
        it('reserves, consumes and receives several components in one go', async () => {
          // Prepare
          const [oak, steel] = [uniqueId('cmp'), uniqueId('cmp')] as const;
          const orderId = uniqueId('ord');
          await repos.stock.put(level(oak, 10, 1));
          await repos.stock.put(level(steel, 4));

          // Act
          const reserved = await repos.stock.reserveAll([reservation(orderId, oak, 3), reservation(orderId, steel, 4)]);
          const afterReserving = await repos.stock.getMany([oak, steel]);
          const held = await repos.stock.listReservations(orderId);
          const consumed = await repos.stock.consumeAll(orderId, [{ componentId: oak, quantity: 3 }, { componentId: steel, quantity: 4 }]);
          const received = await repos.stock.receiveAll([{ componentId: oak, quantity: 5, receiptId: 'po-1#oak' }, { componentId: steel, quantity: 2, receiptId: 'po-1#steel' }]);

          // Assess
          expect([reserved, consumed, received]).toEqual(['done', 'done', 'done']);
          expect(afterReserving.map(({ componentId, onHand, reserved: taken }) => ({ componentId, onHand, reserved: taken })).sort((a, b) => a.componentId.localeCompare(b.componentId))).toEqual(
            [{ componentId: oak, onHand: 10, reserved: 4 }, { componentId: steel, onHand: 4, reserved: 4 }].sort((a, b) => a.componentId.localeCompare(b.componentId)),
          );
          expect(held.map((each) => [each.componentId, each.quantity]).sort()).toEqual([[oak, 3], [steel, 4]].sort());
          expect(await repos.stock.listReservations(orderId)).toEqual([]);
          expect(await repos.stock.get(oak)).toMatchObject({ onHand: 12, reserved: 1 });
          expect(await repos.stock.get(steel)).toMatchObject({ onHand: 2, reserved: 0 });
          expect(await repos.stock.receive(oak, 5, 'po-1#oak')).toBe('already-received');
        });

        it('refuses the whole reservation and writes nothing when any one cannot be made', async () => {
          // Prepare
          const [plenty, scarce, missing, taken] = [uniqueId('cmp'), uniqueId('cmp'), uniqueId('cmp'), uniqueId('cmp')] as const;
          const orderId = uniqueId('ord');
          await repos.stock.put(level(plenty, 10));
          await repos.stock.put(level(scarce, 2));
          await repos.stock.put(level(taken, 10));
          await repos.stock.reserve(reservation(orderId, taken, 1));

          // Act
          const short = await repos.stock.reserveAll([reservation(orderId, plenty, 1), reservation(orderId, scarce, 3)]);
          const unknown = await repos.stock.reserveAll([reservation(orderId, plenty, 1), reservation(orderId, missing, 1)]);
          const again = await repos.stock.reserveAll([reservation(orderId, plenty, 1), reservation(orderId, taken, 1)]);
          const twice = await repos.stock.reserveAll([reservation(orderId, plenty, 1), reservation(orderId, plenty, 1)]);
          const tooMany = await repos.stock.reserveAll(Array.from({ length: MAX_COMPONENTS_AT_ONCE + 1 }, () => reservation(orderId, uniqueId('cmp'), 1)));

          // Assess
          expect([short, unknown, again, twice, tooMany]).toEqual(['refused', 'refused', 'refused', 'refused', 'refused']);
          expect(await repos.stock.get(plenty)).toEqual(level(plenty, 10));
          expect(await repos.stock.get(scarce)).toEqual(level(scarce, 2));
          expect((await repos.stock.listReservations(orderId)).map((each) => each.componentId)).toEqual([taken]);
        });

        it('refuses the whole consumption or receipt and writes nothing when any one was done already or does not match', async () => {
          // Prepare
          const [oak, steel] = [uniqueId('cmp'), uniqueId('cmp')] as const;
          const orderId = uniqueId('ord');
          await repos.stock.put(level(oak, 10));
          await repos.stock.put(level(steel, 10));
          await repos.stock.reserveAll([reservation(orderId, oak, 2), reservation(orderId, steel, 3)]);
          await repos.stock.consume(orderId, steel, 3);
          await repos.stock.receive(steel, 1, 'po-2#steel');

          // Act
          const consumedBefore = await repos.stock.consumeAll(orderId, [{ componentId: oak, quantity: 2 }, { componentId: steel, quantity: 3 }]);
          const otherQuantity = await repos.stock.consumeAll(orderId, [{ componentId: oak, quantity: 1 }]);
          const receivedBefore = await repos.stock.receiveAll([{ componentId: oak, quantity: 1, receiptId: 'po-2#oak' }, { componentId: steel, quantity: 1, receiptId: 'po-2#steel' }]);
          const noStock = await repos.stock.receiveAll([{ componentId: oak, quantity: 1, receiptId: 'po-3#oak' }, { componentId: uniqueId('cmp'), quantity: 1, receiptId: 'po-3#x' }]);

          // Assess
          expect([consumedBefore, otherQuantity, receivedBefore, noStock]).toEqual(['refused', 'refused', 'refused', 'refused']);
          expect(await repos.stock.get(oak)).toMatchObject({ onHand: 10, reserved: 2 });
          expect((await repos.stock.listReservations(orderId)).map((each) => [each.componentId, each.quantity])).toEqual([[oak, 2]]);
          expect(await repos.stock.receive(oak, 1, 'po-2#oak')).toBe('received');
        });

        it('does nothing for an empty list, and refuses malformed input naming the field', async () => {
          // Act
          const empty = await Promise.all([repos.stock.reserveAll([]), repos.stock.consumeAll(uniqueId('ord'), []), repos.stock.receiveAll([])]);
          const badReservation = await failure(repos.stock.reserveAll([reservation(uniqueId('ord'), uniqueId('cmp'), 1), reservation(uniqueId('ord'), uniqueId('cmp'), -1)]));
          const badQuantity = await failure(repos.stock.consumeAll(uniqueId('ord'), [{ componentId: uniqueId('cmp'), quantity: 0 }]));
          const badReceipt = await failure(repos.stock.receiveAll([{ componentId: uniqueId('cmp'), quantity: 1, receiptId: '' }]));

          // Assess
          expect(empty).toEqual(['done', 'done', 'done']);
          expect(badReservation).toMatchObject({ name: 'InvalidRepositoryInputError', field: 'reservations[1].quantity' });
          expect(badQuantity).toMatchObject({ name: 'InvalidRepositoryInputError', field: 'reservations[0].quantity' });
          expect(badReceipt).toMatchObject({ name: 'InvalidRepositoryInputError', field: 'receipts[0].receiptId' });
        });
      });

      it('releases a reservation back to available stock, once', async () => {
        // Prepare
        const componentId = uniqueId('cmp');
        const orderId = uniqueId('ord');
        await repos.stock.put(level(componentId, 10));
        await repos.stock.reserve(reservation(orderId, componentId, 4));

        // Act
        const first = await repos.stock.release(orderId, componentId);
        const second = await repos.stock.release(orderId, componentId);

        // Assess
        expect([first, second]).toEqual(['released', 'not-reserved']);
        expect(await repos.stock.get(componentId)).toMatchObject({ onHand: 10, reserved: 0, version: 3 });
        expect(await repos.stock.listReservations(orderId)).toEqual([]);
      });

      it('consumes a reservation from on-hand stock, once', async () => {
        // Prepare
        const componentId = uniqueId('cmp');
        const orderId = uniqueId('ord');
        await repos.stock.put(level(componentId, 10));
        await repos.stock.reserve(reservation(orderId, componentId, 4));

        // Act
        const outcomes = [await repos.stock.consume(orderId, componentId), await repos.stock.consume(orderId, componentId)];

        // Assess
        expect(outcomes).toEqual(['consumed', 'not-reserved']);
        expect(await repos.stock.get(componentId)).toMatchObject({ onHand: 6, reserved: 0 });
      });

      it('settles with the quantity the caller listed (knownQuantity), and with the stored one when it differs', async () => {
        // Prepare
        const componentId = uniqueId('cmp');
        const [consumer, releaser, stale] = [uniqueId('ord'), uniqueId('ord'), uniqueId('ord')];
        await repos.stock.put(level(componentId, 20));
        await repos.stock.reserve(reservation(consumer, componentId, 4));
        await repos.stock.reserve(reservation(releaser, componentId, 3));
        await repos.stock.reserve(reservation(stale, componentId, 5));

        // Act
        const consumed = [await repos.stock.consume(consumer, componentId, 4), await repos.stock.consume(consumer, componentId, 4)];
        const released = await repos.stock.release(releaser, componentId, 3);
        const staleGuess = await repos.stock.release(stale, componentId, 2);
        const badQuantity = await failure(repos.stock.consume(uniqueId('ord'), componentId, 0));

        // Assess
        expect(consumed).toEqual(['consumed', 'not-reserved']);
        expect([released, staleGuess]).toEqual(['released', 'released']);
        expect(await repos.stock.get(componentId)).toMatchObject({ onHand: 16, reserved: 0 });
        expect(badQuantity).toMatchObject({ name: 'InvalidRepositoryInputError' });
      });

      it('receives goods once per receipt id', async () => {
        // Prepare
        const componentId = uniqueId('cmp');
        await repos.stock.put(level(componentId, 1));

        // Act
        const outcomes = [await repos.stock.receive(componentId, 5, 'po-1#1'), await repos.stock.receive(componentId, 5, 'po-1#1')];
        const unknown = await failure(repos.stock.receive(uniqueId('cmp'), 5, 'po-1#1'));

        // Assess
        expect(outcomes).toEqual(['received', 'already-received']);
        expect((await repos.stock.get(componentId))?.onHand).toBe(6);
        expect(unknown).toBeInstanceOf(StockNotFoundError);
        const reserved = await repos.stock.reserve(reservation(uniqueId('ord'), componentId, 6));
        expect(reserved).toBe('reserved');
      });

      it('reads several levels at once and lists them all by component id', async () => {
        // Prepare
        const ids = ['cmp-b', 'cmp-a', 'cmp-c'].map((id) => `${id}-${uniqueId('x')}`);
        for (const id of ids) await repos.stock.put(level(id, 3));

        // Act
        const many = await repos.stock.getMany([ids[0] ?? '', ids[1] ?? '', uniqueId('missing')]);
        const { items } = await collectPages((cursor) => repos.stock.list({ limit: 2, ...(cursor === undefined ? {} : { cursor }) }));

        // Assess
        expect(many.map((found) => found.componentId).sort()).toEqual([ids[0], ids[1]].sort());
        expect(items.map((found) => found.componentId)).toEqual([...ids].sort());
      });

      it('refuses a stock level with more reserved than on hand, naming the field', async () => {
        // Act
        const attempt = await failure(repos.stock.put(level(uniqueId('cmp'), 1, 2)));

        // Assess
        expect(attempt).toMatchObject({ name: 'InvalidRepositoryInputError', field: 'level.reserved' });
      });

      it('never reserves beyond stock when many orders reserve at once', async () => {
        // Prepare
        const componentId = uniqueId('cmp');
        await repos.stock.put(level(componentId, 7));

        // Act
        const results = await Promise.allSettled(Array.from({ length: 12 }, () => repos.stock.reserve(reservation(uniqueId('ord'), componentId, 1))));

        // Assess
        expect(results.filter((result) => result.status === 'fulfilled')).toHaveLength(7);
        expect(results.filter((result) => result.status === 'rejected' && result.reason instanceof InsufficientStockError)).toHaveLength(5);
        expect(await repos.stock.get(componentId)).toMatchObject({ onHand: 7, reserved: 7 });
      });
    });

    describe('CallbackRepository', () => {
      it('keeps the task token behind a fresh random id', async () => {
        // Prepare
        const callback = aNewCallback();

        // Act
        const first = await repos.callbacks.create(callback);
        const second = await repos.callbacks.create(callback);

        // Assess
        expect(first.callbackId).toMatch(/^[A-Za-z0-9_-]{32}$/);
        expect(second.callbackId).not.toBe(first.callbackId);
        expect(first.callbackId).not.toContain(callback.taskToken);
        expect(await repos.callbacks.get(first.callbackId)).toEqual({ ...callback, callbackId: first.callbackId });
      });

      it('completes once: the first use gets the token, later ones CallbackAlreadyCompletedError', async () => {
        // Prepare
        const created = await repos.callbacks.create(aNewCallback());

        // Act
        const completed = await repos.callbacks.complete(created.callbackId, instant(5));
        const again = await failure(repos.callbacks.complete(created.callbackId, instant(6)));

        // Assess
        expect(completed).toEqual({ ...created, completedAt: instant(5) });
        expect(again).toBeInstanceOf(CallbackAlreadyCompletedError);
        expect(again).toMatchObject({ completedAt: instant(5) });
      });

      it('refuses to complete an expired callback with CallbackExpiredError', async () => {
        // Prepare
        const created = await repos.callbacks.create(aNewCallback({ expiresAtEpochSeconds: epochSeconds(instant(30)) }));

        // Act
        const attempt = await failure(repos.callbacks.complete(created.callbackId, instant(30)));

        // Assess
        expect(attempt).toBeInstanceOf(CallbackExpiredError);
        expect((await repos.callbacks.get(created.callbackId))?.completedAt).toBeUndefined();
      });

      it('names an unknown id with CallbackNotFoundError and a malformed one with InvalidRepositoryInputError', async () => {
        // Act
        const unknown = await failure(repos.callbacks.complete('A'.repeat(32), instant(1)));
        const malformed = await failure(repos.callbacks.get('../../etc/passwd'));

        // Assess
        expect(unknown).toBeInstanceOf(CallbackNotFoundError);
        expect(malformed).toMatchObject({ name: 'InvalidRepositoryInputError', field: 'callbackId' });
      });

      describe('open (a step run\'s wait, across retries of the step)', () => {
        const aWait = (overrides: Partial<WaitToOpen> = {}): WaitToOpen => ({ ...aNewCallback({ purpose: 'purchase-order' }), stepRunAt: instant(1), attempt: 0, ...overrides });

        it('opens a wait once: a later attempt (new token) keeps the callback id and rebinds it to its token', async () => {
          // Prepare
          const wait = aWait();
          const first = await repos.callbacks.open(wait);

          // Act
          const retried = await repos.callbacks.open({ ...wait, taskToken: 'token-attempt-1', attempt: 1, createdAt: instant(2) });

          // Assess
          expect(first.outcome).toBe('opened');
          expect(first.record.callbackId).toMatch(/^[A-Za-z0-9_-]{32}$/);
          expect(retried).toEqual({ outcome: 'rebound', record: { ...first.record, taskToken: 'token-attempt-1', attempt: 1 } });
          expect(await repos.callbacks.get(first.record.callbackId)).toEqual(retried.record);
        });

        it('never rebinds to an older attempt, and names a duplicate of the holding attempt', async () => {
          // Prepare
          const wait = aWait({ attempt: 3 });
          const { record } = await repos.callbacks.open(wait);

          // Act
          const stale = await repos.callbacks.open({ ...wait, taskToken: 'token-attempt-2', attempt: 2 });
          const duplicate = await repos.callbacks.open(wait);

          // Assess
          expect(stale).toEqual({ outcome: 'superseded', record });
          expect(duplicate).toEqual({ outcome: 'current', record });
          expect((await repos.callbacks.get(record.callbackId))?.taskToken).toBe(wait.taskToken);
        });

        it('does not reopen an answered wait: the retry gets the record with the answer', async () => {
          // Prepare
          const wait = aWait();
          const { record } = await repos.callbacks.open(wait);
          await repos.callbacks.complete(record.callbackId, instant(5), { outcome: 'acknowledged', confirmedDeliveryDate: '2026-03-20' });

          // Act
          const retried = await repos.callbacks.open({ ...wait, taskToken: 'token-attempt-1', attempt: 1 });
          const completeAgain = await failure(repos.callbacks.complete(record.callbackId, instant(6)));

          // Assess
          expect(retried.outcome).toBe('answered');
          expect(retried.record).toMatchObject({ callbackId: record.callbackId, taskToken: wait.taskToken, completedAt: instant(5) });
          expect(JSON.parse(retried.record.answer ?? 'null')).toEqual({ outcome: 'acknowledged', confirmedDeliveryDate: '2026-03-20' });
          expect(completeAgain).toBeInstanceOf(CallbackAlreadyCompletedError);
        });

        it('completing after a rebind hands out the newest token; the order finds the wait by subject', async () => {
          // Prepare
          const wait = aWait();
          const { record } = await repos.callbacks.open(wait);
          await repos.callbacks.open({ ...wait, taskToken: 'token-attempt-1', attempt: 1 });

          // Act
          const found = await repos.callbacks.findOpenBySubject(wait.orderId, 'purchase-order', wait.subjectId);
          const completed = await repos.callbacks.complete(record.callbackId, instant(5));

          // Assess
          expect(found?.callbackId).toBe(record.callbackId);
          expect(completed.taskToken).toBe('token-attempt-1');
        });

        it('opens separate waits for separate step runs and subjects; the newest run is the open one', async () => {
          // Prepare
          const wait = aWait();
          const first = await repos.callbacks.open(wait);

          // Act
          const laterRun = await repos.callbacks.open({ ...wait, stepRunAt: instant(9), taskToken: 'token-run-2' });
          const otherSubject = await repos.callbacks.open({ ...wait, subjectId: `${wait.subjectId}#2`, taskToken: 'token-po-2' });

          // Assess
          expect(laterRun.outcome).toBe('opened');
          expect(otherSubject.outcome).toBe('opened');
          expect(new Set([first.record.callbackId, laterRun.record.callbackId, otherSubject.record.callbackId]).size).toBe(3);
          expect((await repos.callbacks.findOpenBySubject(wait.orderId, 'purchase-order', wait.subjectId))?.callbackId).toBe(laterRun.record.callbackId);
        });

        it('notes the first notification only, and refuses a malformed attempt or run instant naming the field', async () => {
          // Prepare
          const { record } = await repos.callbacks.open(aWait());

          // Act
          await repos.callbacks.markNotified(record.callbackId, instant(2));
          await repos.callbacks.markNotified(record.callbackId, instant(3));
          const badAttempt = await failure(repos.callbacks.open(aWait({ attempt: -1 })));
          const badRun = await failure(repos.callbacks.open(aWait({ stepRunAt: 'yesterday' })));
          const unknown = await failure(repos.callbacks.markNotified('B'.repeat(32), instant(2)));

          // Assess
          expect((await repos.callbacks.get(record.callbackId))?.notifiedAt).toBe(instant(2));
          expect(badAttempt).toMatchObject({ name: 'InvalidRepositoryInputError', field: 'wait.attempt' });
          expect(badRun).toMatchObject({ name: 'InvalidRepositoryInputError', field: 'wait.stepRunAt' });
          expect(unknown).toBeInstanceOf(CallbackNotFoundError);
        });
      });

      describe('findOpenBySubject', () => {
        it('finds the newest open wait of an order for a purpose, with or without the subject', async () => {
          // Prepare
          const orderId = uniqueId('ord');
          const older = await repos.callbacks.create(aNewCallback({ orderId, purpose: 'production', subjectId: `${orderId}-production-0`, createdAt: instant(1) }));
          const newer = await repos.callbacks.create(aNewCallback({ orderId, purpose: 'production', subjectId: `${orderId}-production-1`, createdAt: instant(2) }));
          await repos.callbacks.create(aNewCallback({ orderId, purpose: 'inspection', subjectId: `${orderId}-inspection-1`, createdAt: instant(3) }));
          await repos.callbacks.create(aNewCallback({ purpose: 'production', subjectId: `${orderId}-production-1`, createdAt: instant(4) }));

          // Act
          const newestOfPurpose = await repos.callbacks.findOpenBySubject(orderId, 'production');
          const bySubject = await repos.callbacks.findOpenBySubject(orderId, 'production', `${orderId}-production-0`);

          // Assess
          expect(newestOfPurpose).toEqual(newer);
          expect(bySubject).toEqual(older);
        });

        it('prefers the newer of two waits on one subject (a wait re-opened with a new task token)', async () => {
          // Prepare
          const orderId = uniqueId('ord');
          const subjectId = `${orderId}-production-0`;
          await repos.callbacks.create(aNewCallback({ orderId, purpose: 'production', subjectId, createdAt: instant(10) }));
          const reopened = await repos.callbacks.create(aNewCallback({ orderId, purpose: 'production', subjectId, createdAt: instant(11) }));

          // Act
          const found = await repos.callbacks.findOpenBySubject(orderId, 'production', subjectId);

          // Assess
          expect(found?.callbackId).toBe(reopened.callbackId);
          expect(found?.taskToken).toBe(reopened.taskToken);
        });

        it('finds nothing once the newest wait was used, nor for an order without waits', async () => {
          // Prepare
          const orderId = uniqueId('ord');
          await repos.callbacks.create(aNewCallback({ orderId, purpose: 'inspection', subjectId: 'qc-0', createdAt: instant(1) }));
          const newest = await repos.callbacks.create(aNewCallback({ orderId, purpose: 'inspection', subjectId: 'qc-0', createdAt: instant(2) }));
          await repos.callbacks.complete(newest.callbackId, instant(3));

          // Act
          const afterUse = await repos.callbacks.findOpenBySubject(orderId, 'inspection', 'qc-0');
          const none = await repos.callbacks.findOpenBySubject(uniqueId('ord'), 'inspection');

          // Assess
          expect(afterUse).toBeUndefined();
          expect(none).toBeUndefined();
        });

        it('returns an expired wait as it is, so completing it names the expiry', async () => {
          // Prepare
          const orderId = uniqueId('ord');
          const created = await repos.callbacks.create(aNewCallback({ orderId, purpose: 'shipment', expiresAtEpochSeconds: epochSeconds(instant(30)) }));

          // Act
          const found = await repos.callbacks.findOpenBySubject(orderId, 'shipment');
          const attempt = await failure(repos.callbacks.complete(created.callbackId, instant(31)));

          // Assess
          expect(found).toEqual(created);
          expect(attempt).toBeInstanceOf(CallbackExpiredError);
        });

        it('refuses a malformed order id, purpose or subject with InvalidRepositoryInputError naming it', async () => {
          // Act
          const badOrder = await failure(repos.callbacks.findOpenBySubject('', 'production'));
          const badPurpose = await failure(repos.callbacks.findOpenBySubject('ord-1', 'lunch' as CallbackPurpose));
          const badSubject = await failure(repos.callbacks.findOpenBySubject('ord-1', 'production', ''));

          // Assess
          expect(badOrder).toMatchObject({ name: 'InvalidRepositoryInputError', field: 'orderId' });
          expect(badPurpose).toMatchObject({ name: 'InvalidRepositoryInputError', field: 'purpose' });
          expect(badSubject).toMatchObject({ name: 'InvalidRepositoryInputError', field: 'subjectId' });
        });

        it('does not show the wait in the order timeline', async () => {
          // Prepare
          const order = anOrder();
          await repos.orders.create(order);
          await repos.callbacks.create(aNewCallback({ orderId: order.orderId, purpose: 'production' }));

          // Act
          const timeline = await repos.orders.listTimeline(order.orderId);

          // Assess
          expect(timeline.items).toEqual([]);
        });
      });
    });

    describe('IdempotencyStore', () => {
      const claim = (overrides: Partial<Parameters<IdempotencyStore['claim']>[0]> = {}) => ({
        scope: 'api-key-1:POST /orders',
        key: uniqueId('idem'),
        requestHash: 'sha256:aaa',
        now: instant(0),
        lockSeconds: 30,
        ttlSeconds: 24 * 3600,
        ...overrides,
      });
      const response = { statusCode: 201, headers: { location: '/orders/o-1' }, body: '{"orderId":"o-1"}' };

      it('claims a new key, then reports the same request in progress', async () => {
        // Prepare
        const request = claim();

        // Act
        const first = await repos.idempotency.claim(request);
        const second = await repos.idempotency.claim({ ...request, now: instant(0.1) });

        // Assess
        expect(first).toEqual({ outcome: 'claimed' });
        expect(second).toEqual({ outcome: 'in-progress' });
      });

      it('replays the stored response once completed', async () => {
        // Prepare
        const request = claim();
        await repos.idempotency.claim(request);

        // Act
        await repos.idempotency.complete(request.scope, request.key, response);
        const retry = await repos.idempotency.claim({ ...request, now: instant(5) });

        // Assess
        expect(retry).toEqual({ outcome: 'completed', response });
        expect(await repos.idempotency.get(request.scope, request.key)).toMatchObject({ status: 'completed', requestHash: 'sha256:aaa', response });
      });

      it('refuses the key for a different request with IdempotencyKeyReuseError', async () => {
        // Prepare
        const request = claim();
        await repos.idempotency.claim(request);

        // Act
        const attempt = await failure(repos.idempotency.claim({ ...request, requestHash: 'sha256:bbb' }));

        // Assess
        expect(attempt).toBeInstanceOf(IdempotencyKeyReuseError);
      });

      it('lets the same request take over an abandoned claim after its lock expires', async () => {
        // Prepare
        const request = claim();
        await repos.idempotency.claim(request);

        // Act
        const takeover = await repos.idempotency.claim({ ...request, now: instant(1) });

        // Assess
        expect(takeover).toEqual({ outcome: 'claimed' });
      });

      it('treats a record past its TTL as absent, and a released claim as absent', async () => {
        // Prepare
        const expired = claim({ ttlSeconds: 60, lockSeconds: 60 });
        const released = claim();
        await repos.idempotency.claim(expired);
        await repos.idempotency.complete(expired.scope, expired.key, response);
        await repos.idempotency.claim(released);

        // Act
        await repos.idempotency.release(released.scope, released.key);
        const afterTtl = await repos.idempotency.claim({ ...expired, requestHash: 'sha256:other', now: instant(2) });
        const afterRelease = await repos.idempotency.claim(released);

        // Assess
        expect(afterTtl).toEqual({ outcome: 'claimed' });
        expect(afterRelease).toEqual({ outcome: 'claimed' });
      });

      it('refuses to complete or release a record that is not in progress', async () => {
        // Prepare
        const request = claim();
        await repos.idempotency.claim(request);
        await repos.idempotency.complete(request.scope, request.key, response);

        // Act
        const completeAgain = await failure(repos.idempotency.complete(request.scope, request.key, response));
        const release = await failure(repos.idempotency.release(request.scope, request.key));
        const neverClaimed = await failure(repos.idempotency.complete(request.scope, uniqueId('idem'), response));

        // Assess
        expect(completeAgain).toBeInstanceOf(IdempotencyRecordNotInProgressError);
        expect(release).toBeInstanceOf(IdempotencyRecordNotInProgressError);
        expect(neverClaimed).toBeInstanceOf(IdempotencyRecordNotInProgressError);
      });

      it('keeps keys of different scopes apart, even with # in them', async () => {
        // Prepare
        const key = `k#${uniqueId('idem')}`;

        // Act
        const first = await repos.idempotency.claim(claim({ scope: 'a#b', key }));
        const second = await repos.idempotency.claim(claim({ scope: 'a', key: `b#${key}`, requestHash: 'sha256:zzz' }));

        // Assess
        expect([first, second]).toEqual([{ outcome: 'claimed' }, { outcome: 'claimed' }]);
      });
    });

    describe('WebhookDedupStore', () => {
      const receipt = (overrides: Partial<Parameters<WebhookDedupStore['claim']>[0]> = {}) => ({
        source: 'supplier-b',
        webhookId: uniqueId('msg'),
        receivedAt: instant(0),
        ttlSeconds: 3600,
        ...overrides,
      });

      it('claims a delivery once; a redelivery is refused', async () => {
        // Prepare
        const delivery = receipt();

        // Act
        const outcomes = [await repos.webhooks.claim(delivery), await repos.webhooks.claim({ ...delivery, receivedAt: instant(1) })];

        // Assess
        expect(outcomes).toEqual([true, false]);
      });

      it('keeps sources apart, forgets after the TTL and after a release', async () => {
        // Prepare
        const delivery = receipt();
        const released = receipt();
        await repos.webhooks.claim(delivery);
        await repos.webhooks.claim(released);

        // Act
        const otherSource = await repos.webhooks.claim({ ...delivery, source: 'supplier-c' });
        const afterTtl = await repos.webhooks.claim({ ...delivery, receivedAt: instant(61) });
        await repos.webhooks.release(released.source, released.webhookId);
        const afterRelease = await repos.webhooks.claim(released);

        // Assess
        expect([otherSource, afterTtl, afterRelease]).toEqual([true, true, true]);
      });

      it('tells a delivery seen within its TTL without claiming it', async () => {
        // Prepare
        const delivery = receipt();
        const before = await repos.webhooks.seen(delivery.source, delivery.webhookId, instant(0));
        await repos.webhooks.claim(delivery);

        // Act
        const within = await repos.webhooks.seen(delivery.source, delivery.webhookId, instant(1));
        const afterTtl = await repos.webhooks.seen(delivery.source, delivery.webhookId, instant(61));

        // Assess
        expect([before, within, afterTtl]).toEqual([false, true, false]);
      });

      describe('a receipt written with the callback it answers (CallbackRepository.complete)', () => {
        it('completes and remembers the delivery in one write; a redelivery is refused and changes nothing', async () => {
          // Prepare
          const delivery = receipt();
          const first = await repos.callbacks.create(aNewCallback({ purpose: 'purchase-order' }));
          const second = await repos.callbacks.create(aNewCallback({ purpose: 'purchase-order' }));

          // Act
          const completed = await repos.callbacks.complete(first.callbackId, instant(5), { outcome: 'acknowledged' }, { receipt: delivery, asRead: first });
          const redelivered = await failure(repos.callbacks.complete(second.callbackId, instant(6), { outcome: 'acknowledged' }, { receipt: { ...delivery, receivedAt: instant(6) }, asRead: second }));

          // Assess
          expect(completed).toMatchObject({ callbackId: first.callbackId, taskToken: first.taskToken, completedAt: instant(5) });
          expect(await repos.webhooks.seen(delivery.source, delivery.webhookId, instant(7))).toBe(true);
          expect(redelivered).toMatchObject({ name: 'WebhookAlreadyReceivedError', webhookId: delivery.webhookId });
          expect((await repos.callbacks.get(second.callbackId))?.completedAt).toBeUndefined();
        });

        it('writes no receipt when the wait cannot be completed, and completes the newest token after a rebind', async () => {
          // Prepare
          const used = await repos.callbacks.create(aNewCallback({ purpose: 'purchase-order' }));
          await repos.callbacks.complete(used.callbackId, instant(2));
          const wait = { ...aNewCallback({ purpose: 'purchase-order' }), stepRunAt: instant(1), attempt: 0 };
          const { record: asRead } = await repos.callbacks.open(wait);
          await repos.callbacks.open({ ...wait, taskToken: 'token-attempt-1', attempt: 1 });
          const refusedDelivery = receipt();
          const delivery = receipt();

          // Act
          const refused = await failure(repos.callbacks.complete(used.callbackId, instant(5), undefined, { receipt: refusedDelivery, asRead: used }));
          const completed = await repos.callbacks.complete(asRead.callbackId, instant(5), { outcome: 'delivered' }, { receipt: delivery, asRead });

          // Assess
          expect(refused).toBeInstanceOf(CallbackAlreadyCompletedError);
          expect(await repos.webhooks.seen(refusedDelivery.source, refusedDelivery.webhookId, instant(6))).toBe(false);
          expect(completed.taskToken).toBe('token-attempt-1');
          expect((await repos.callbacks.get(asRead.callbackId))?.completedAt).toBe(instant(5));
        });
      });
    });

    describe('CatalogRepository', () => {
      const byId = <T>(id: (entry: T) => string) => (a: T, b: T) => (id(a) < id(b) ? -1 : id(a) > id(b) ? 1 : 0);

      it('stores the whole catalog and loads it back', async () => {
        // Act
        await repos.catalog.saveCatalog(seedCatalog);
        const loaded = await repos.catalog.loadCatalog();

        // Assess
        expect(loaded).toEqual({
          ...seedCatalog,
          products: [...seedCatalog.products].sort(byId((entry) => entry.productId)),
          components: [...seedCatalog.components].sort(byId((entry) => entry.componentId)),
          suppliers: [...seedCatalog.suppliers].sort(byId((entry) => entry.supplierId)),
          workCenters: [...seedCatalog.workCenters].sort(byId((entry) => entry.workCenterId)),
        });
      });

      it('has no catalog before one is saved', async () => {
        // Act
        const loaded = await repos.catalog.loadCatalog();

        // Assess
        expect(loaded).toBeUndefined();
      });

      it('puts, gets and pages through the entries of one kind', async () => {
        // Prepare
        const suppliers = seedCatalog.suppliers;
        for (const supplier of suppliers) await repos.catalog.put('supplier', supplier);
        const first = suppliers[0];

        // Act
        const { items } = await collectPages((cursor) => repos.catalog.list('supplier', { limit: 2, ...(cursor === undefined ? {} : { cursor }) }));
        const one = first === undefined ? undefined : await repos.catalog.get('supplier', first.supplierId);

        // Assess
        expect(items).toEqual([...suppliers].sort(byId((entry) => entry.supplierId)));
        expect(one).toEqual(first);
        expect(await repos.catalog.get('product', first?.supplierId ?? 'x')).toBeUndefined();
      });

      it('refuses an unknown kind, naming the field', async () => {
        // Act
        const attempt = await failure(repos.catalog.list('gadget' as 'product'));

        // Assess
        expect(attempt).toMatchObject({ name: 'InvalidRepositoryInputError', field: 'kind' });
      });
    });
  });
}
