import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { resetStackData, STACK_DATA_ENTRIES } from '../../../local/runtime/local-stack';

describe('local stack', () => {
  let dataDir: string;
  beforeEach(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'mto-local-'));
  });
  afterEach(() => rmSync(dataDir, { recursive: true, force: true }));

  describe('resetStackData (npm start -- --reset)', () => {
    it("deletes the stack's own files and folders and keeps everything else in the data folder", () => {
      // Prepare
      mkdirSync(join(dataDir, 'dynamodb'));
      writeFileSync(join(dataDir, 'dynamodb', 'local_us-east-1.db'), 'data');
      mkdirSync(join(dataDir, 'engine', 'journal'), { recursive: true });
      for (const file of ['secrets.json', 'endpoints.json', 'events.jsonl', 'outbox-email.jsonl', 'supplier-simulator.jsonl']) writeFileSync(join(dataDir, file), '{}');
      mkdirSync(join(dataDir, 'bench-lifecycle', 'dynamodb'), { recursive: true });
      mkdirSync(join(dataDir, 'e2e-cdk.out'));
      writeFileSync(join(dataDir, 'notes.txt'), 'mine');

      // Act
      resetStackData(dataDir);

      // Assess
      expect(readdirSync(dataDir).sort()).toEqual(['bench-lifecycle', 'e2e-cdk.out', 'notes.txt']);
      expect(existsSync(join(dataDir, 'bench-lifecycle', 'dynamodb'))).toBe(true);
    });

    it('names every file the stack writes at the top of its data folder', () => {
      // Assess
      expect(STACK_DATA_ENTRIES).toEqual(expect.arrayContaining(['dynamodb', 'engine', 'logs', 'events.jsonl', 'events-dead-letters.jsonl', 'outbox-email.jsonl', 'outbox-slack.jsonl', 'outbox-alerts.jsonl', 'supplier-simulator.jsonl', 'secrets.json', 'endpoints.json', 'dynamodb.pid']));
    });

    it('is a no-op on a data folder that does not exist yet', () => {
      // Prepare
      const missing = join(dataDir, 'not-there');

      // Act & Assess
      expect(() => resetStackData(missing)).not.toThrow();
      expect(existsSync(missing)).toBe(false);
    });
  });
});
