import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseFunctionFaults } from '../../local/functions/function-faults';
import { FunctionFaultConfigError, FunctionHost, LambdaFunctionError, type LocalFunctionSpec } from '../../local/functions/function-host';

const modulePath = join(import.meta.dirname, '../fixtures/functions/sample-handlers.mjs');
const spec = (name: string, handlerExport: string, serviceName: string): LocalFunctionSpec => ({
  name,
  arn: `arn:aws:lambda:us-east-1:000000000000:function:${name}`,
  modulePath,
  handlerExport,
  environment: { POWERTOOLS_SERVICE_NAME: serviceName },
  timeoutSeconds: 5,
  memoryMb: 256,
});

async function outcomes(host: FunctionHost, name: string, calls: number): Promise<string[]> {
  const seen: string[] = [];
  for (let call = 0; call < calls; call += 1) {
    seen.push(await host.invoke(name, {}).then((result) => `ok ${JSON.stringify(result)}`, (error: unknown) => (error instanceof LambdaFunctionError ? error.errorType : 'other')));
  }
  return seen;
}

describe('FunctionHost fault injection (the local Lambda service failing, no handler changed)', () => {
  const host = new FunctionHost(
    [spec('StepreservestockFunction1', 'echo', 'mto-flow-reserve-stock'), spec('StepcountsFunction2', 'counts', 'mto-flow-counts'), spec('Untouched', 'echo', 'mto-flow-untouched')],
    { baseEnvironment: {} },
  );
  afterAll(() => host.close());

  describe('transient faults', () => {
    it('fails about the given fraction of a matching function\u2019s calls with Lambda.ServiceException, and no other function\u2019s', async () => {
      // Prepare: matched by the service name the template gives it.
      host.setFaults({ seed: 11, rules: [{ functionName: /reserve-stock/, transientRate: 0.3 }] });

      // Act
      const seen = await outcomes(host, 'StepreservestockFunction1', 200);
      const untouched = await outcomes(host, 'Untouched', 20);

      // Assess
      const failures = seen.filter((outcome) => outcome === 'Lambda.ServiceException').length;
      expect(failures).toBeGreaterThan(40);
      expect(failures).toBeLessThan(80);
      expect(seen.filter((outcome) => outcome !== 'Lambda.ServiceException' && !outcome.startsWith('ok'))).toEqual([]);
      expect(untouched.every((outcome) => outcome.startsWith('ok'))).toBe(true);
    });

    it('fails the same calls again for the same seed', async () => {
      host.setFaults({ seed: 5, rules: [{ functionName: /StepreservestockFunction1/, transientRate: 0.5 }] });
      const first = await outcomes(host, 'StepreservestockFunction1', 30);
      host.setFaults({ seed: 5, rules: [{ functionName: /StepreservestockFunction1/, transientRate: 0.5 }] });
      const second = await outcomes(host, 'StepreservestockFunction1', 30);
      host.setFaults({ seed: 6, rules: [{ functionName: /StepreservestockFunction1/, transientRate: 0.5 }] });
      const otherSeed = await outcomes(host, 'StepreservestockFunction1', 30);

      expect(second).toEqual(first);
      expect(otherSeed).not.toEqual(first);
    });

    it('runs the handler and loses its answer in the `after` phase (the caller retries work already done)', async () => {
      // Prepare
      host.setFaults({ rules: [{ functionName: /counts/, transientRate: 1, transientPhase: 'after' }] });
      const before = host.injectedFaults().length;

      // Act
      const failed = await outcomes(host, 'StepcountsFunction2', 2);
      host.setFaults({ rules: [] });
      const next = await outcomes(host, 'StepcountsFunction2', 1);

      // Assess: both failed calls ran the handler (module state counted them).
      expect(failed).toEqual(['Lambda.ServiceException', 'Lambda.ServiceException']);
      expect(next).toEqual(['ok 3']);
      expect(host.injectedFaults().slice(before)).toMatchObject([
        { functionName: 'StepcountsFunction2', phase: 'after', errorType: 'Lambda.ServiceException' },
        { functionName: 'StepcountsFunction2', phase: 'after', errorType: 'Lambda.ServiceException' },
      ]);
    });
  });

  describe('permanent faults', () => {
    it('fails every call with an error no Retry matches, naming the function, without running the handler', async () => {
      host.setFaults({ rules: [{ functionName: /counts/, permanent: true }] });
      const error = await host.invoke('StepcountsFunction2', {}).catch((caught: unknown) => caught);
      host.setFaults({ rules: [] });

      expect(error).toBeInstanceOf(LambdaFunctionError);
      expect(error).toMatchObject({ errorType: 'InjectedFaultError', errorMessage: expect.stringContaining('StepcountsFunction2 always fails') as unknown });
      expect(await outcomes(host, 'StepcountsFunction2', 1)).toEqual(['ok 4']);
    });

    it('takes a chosen error type and message', async () => {
      host.setFaults({ rules: [{ functionName: /reserve-stock/, permanent: { errorType: 'InsufficientStockError', errorMessage: 'no oak left' } }] });
      const error = await host.invoke('StepreservestockFunction1', {}).catch((caught: unknown) => caught);
      host.setFaults({ rules: [] });

      expect(error).toMatchObject({ errorType: 'InsufficientStockError', errorMessage: 'no oak left' });
    });
  });

  describe('configuration', () => {
    it('refuses a rate outside 0..1, naming the rule', () => {
      expect(() => host.setFaults({ rules: [{ functionName: /x/, transientRate: 1.5 }] })).toThrow(new FunctionFaultConfigError('faults[0].transientRate must be a number from 0 to 1; received 1.5'));
    });

    it('reads rules as `npm start -- --faults` takes them: JSON text or a file, a list or {seed, rules}', () => {
      const file = join(mkdtempSync(join(tmpdir(), 'mto-faults-')), 'faults.json');
      writeFileSync(file, JSON.stringify({ seed: 3, rules: [{ functionName: 'reserve-stock', permanent: true }] }));

      const fromText = parseFunctionFaults('[{"functionName":"record-production|complete-order","transientRate":0.3,"transientPhase":"after"}]');
      const fromFile = parseFunctionFaults(file);

      expect(fromText.rules).toEqual([{ functionName: /record-production|complete-order/, transientRate: 0.3, transientPhase: 'after' }]);
      expect(fromFile).toEqual({ seed: 3, rules: [{ functionName: /reserve-stock/, permanent: true }] });
    });

    it.each([
      ['{"rules":{}}', 'faults: expected a list of rules or {"seed": n, "rules": [...]}'],
      ['{"seed":1.5,"rules":[]}', 'faults: seed must be an integer; received 1.5'],
      ['[{"transientRate":0.3}]', 'faults: rules[0].functionName must be a non-empty regular expression source'],
      ['[{"functionName":"x","transientRate":"0.3"}]', 'faults: rules[0].transientRate must be a number from 0 to 1; received "0.3"'],
      ['[{"functionName":"(","transientRate":0.3}]', 'faults: rules[0].functionName is not a regular expression'],
      ['[{"functionName":"x","transientPhase":"during"}]', 'faults: rules[0].transientPhase is "before" or "after"'],
    ])('refuses %s with a named error', (text, message) => {
      expect(() => parseFunctionFaults(text)).toThrow(FunctionFaultConfigError);
      expect(() => parseFunctionFaults(text)).toThrow(message);
    });
  });
});
