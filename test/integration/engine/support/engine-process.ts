/**
 * `npm run engine` as a child process, for the crash tests: started on a data directory with a
 * function registry module, resolved with its endpoint once it says it is listening.
 */
import { SFNClient } from '@aws-sdk/client-sfn';
import { spawn, type ChildProcess } from 'node:child_process';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../../../..');

export interface EngineProcessOptions {
  readonly dataDir: string;
  /** The module (relative to the project) that registers the functions Task states invoke. */
  readonly functions: string;
  readonly env?: NodeJS.ProcessEnv;
}

export async function startEngineProcess(options: EngineProcessOptions): Promise<{ process: ChildProcess; endpoint: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'local/engine/cli.ts', '--port', '0', '--data', options.dataDir, '--functions', options.functions], {
    cwd: root,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, ...options.env },
  });
  const endpoint = await new Promise<string>((resolveEndpoint, reject) => {
    let output = '';
    const onData = (chunk: Buffer): void => {
      output += chunk.toString();
      const match = /listening on (http:\/\/[\d.]+:\d+)/.exec(output);
      if (match?.[1] !== undefined) resolveEndpoint(match[1]);
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.once('exit', (code) => reject(new Error(`The engine process exited with ${String(code)} before listening:\n${output}`)));
  });
  return { process: child, endpoint };
}

/** An SDK client for the engine at `endpoint`: dummy credentials, no host prefix, no SDK retries. */
export function engineClient(endpoint: string, name: string): SFNClient {
  return new SFNClient({ endpoint, region: 'us-east-1', credentials: { accessKeyId: name, secretAccessKey: name }, disableHostPrefix: true, maxAttempts: 1 });
}
