import { mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Definition } from '../../../../local/engine/language/contract';
import type { JournalRecord } from '../../../../local/engine/runtime/records';
import { FileEngineStore } from '../../../../local/engine/store/engine-store.file';
import { temporaryDirectoryPerTest } from '../../../support/temporary-directory';

const orders = (executionName: string) => ({ stateMachineName: 'orders', executionName });
const definitionOf = (comment: string): Definition => ({ Comment: comment, StartAt: 'Done', States: { Done: { Type: 'Succeed' } } }) as unknown as Definition;
const start = (executionName: string, definition: Definition): JournalRecord => ({
  seq: 1,
  at: 1_000,
  thread: '',
  op: 'start',
  meta: { executionArn: `arn:aws:states:us-east-1:000000000000:execution:orders:${executionName}`, name: executionName, stateMachineArn: 'arn:aws:states:us-east-1:000000000000:stateMachine:orders', stateMachineName: 'orders', roleArn: 'arn:aws:iam::000000000000:role/orders', type: 'STANDARD' },
  input: { orderId: executionName },
  definition,
});
const journalText = (dataDir: string, executionName: string) => readFile(join(dataDir, 'executions', 'orders', `${executionName}.jsonl`), 'utf8');
const definitionFiles = async (dataDir: string) => (await readdir(join(dataDir, 'definitions'))).filter((file) => file.endsWith('.json'));

describe('FileEngineStore: definitions by reference', () => {
  const dataDir = temporaryDirectoryPerTest('engine-definitions-');

  it('stores the definition once for every execution that runs it, names it in each start record, and reads it back shared', async () => {
    // Prepare
    const store = new FileEngineStore(dataDir());
    await store.init();
    const definition = definitionOf('v1');

    // Act: one alone (its own flush), then two in the same turn (through the log)
    await store.journal(orders('a')).append([start('a', definition)]);
    await Promise.all(['b', 'c'].map((name) => Promise.resolve(store.journal(orders(name)).append([start(name, definition)]))));
    await store.close();

    // Assess
    expect(await definitionFiles(dataDir())).toHaveLength(1);
    for (const name of ['a', 'b', 'c']) {
      const line = JSON.parse((await journalText(dataDir(), name)).trim()) as Record<string, unknown>;
      expect(line).not.toHaveProperty('definition');
      expect(line.definitionRef).toMatch(/^[0-9a-f]{64}$/);
    }
    const reopened = new FileEngineStore(dataDir());
    await reopened.init();
    const [a, b] = await Promise.all([reopened.readJournal(orders('a')), reopened.readJournal(orders('b'))]);
    expect(a[0]).toEqual(start('a', definition));
    expect(a[0]?.op === 'start' && b[0]?.op === 'start' && a[0].definition === b[0].definition).toBe(true);
    await reopened.close();
  });

  it('keeps for each execution the definition it started with when the machine changes', async () => {
    // Prepare
    const store = new FileEngineStore(dataDir());
    await store.init();

    // Act
    await store.journal(orders('before')).append([start('before', definitionOf('v1'))]);
    await store.journal(orders('after')).append([start('after', definitionOf('v2'))]);
    await store.close();

    // Assess
    expect(await definitionFiles(dataDir())).toHaveLength(2);
    const reopened = new FileEngineStore(dataDir());
    await reopened.init();
    expect((await reopened.readJournal(orders('before')))[0]).toMatchObject({ definition: { Comment: 'v1' } });
    expect((await reopened.readJournal(orders('after')))[0]).toMatchObject({ definition: { Comment: 'v2' } });
    await reopened.close();
  });

  it('brings back from the log a start that only the log kept, definition included', async () => {
    // Prepare: two starts in one flush go through the log; the process dies and one journal is lost
    const crashed = new FileEngineStore(dataDir());
    await crashed.init();
    await Promise.all(['x', 'y'].map((name) => Promise.resolve(crashed.journal(orders(name)).append([start(name, definitionOf('v1'))]))));
    await rm(join(dataDir(), 'executions', 'orders', 'x.jsonl'));

    // Act
    const recovered = new FileEngineStore(dataDir());
    await recovered.init();

    // Assess
    expect(await recovered.readJournal(orders('x'))).toEqual([start('x', definitionOf('v1'))]);
    await recovered.close();
  });

  it('reads a journal written with its definition inline (before definitions were stored apart)', async () => {
    // Prepare
    await mkdir(join(dataDir(), 'executions', 'orders'), { recursive: true });
    await writeFile(join(dataDir(), 'executions', 'orders', 'old.jsonl'), `${JSON.stringify(start('old', definitionOf('inline')))}\n`);
    const store = new FileEngineStore(dataDir());
    await store.init();

    // Act
    const records = await store.readJournal(orders('old'));

    // Assess
    expect(records).toEqual([start('old', definitionOf('inline'))]);
    await store.close();
  });

  it.each([
    { problem: 'missing', damage: (path: string) => rm(path), says: 'does not hold' },
    { problem: 'damaged', damage: (path: string) => writeFile(path, '{"StartAt":"Done","Sta'), says: 'damaged' },
  ])('names the journal and the definition when the definition file is $problem', async ({ damage, says }) => {
    // Prepare
    const store = new FileEngineStore(dataDir());
    await store.init();
    await store.journal(orders('a')).append([start('a', definitionOf('v1'))]);
    await store.close();
    const [file] = await definitionFiles(dataDir());
    await damage(join(dataDir(), 'definitions', file!));
    const reopened = new FileEngineStore(dataDir());
    await reopened.init();

    // Act
    const reading = reopened.readJournal(orders('a'));

    // Assess
    await expect(reading).rejects.toMatchObject({ name: 'EngineStoreError', message: expect.stringContaining(says) as unknown });
    await expect(reading).rejects.toThrow(file!.replace('.json', ''));
    await expect(reading).rejects.toThrow(/a\.jsonl/);
    await reopened.close();
  });

  it('writes no record naming a definition it could not store, and stores it on the next start', async () => {
    // Prepare: the definitions directory is replaced by a file, so no definition can be written
    const store = new FileEngineStore(dataDir());
    await store.init();
    await rm(join(dataDir(), 'definitions'), { recursive: true });
    await writeFile(join(dataDir(), 'definitions'), 'not a directory');

    // Act
    const refused = store.journal(orders('a')).append([start('a', definitionOf('v1'))]);
    await expect(refused).rejects.toMatchObject({ name: 'EngineStoreError' });
    await rm(join(dataDir(), 'definitions'));
    await mkdir(join(dataDir(), 'definitions'));
    await store.journal(orders('b')).append([start('b', definitionOf('v1'))]);
    await store.close();

    // Assess
    await expect(journalText(dataDir(), 'a')).rejects.toMatchObject({ code: 'ENOENT' });
    expect(await definitionFiles(dataDir())).toHaveLength(1);
    const reopened = new FileEngineStore(dataDir());
    await reopened.init();
    expect(await reopened.readJournal(orders('b'))).toEqual([start('b', definitionOf('v1'))]);
    await reopened.close();
  });

  it('fails a start that came while its definition was being written, if the write fails, and lets other executions go on', async () => {
    // Prepare: no definition can be written; an execution already running appends meanwhile
    const store = new FileEngineStore(dataDir());
    await store.init();
    await store.journal(orders('running')).append([{ seq: 1, at: 1_000, thread: '', op: 'enter', state: 'Done' }]);
    await rm(join(dataDir(), 'definitions'), { recursive: true });
    await writeFile(join(dataDir(), 'definitions'), 'not a directory');

    // Act: a start, then (its definition still on its way) another start of the same machine and the running one's next record
    const first = Promise.resolve(store.journal(orders('a')).append([start('a', definitionOf('v1'))]));
    await new Promise((resolve) => setImmediate(resolve));
    const second = Promise.resolve(store.journal(orders('b')).append([start('b', definitionOf('v1'))]));
    const running = Promise.resolve(store.journal(orders('running')).append([{ seq: 2, at: 2_000, thread: '', op: 'enter', state: 'Done' }]));
    const outcomes = await Promise.allSettled([first, second, running]);

    // Assess
    expect(outcomes.map((outcome) => outcome.status)).toEqual(['rejected', 'rejected', 'fulfilled']);
    await expect(journalText(dataDir(), 'a')).rejects.toMatchObject({ code: 'ENOENT' });
    await expect(journalText(dataDir(), 'b')).rejects.toMatchObject({ code: 'ENOENT' });
    expect((await store.readJournal(orders('running'))).map((record) => record.seq)).toEqual([1, 2]);
    await store.close();
  });

});
