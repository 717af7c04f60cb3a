import { describe, expect, it } from 'vitest';
import {
  assertTransition,
  cancellationRule,
  canTransition,
  IllegalTransitionError,
  lifecycleMermaid,
  ORDER_TRANSITIONS,
  reachableStatuses,
  specificationChangeRule,
} from '../../../../functions/domain/order/order-lifecycle';
import { ORDER_STATUSES, TERMINAL_STATUSES } from '../../../../functions/domain/order/order-status';

describe('order lifecycle table', () => {
  describe('shape', () => {
    it('has an entry for every status and only names known statuses', () => {
      // Assess
      expect(Object.keys(ORDER_TRANSITIONS).sort()).toEqual([...ORDER_STATUSES].sort());
      for (const targets of Object.values(ORDER_TRANSITIONS)) for (const to of targets) expect(ORDER_STATUSES).toContain(to);
    });

    it('gives terminal statuses no exits and every other status at least one', () => {
      // Assess
      for (const status of ORDER_STATUSES) expect(ORDER_TRANSITIONS[status].length === 0).toBe(TERMINAL_STATUSES.has(status));
    });

    it('reaches every status from received, and every non-terminal status can still end', () => {
      // Assess
      expect([...reachableStatuses()].sort()).toEqual([...ORDER_STATUSES].sort());
      for (const status of ORDER_STATUSES) expect([...reachableStatuses(status)].some((reached) => TERMINAL_STATUSES.has(reached))).toBe(true);
    });

    it('lets every non-terminal status fail (a workflow error must always be recordable)', () => {
      // Assess
      for (const status of ORDER_STATUSES.filter((candidate) => !TERMINAL_STATUSES.has(candidate))) expect(canTransition(status, 'failed')).toBe(true);
    });

    it('has no self-transitions', () => {
      // Assess
      for (const status of ORDER_STATUSES) expect(ORDER_TRANSITIONS[status]).not.toContain(status);
    });

    it('renders the same table as a Mermaid diagram', () => {
      // Act
      const diagram = lifecycleMermaid();

      // Assess
      const edges = ORDER_STATUSES.flatMap((from) => ORDER_TRANSITIONS[from].map((to) => `  ${from} --> ${to}`));
      for (const edge of edges) expect(diagram).toContain(edge);
      expect(diagram.split('\n').filter((line) => line.includes('-->') && !line.includes('[*]'))).toHaveLength(edges.length);
    });
  });

  describe('assertTransition', () => {
    it('refuses an illegal transition with a named error carrying from, to and the order id', () => {
      // Act
      let error: unknown;
      try {
        assertTransition('order-7', 'building', 'procuring');
      } catch (caught) {
        error = caught;
      }

      // Assess
      expect(error).toBeInstanceOf(IllegalTransitionError);
      expect(error).toMatchObject({ name: 'IllegalTransitionError', orderId: 'order-7', from: 'building', to: 'procuring' });
      expect((error as Error).message).toBe("Order order-7 cannot go from 'building' to 'procuring'");
    });

    it('accepts a legal one', () => {
      // Assess
      expect(() => assertTransition('order-7', 'procuring', 'building')).not.toThrow();
    });
  });

  describe('cancellation by stage', () => {
    it.each([
      ['received', ['stop-workflow']],
      ['in_review', ['withdraw-pending-approvals', 'stop-workflow']],
      ['awaiting_design_approval', ['withdraw-pending-approvals', 'stop-workflow']],
      ['procuring', ['cancel-open-purchase-orders', 'release-reservations', 'stop-workflow']],
      ['building', ['cancel-open-purchase-orders', 'release-reservations', 'scrap-work-in-progress', 'stop-workflow']],
      ['rework', ['cancel-open-purchase-orders', 'release-reservations', 'scrap-work-in-progress', 'stop-workflow']],
    ] as const)('is allowed while %s, compensating %j', (status, compensation) => {
      // Act
      const rule = cancellationRule(status);

      // Assess
      expect(rule).toEqual({ allowed: true, compensation });
    });

    it.each(['shipping', 'delivered', 'cancelled', 'rejected', 'failed'] as const)('is refused once %s', (status) => {
      // Act
      const rule = cancellationRule(status);

      // Assess
      expect(rule.allowed).toBe(false);
      expect(rule.refusal).toBeTruthy();
    });
  });

  describe('specification change by stage', () => {
    it.each(['received', 'in_review', 'awaiting_design_approval', 'design_revision', 'procuring'] as const)('is allowed before the build (%s) and restarts review', (status) => {
      // Act
      const rule = specificationChangeRule(status);

      // Assess
      expect(rule.allowed).toBe(true);
      expect(rule.compensation.at(-1)).toBe('restart-from-review');
    });

    it('cancels POs and releases reservations when procurement had begun', () => {
      // Assess
      expect(specificationChangeRule('procuring').compensation).toEqual(['cancel-open-purchase-orders', 'release-reservations', 'restart-from-review']);
    });

    it.each(['building', 'in_qc', 'rework', 'shipping', 'delivered', 'cancelled'] as const)('is refused once %s', (status) => {
      // Assess
      expect(specificationChangeRule(status)).toMatchObject({ allowed: false, compensation: [] });
    });
  });
});
