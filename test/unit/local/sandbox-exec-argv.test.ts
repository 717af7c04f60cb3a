import { describe, expect, it } from 'vitest';
import { sandboxExecArgv } from '../../../local/functions/function-host';

describe('sandboxExecArgv', () => {
  it('drops the host’s module hooks, in both spellings, and keeps its other flags', () => {
    const host = ['--require', '/repo/node_modules/tsx/dist/preflight.cjs', '--import', 'file:///repo/node_modules/tsx/dist/loader.mjs', '--cpu-prof', '-r', 'dotenv/config', '--loader=ts-node/esm', '--experimental-loader', 'x.mjs', '--no-warnings'];

    expect(sandboxExecArgv(host, undefined)).toEqual(['--cpu-prof', '--no-warnings']);
  });

  it('adds the function’s NODE_OPTIONS, module hooks included (they are the function’s own, as a layer’s wrapper is)', () => {
    expect(sandboxExecArgv(['--import', 'tsx'], ' --enable-source-maps  --require /opt/wrapper.cjs ')).toEqual(['--enable-source-maps', '--require', '/opt/wrapper.cjs']);
  });

  it('is empty for a host and a function without flags', () => {
    expect(sandboxExecArgv([], '')).toEqual([]);
  });
});
