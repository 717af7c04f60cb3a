import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { BACKGROUND_NICENESS, FunctionHost, FunctionNotFoundError, LambdaFunctionError, type LocalFunctionSpec } from '../../../local/functions/function-host';

/** Linux scheduling policies, as /proc/<tid>/stat numbers them. */
const SCHED_OTHER = 0;
const SCHED_IDLE = 5;
const fixturesDir = join(import.meta.dirname, '../../fixtures/functions');
const modulePath = join(fixturesDir, 'sample-handlers.mjs');
const arnOf = (name: string): string => `arn:aws:lambda:us-east-1:000000000000:function:${name}`;
const spec = (name: string, handlerExport: string, overrides: Partial<LocalFunctionSpec> = {}): LocalFunctionSpec => ({
  name,
  arn: arnOf(name),
  modulePath,
  handlerExport,
  environment: {},
  timeoutSeconds: 5,
  memoryMb: 256,
  ...overrides,
});

describe('FunctionHost', () => {
  const host = new FunctionHost(
    [
      spec('Echo', 'echo', { environment: { STAGE: 'local-test' } }),
      spec('Fails', 'fails'),
      spec('Sleeps', 'sleeps', { timeoutSeconds: 0.3 }),
      spec('CountsA', 'counts'),
      spec('CountsB', 'counts'),
      spec('Crashes', 'crashes'),
      spec('Route', 'schedulingPolicy'),
      spec('Step', 'schedulingPolicy', { priority: 'background' }),
    ],
    { baseEnvironment: { AWS_ENDPOINT_URL_SFN: 'http://127.0.0.1:1', STAGE: 'base' } },
  );
  afterAll(() => host.close());

  describe('invoking', () => {
    it('runs the handler with its event, a Lambda context, and its own environment over the base one', async () => {
      const result = await host.invoke(arnOf('Echo'), { orderId: 'ord-1' });
      expect(result).toEqual({
        event: { orderId: 'ord-1' },
        functionName: 'Echo',
        remainingPositive: true,
        stage: 'local-test',
        endpoint: 'http://127.0.0.1:1',
      });
    });

    it('finds a function by name and by qualified ARN', async () => {
      await expect(host.invoke('Echo', {})).resolves.toMatchObject({ functionName: 'Echo' });
      await expect(host.invoke(`${arnOf('Echo')}:$LATEST`, {})).resolves.toMatchObject({ functionName: 'Echo' });
    });

    it('keeps module state per function, as separate sandboxes do', async () => {
      expect(await host.invoke('CountsA', {})).toBe(1);
      expect(await host.invoke('CountsA', {})).toBe(2);
      expect(await host.invoke('CountsB', {})).toBe(1);
    });

    it("runs the bundle as Lambda does: without the host's module hooks or the flags a thread refuses, with the function's NODE_OPTIONS", () => {
      // Arrange: a host process started with a preload, tsx, a per-process flag and a thread flag
      const child = spawnSync(
        process.execPath,
        ['--max-old-space-size=512', '--no-warnings', '--import', pathToFileURL(join(fixturesDir, 'host-preload.mjs')).href, '--import', 'tsx', join(fixturesDir, 'function-host-child.ts')],
        { encoding: 'utf8', timeout: 60_000 },
      );

      // Act
      const seen = JSON.parse(child.stdout) as { hostExecArgv: string[]; sandbox: { execArgv: string[]; sourceMapsEnabled: boolean; hostPreloadRan: boolean } };

      // Assess
      expect(child.status, child.stderr).toBe(0);
      expect(seen.hostExecArgv).toContain(pathToFileURL(join(fixturesDir, 'host-preload.mjs')).href);
      expect(seen.sandbox.hostPreloadRan).toBe(false);
      expect(seen.sandbox.execArgv).toEqual(['--no-warnings']);
      expect(seen.sandbox.sourceMapsEnabled).toBe(true);
    });
  });

  describe('sharing the CPU', () => {
    it.runIf(process.platform === 'linux')('runs a background sandbox (workflow steps) in the idle scheduling class, an interactive one (API routes) in the normal one', async () => {
      // Act
      const route = await host.invoke('Route', {});
      const step = await host.invoke('Step', {});

      // Assess
      expect({ route, step }).toEqual({ route: SCHED_OTHER, step: SCHED_IDLE });
    });

    it.runIf(process.platform === 'linux')('falls back to a higher nice value where the idle class cannot be had (no chrt on PATH)', async () => {
      // Prepare
      const fallback = new FunctionHost([spec('Route', 'threadPriority'), spec('Step', 'threadPriority', { priority: 'background' })], { baseEnvironment: {} });
      const originalPath = process.env.PATH;

      try {
        // Act: the sandboxes start (and look for chrt) when first invoked
        process.env.PATH = '/nonexistent';
        const invocations = [fallback.invoke('Route', {}), fallback.invoke('Step', {})];
        process.env.PATH = originalPath;
        const [route, step] = await Promise.all(invocations);

        // Assess
        expect(typeof route).toBe('number');
        expect(step).toBe(Math.min(19, (route as number) + BACKGROUND_NICENESS));
      } finally {
        process.env.PATH = originalPath;
        await fallback.close();
      }
    });
  });

  describe('scaling out', () => {
    it('starts a second sandbox for a busy function allowed two, and spreads the calls over both', async () => {
      // Prepare
      const pooled = new FunctionHost([spec('Pooled', 'sleepsAndSaysWhere', { maxSandboxes: 2 }), spec('Single', 'sleepsAndSaysWhere')], { baseEnvironment: {} });

      try {
        // Act
        const pooledThreads = await Promise.all(Array.from({ length: 12 }, () => pooled.invoke('Pooled', { ms: 150 })));
        const singleThreads = await Promise.all(Array.from({ length: 12 }, () => pooled.invoke('Single', { ms: 150 })));

        // Assess
        expect(new Set(pooledThreads).size).toBe(2);
        expect(new Set(singleThreads).size).toBe(1);
        expect(pooled.utilisation().get('Pooled')?.sandboxes).toBe(2);
      } finally {
        await pooled.close();
      }
    });
  });

  describe('provisioned sandboxes', () => {
    const fixture = (file: string): string => join(import.meta.dirname, `../../fixtures/functions/${file}`);

    it('starts and initialises a provisioned function before any call, and serves its first call from that sandbox', async () => {
      // Prepare
      const provisioned = new FunctionHost(
        [
          spec('Provisioned', 'describeInit', { modulePath: fixture('init-recording-handler.mjs'), provisionedSandboxes: 1 }),
          spec('OnDemand', 'describeInit', { modulePath: fixture('init-recording-handler.mjs') }),
        ],
        { baseEnvironment: {} },
      );

      try {
        // Act
        const failures = await provisioned.provision();
        const provisionedAt = Date.now();
        const sandboxesBeforeAnyCall = { provisioned: provisioned.utilisation().get('Provisioned')?.sandboxes, onDemand: provisioned.utilisation().get('OnDemand')?.sandboxes };
        const first = (await provisioned.invoke('Provisioned', {})) as { at: number; type: string; threadId: number };
        const onDemand = (await provisioned.invoke('OnDemand', {})) as { at: number; type: string };

        // Assess
        expect(failures).toEqual([]);
        expect(sandboxesBeforeAnyCall).toEqual({ provisioned: 1, onDemand: 0 });
        expect(first.type).toBe('provisioned-concurrency');
        expect(first.at).toBeLessThanOrEqual(provisionedAt);
        expect(provisioned.utilisation().get('Provisioned')?.sandboxes).toBe(1);
        expect(onDemand.type).toBe('on-demand');
        expect(onDemand.at).toBeGreaterThanOrEqual(provisionedAt);
      } finally {
        await provisioned.close();
      }
    });

    it('reports a provisioned function whose init fails, and fails its calls with that init error', async () => {
      // Prepare
      const broken = new FunctionHost([spec('Broken', 'handler', { modulePath: fixture('init-fails-handler.mjs'), provisionedSandboxes: 1 })], { baseEnvironment: {} });

      try {
        // Act
        const failures = await broken.provision();
        const call = await broken.invoke('Broken', {}).catch((caught: unknown) => caught);

        // Assess
        expect(failures).toHaveLength(1);
        expect(failures[0]).toMatchObject({ functionName: 'Broken', error: { errorType: 'Error', errorMessage: 'TABLE_NAME is not set' } });
        expect(call).toMatchObject({ errorType: 'Error', errorMessage: 'TABLE_NAME is not set' });
      } finally {
        await broken.close();
      }
    });

    it.each([
      ['provisioned', 1],
      ['on demand', 0],
    ])('replaces a sandbox whose init failed (%s), so the next call runs the init again and can succeed', async (_, provisionedSandboxes) => {
      // Prepare
      const marker = join(mkdtempSync(join(tmpdir(), 'init-once-')), 'first-init');
      const flaky = new FunctionHost([spec('Flaky', 'handler', { modulePath: fixture('init-fails-once-handler.mjs'), provisionedSandboxes, environment: { INIT_MARKER: marker } })], { baseEnvironment: {} });

      try {
        // Act
        const failures = await flaky.provision();
        const first = provisionedSandboxes === 0 ? await flaky.invoke('Flaky', {}).catch((caught: unknown) => caught) : undefined;
        const next = await flaky.invoke('Flaky', {});

        // Assess
        const initError = { errorType: 'Error', errorMessage: 'the secrets store is not reachable yet' };
        if (provisionedSandboxes === 1) expect(failures).toEqual([{ functionName: 'Flaky', error: expect.objectContaining(initError) }]);
        else expect(first).toMatchObject(initError);
        expect(next).toBe('loaded');
        expect(flaky.utilisation().get('Flaky')?.sandboxes).toBe(1);
      } finally {
        await flaky.close();
      }
    });

    it('gives up on an init that never finishes instead of holding the start up, and replaces that sandbox', async () => {
      // Prepare
      const hanging = new FunctionHost([spec('Hangs', 'handler', { modulePath: fixture('init-hangs-handler.mjs'), provisionedSandboxes: 1 })], { baseEnvironment: {}, initTimeoutMs: 300 });

      try {
        // Act
        const failures = await hanging.provision();

        // Assess
        expect(failures).toEqual([{ functionName: 'Hangs', error: expect.objectContaining({ errorType: 'Sandbox.Timedout' }) }]);
        expect(hanging.utilisation().get('Hangs')?.sandboxes).toBe(0);
      } finally {
        await hanging.close();
      }
    });
  });

  describe('calls at once per sandbox', () => {
    it('gives a sandbox at most maxInFlightPerSandbox calls at once; the others wait their turn and all are answered', async () => {
      // Prepare
      const capped = new FunctionHost([spec('Capped', 'countsConcurrency', { maxInFlightPerSandbox: 2 }), spec('Uncapped', 'countsConcurrency')], { baseEnvironment: {} });

      try {
        // Act
        const cappedMost = (await Promise.all(Array.from({ length: 6 }, () => capped.invoke('Capped', { ms: 50 })))) as number[];
        const uncappedMost = (await Promise.all(Array.from({ length: 6 }, () => capped.invoke('Uncapped', { ms: 50 })))) as number[];

        // Assess
        expect(Math.max(...cappedMost)).toBe(2);
        expect(Math.max(...uncappedMost)).toBe(6);
      } finally {
        await capped.close();
      }
    });
  });

  describe('stopping', () => {
    it('refuses the calls still waiting for room when the host stops, and every call after it, instead of leaving them hanging', async () => {
      // Prepare
      const stopping = new FunctionHost([spec('OneAtATime', 'sleeps', { maxInFlightPerSandbox: 1 })], { baseEnvironment: {} });
      const running = stopping.invoke('OneAtATime', { ms: 200 }).catch((error: unknown) => error);
      const waiting = stopping.invoke('OneAtATime', { ms: 1 }).catch((error: unknown) => error);

      // Act
      await stopping.close();

      // Assess
      await expect(waiting).resolves.toMatchObject({ errorType: 'Runtime.ExitError' });
      await expect(stopping.invoke('OneAtATime', { ms: 1 })).rejects.toMatchObject({ errorType: 'Runtime.ExitError' });
      await running;
    });
  });

  describe('foreground first', () => {
    it('holds background invocations to the busy limit while interactive ones are busy, and runs them all in the end', async () => {
      // Prepare
      const gated = new FunctionHost([spec('Route', 'sleepsAndSaysWhere'), spec('Step', 'sleepsAndSaysWhere', { priority: 'background' })], {
        baseEnvironment: {},
        backgroundAdmission: { busyLimit: 1, busyShare: 1, idleLimit: 10, busyThreshold: 2, onsetMs: 0, settleMs: 50 },
      });

      try {
        // Act
        const answering = [gated.invoke('Route', { ms: 400 }), gated.invoke('Route', { ms: 400 })];
        const steps = [gated.invoke('Step', { ms: 50 }), gated.invoke('Step', { ms: 50 }), gated.invoke('Step', { ms: 50 })];
        await new Promise((resolve) => setTimeout(resolve, 20));
        const whileBusy = gated.admissionStats();
        await Promise.all([...answering, ...steps]);

        // Assess
        expect(whileBusy).toMatchObject({ foregroundInFlight: 2, backgroundRunning: 1, backgroundWaiting: 2, busy: true });
        expect(gated.admissionStats()).toMatchObject({ foregroundInFlight: 0, backgroundRunning: 0, backgroundWaiting: 0, delayed: 2 });
      } finally {
        await gated.close();
      }
    });
  });

  describe('failures', () => {
    it('reports a thrown error with its name as errorType, as Lambda does', async () => {
      const error = await host.invoke('Fails', {}).catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(LambdaFunctionError);
      expect(error).toMatchObject({ errorType: 'OrderConflictError', errorMessage: 'order ord-1 changed underneath us' });
    });

    it('times out a slow handler with Sandbox.Timedout and serves the next call from a fresh sandbox', async () => {
      await expect(host.invoke('Sleeps', { ms: 2_000 })).rejects.toMatchObject({ errorType: 'Sandbox.Timedout' });
      await expect(host.invoke('Sleeps', { ms: 1 })).resolves.toBe('woke up');
    });

    it('fails the in-flight call of a crashed sandbox with Runtime.ExitError', async () => {
      await expect(host.invoke('Crashes', {})).rejects.toMatchObject({ errorType: 'Runtime.ExitError' });
    });

    it('refuses an unknown function with a named error', async () => {
      await expect(host.invoke('Nope', {})).rejects.toBeInstanceOf(FunctionNotFoundError);
    });
  });
});
