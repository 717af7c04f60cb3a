// One Lambda "sandbox": a worker thread that loads one function's code once and runs invocations.
// Its process.env is the function's own environment (set by the host), as in a Lambda container.
import { execFileSync } from 'node:child_process';
import { readlinkSync } from 'node:fs';
import { getPriority, setPriority } from 'node:os';
import { parentPort, workerData } from 'node:worker_threads';
import { pathToFileURL } from 'node:url';

const { modulePath, handlerExport, functionName, functionArn, memoryMb, background, niceness, hostPath } = workerData;

// A background sandbox (workflow steps, event targets) gives way to everything else on the machine.
// Linux schedules threads one by one and names this one in /proc/thread-self ("<pid>/task/<tid>").
// First choice, the idle scheduling class: the thread runs only when no normal thread wants the CPU
// (any thread may move itself there; `chrt` from util-linux does it). Failing that, a higher nice
// value. Elsewhere (no /proc), or if the system refuses both, it runs at the process's priority.
if (background) {
  try {
    const threadId = Number(readlinkSync('/proc/thread-self').split('/').pop());
    if (Number.isInteger(threadId) && threadId > 0) {
      try {
        execFileSync('chrt', ['--idle', '-p', '0', String(threadId)], { stdio: 'ignore', env: { PATH: hostPath ?? '/usr/bin:/bin' } });
      } catch {
        setPriority(threadId, Math.min(19, getPriority(threadId) + niceness));
      }
    }
  } catch {
    // Not Linux, or not allowed: no priority, same behaviour.
  }
}

let handlerPromise;
async function loadHandler() {
  const loaded = await import(pathToFileURL(modulePath).href);
  const candidate = loaded[handlerExport] ?? loaded.default?.[handlerExport];
  if (typeof candidate !== 'function') {
    throw Object.assign(new Error(`${modulePath} does not export a function named "${handlerExport}"`), {
      name: 'Runtime.HandlerNotFound',
    });
  }
  return candidate;
}

function describeError(error) {
  if (error instanceof Error) {
    return {
      errorType: error.name || 'Error',
      errorMessage: error.message,
      trace: (error.stack ?? '').split('\n'),
    };
  }
  return { errorType: 'Error', errorMessage: typeof error === 'string' ? error : JSON.stringify(error), trace: [] };
}

parentPort.on('message', async ({ init, invocationId, event, deadlineMs }) => {
  // A provisioned sandbox runs its init before any call, as Lambda's provisioned concurrency does.
  // A failed init is reported, and every call then fails with the same error.
  if (init === true) {
    handlerPromise ??= loadHandler();
    try {
      await handlerPromise;
      parentPort.postMessage({ initialized: true, ok: true });
    } catch (error) {
      parentPort.postMessage({ initialized: true, ok: false, error: describeError(error) });
    }
    return;
  }
  const context = {
    functionName,
    functionVersion: '$LATEST',
    invokedFunctionArn: functionArn,
    memoryLimitInMB: String(memoryMb),
    awsRequestId: invocationId,
    logGroupName: `/aws/lambda/${functionName}`,
    logStreamName: `local/${functionName}`,
    callbackWaitsForEmptyEventLoop: false,
    getRemainingTimeInMillis: () => Math.max(0, deadlineMs - Date.now()),
  };
  let handler;
  try {
    handlerPromise ??= loadHandler();
    handler = await handlerPromise;
  } catch (error) {
    // The code could not load (a module evaluated once stays failed in this thread): the host
    // replaces this sandbox, as Lambda runs a failed init again in a new environment.
    parentPort.postMessage({ invocationId, ok: false, error: describeError(error), initFailed: true });
    return;
  }
  try {
    const result = await handler(event, context);
    parentPort.postMessage({ invocationId, ok: true, result: result === undefined ? null : result });
  } catch (error) {
    parentPort.postMessage({ invocationId, ok: false, error: describeError(error) });
  }
});
