/**
 * The ASL black-box conformance cases (../shared/asl-conformance), run through the engine's HTTP
 * API with @aws-sdk/client-sfn on a virtual clock. Every `spec` and `aws-*` case must pass;
 * `peer` cases (AWS behaviour unverified) are reported by the CLI, not enforced here.
 */
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { runConformance, type CaseResult, type ConformanceCase } from '../../../local/engine/conformance/conformance-runner';

const casesFile = resolve(dirname(fileURLToPath(import.meta.url)), '../../../../shared/asl-conformance/cases.json');
const cases = JSON.parse(readFileSync(casesFile, 'utf8')) as ConformanceCase[];
const enforced = cases.filter((testCase) => testCase.certainty !== 'peer');

let results: Map<string, CaseResult>;

beforeAll(async () => {
  results = new Map((await runConformance(enforced)).map((result) => [result.name, result]));
}, 120_000);

describe('engine ASL conformance through the API', () => {
  describe.each(['spec', 'aws-observed', 'aws-inferred'] as const)('%s cases', (certainty) => {
    const selected = enforced.filter((testCase) => testCase.certainty === certainty);

    it('has cases of this certainty', () => {
      expect(selected.length).toBeGreaterThan(0);
    });

    it.each(selected.map((testCase) => [testCase.name]))('%s', (name) => {
      // Assess
      const result = results.get(name);
      expect(result?.problems).toEqual([]);
      expect(result?.passed).toBe(true);
    });
  });
});
