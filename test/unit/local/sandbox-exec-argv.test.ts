import { describe, expect, it } from 'vitest';
import { sandboxExecArgv, withoutRefusedFlags } from '../../../local/functions/function-host';

describe('sandboxExecArgv', () => {
  it('drops the host’s module hooks, in both spellings, and keeps its other flags', () => {
    const host = ['--require', '/repo/node_modules/tsx/dist/preflight.cjs', '--import', 'file:///repo/node_modules/tsx/dist/loader.mjs', '--cpu-prof', '-r', 'dotenv/config', '--loader=ts-node/esm', '--experimental-loader', 'x.mjs', '--no-warnings', '--require-module'];

    expect(sandboxExecArgv(host)).toEqual(['--cpu-prof', '--no-warnings', '--require-module']);
  });

  it('is empty for a host without flags, and for a hook flag left without its value', () => {
    expect(sandboxExecArgv([])).toEqual([]);
    expect(sandboxExecArgv(['--import'])).toEqual([]);
  });
});

describe('withoutRefusedFlags', () => {
  it('drops the flags a worker thread named as refused, and only those', () => {
    const refusal = 'Initiated Worker with invalid execArgv flags: --max-old-space-size=512, --expose-gc';

    expect(withoutRefusedFlags(['--max-old-space-size=512', '--cpu-prof', '--expose-gc', '--no-warnings'], refusal)).toEqual(['--cpu-prof', '--no-warnings']);
  });
});
