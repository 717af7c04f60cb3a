/** A temporary directory for tests that need real files: a fresh one for each test, removed after it. */
import { mkdtemp, realpath, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach } from 'vitest';

/**
 * Registers the directory's creation and removal around each test of the calling suite; the returned
 * function gives the current test's path. `resolved`: the real path, for tests that compare it with
 * what /proc names (the system's temporary folder may be a symbolic link).
 */
export function temporaryDirectoryPerTest(prefix: string, options: { readonly resolved?: boolean } = {}): () => string {
  let path: string | undefined;
  beforeEach(async () => {
    const created = await mkdtemp(join(tmpdir(), prefix));
    path = options.resolved === true ? await realpath(created) : created;
  });
  afterEach(async () => {
    if (path !== undefined) await rm(path, { recursive: true, force: true });
    path = undefined;
  });
  return () => {
    if (path === undefined) throw new Error('The temporary directory exists only while a test runs');
    return path;
  };
}
