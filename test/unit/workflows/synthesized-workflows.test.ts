import validator from 'asl-validator';
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { allStates, synthesizedStateMachines, type AslDefinition, type AslState, type SynthesizedStateMachine } from '../../../infra/scripts/synthesized-workflows';
import { renderWorkflowDocs, WORKFLOW_DOCS_PATH } from '../../../infra/scripts/workflow-docs';
import { LAMBDA_TRANSIENT_ERRORS } from '../../../workflows/workflow-kit';
import { LIFECYCLE_STAGE_STATES } from '../../../workflows/order-lifecycle.workflow';
import { synthesized } from '../infra/synthesized-template';

let machines: SynthesizedStateMachine[] = [];
const machine = (name: string): AslDefinition => {
  const found = machines.find((candidate) => candidate.workflowName === name);
  if (found === undefined) throw new Error(`no state machine ${name}`);
  return found.definition;
};
const isTask = (state: AslState): boolean => state.Type === 'Task';
const isCallback = (state: AslState): boolean => typeof state.Resource === 'string' && state.Resource.endsWith('.waitForTaskToken');

/** Every state reachable from StartAt through Next, Choices, Default and Catch. */
function reachable(definition: AslDefinition): Set<string> {
  const seen = new Set<string>();
  const queue = [definition.StartAt];
  while (queue.length > 0) {
    const name = queue.shift() as string;
    if (seen.has(name)) continue;
    seen.add(name);
    const state = definition.States[name];
    if (state === undefined) continue;
    queue.push(...[state.Next, state.Default, ...(state.Choices ?? []).map((choice) => choice.Next), ...(state.Catch ?? []).map((catcher) => catcher.Next)].filter((next): next is string => next !== undefined));
  }
  return seen;
}

describe('the synthesized state machines', () => {
  beforeAll(() => {
    machines = synthesizedStateMachines(synthesized().json);
  }, 120_000);

  describe('validity', () => {
    it('are the three workflows, each valid Amazon States Language (asl-validator)', () => {
      expect(machines.map((candidate) => candidate.workflowName)).toEqual(['human-approval', 'order-lifecycle', 'procurement']);
      for (const { workflowName, definition } of machines) {
        const result = validator(definition);
        expect(result.errors, workflowName).toEqual([]);
        expect(result.isValid).toBe(true);
      }
    });
  });

  describe('the lifecycle walk', () => {
    it('reaches every stage from the start', () => {
      const lifecycle = machine('order-lifecycle');
      const seen = reachable(lifecycle);
      for (const [stage, state] of Object.entries(LIFECYCLE_STAGE_STATES)) expect(seen.has(state), stage).toBe(true);
      expect([...seen].sort()).toEqual(Object.keys(lifecycle.States).sort());
    });

    it('calls the approval machine for review and design, and procurement as a child (startExecution.sync:2)', () => {
      const lifecycle = machine('order-lifecycle');
      for (const name of ['RequestReviewApproval', 'RequestDesignApproval', 'ProcureMaterials']) {
        expect(lifecycle.States[name]?.Resource).toBe('arn:aws:states:::states:startExecution.sync:2');
      }
    });

    it('heartbeats the build wait (a silent shop floor raises an alert, then waits again)', () => {
      const lifecycle = machine('order-lifecycle');
      const build = lifecycle.States.AwaitProduction;
      expect(build?.HeartbeatSeconds).toBeGreaterThan(0);
      expect(build?.Catch?.find((catcher) => catcher.ErrorEquals.includes('States.HeartbeatTimeout'))?.Next).toBe('AwaitProductionAfterSilence');
    });

    it('sends every failure to FailOrder naming the failed state, then compensation', () => {
      const lifecycle = machine('order-lifecycle');
      for (const [name, state] of Object.entries(lifecycle.States).filter(([, candidate]) => isTask(candidate))) {
        if (name === 'FailOrder' || name === 'CompensateOrder') continue;
        const catchAll = state.Catch?.find((catcher) => catcher.ErrorEquals.includes('States.ALL'));
        expect(catchAll?.Next, name).toBe('FailOrder');
        expect(catchAll?.Assign, name).toEqual({ failedStep: name });
      }
      expect(lifecycle.States.FailOrder?.Next).toBe('CompensateOrder');
    });
  });

  describe('every task in every machine', () => {
    it('has a Retry with full jitter that includes Lambda throttling, and a Catch', () => {
      for (const { workflowName, definition } of machines) {
        for (const [name, state] of allStates(definition).filter(([, candidate]) => isTask(candidate))) {
          expect(state.Catch?.length, `${workflowName}/${name} Catch`).toBeGreaterThan(0);
          expect(state.Retry?.length, `${workflowName}/${name} Retry`).toBeGreaterThan(0);
          expect(state.Retry?.every((retrier) => retrier.JitterStrategy === 'FULL'), `${workflowName}/${name} jitter`).toBe(true);
          if (String(state.Resource).startsWith('arn:aws:states:::lambda:invoke')) {
            const errors = state.Retry?.flatMap((retrier) => retrier.ErrorEquals) ?? [];
            for (const error of LAMBDA_TRANSIENT_ERRORS) expect(errors, `${workflowName}/${name}`).toContain(error);
            expect(state.Parameters).toHaveProperty('Payload');
          }
        }
      }
    });

    it('waits for callbacks only with a timeout, and handles States.Timeout explicitly', () => {
      let waits = 0;
      for (const { workflowName, definition } of machines) {
        for (const [name, state] of allStates(definition).filter(([, candidate]) => isCallback(candidate))) {
          waits += 1;
          expect(state.TimeoutSeconds !== undefined || state.TimeoutSecondsPath !== undefined, `${workflowName}/${name} timeout`).toBe(true);
          const handled = state.Catch?.some((catcher) => catcher.ErrorEquals.includes('States.Timeout') || catcher.ErrorEquals.includes('States.ALL'));
          expect(handled, `${workflowName}/${name} States.Timeout`).toBe(true);
          expect(JSON.stringify(state.Parameters), `${workflowName}/${name} token`).toContain('$$.Task.Token');
        }
      }
      expect(waits).toBeGreaterThanOrEqual(12);
    });

    it('never polls: no Wait state loops anywhere', () => {
      for (const { definition } of machines) expect(allStates(definition).filter(([, state]) => state.Type === 'Wait')).toEqual([]);
    });
  });

  describe('the approval machine', () => {
    it('reminds, escalates and expires on working-hour timeouts computed by a step', () => {
      const approval = machine('human-approval');
      expect(approval.States.AwaitDecision?.TimeoutSecondsPath).toBe('$.approval.deadlines.reminderSeconds');
      expect(approval.States.AwaitDecision?.Catch?.[0]).toMatchObject({ ErrorEquals: ['States.Timeout'], Next: 'AwaitDecisionAfterReminder' });
      expect(approval.States.AwaitDecisionAfterReminder?.Catch?.[0]).toMatchObject({ ErrorEquals: ['States.Timeout'], Next: 'AwaitDecisionAfterEscalation' });
      expect(approval.States.AwaitDecisionAfterEscalation?.Catch?.[0]).toMatchObject({ ErrorEquals: ['States.Timeout'], Next: 'ExpireApproval' });
    });
  });

  describe('the procurement machine', () => {
    it('maps over purchase orders and re-sources on rejection or timeout', () => {
      const procurement = machine('procurement');
      const map = procurement.States.PurchaseOrders;
      expect(map?.Type).toBe('Map');
      const inner = map?.ItemProcessor as AslDefinition;
      expect(inner.States.SendPurchaseOrder?.Catch?.[0]).toMatchObject({ ErrorEquals: ['States.Timeout'], Next: 'ResourcePurchaseOrder' });
      expect(inner.States.AwaitPoDelivery?.Catch?.[0]).toMatchObject({ ErrorEquals: ['States.Timeout'], Next: 'ResourcePurchaseOrder' });
      expect(inner.States['AlternateSupplierFound?']?.Default).toBe('EscalateToBuyer');
    });
  });

  describe('docs/workflows.md', () => {
    it('is up to date with the synthesized definitions (run `npm run docs:workflows`)', () => {
      const expected = renderWorkflowDocs(synthesized().json);
      expect(readFileSync(WORKFLOW_DOCS_PATH, 'utf8')).toBe(expected);
    });
  });
});
