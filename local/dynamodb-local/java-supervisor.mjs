// Runs DynamoDB Local's JVM as this small process's child, so the JVM never outlives the Node
// process that asked for it. Linux has no portable "die with my parent" for a plain spawn (prctl
// PDEATHSIG needs native code), so this supervisor watches for the parent instead:
//
// - its stdin is a pipe from the parent: when the parent exits, however it dies (SIGKILL
//   included), the kernel closes that pipe and stdin ends;
// - belt and braces, it polls its parent pid (a dead parent's children are re-parented);
// - SIGTERM / SIGINT / SIGHUP are passed on to the JVM.
//
// In each case it stops the JVM (SIGTERM, then SIGKILL after a grace period) and exits with it.
// It prints the JVM's pid on stdout once spawned. Exit code 127: `java` was not found.
//
// Usage: node java-supervisor.mjs <command> [args...]   (cwd and env are passed to the command)
import { spawn } from 'node:child_process';
import { constants } from 'node:os';

const [command, ...args] = process.argv.slice(2);
if (command === undefined) {
  process.stderr.write('java-supervisor: no command given\n');
  process.exit(2);
}

const parentPid = process.ppid;
const GRACE_MS = 5_000;
const child = spawn(command, args, { stdio: ['ignore', 'ignore', 'inherit'] });
let stopping = false;

function stop() {
  if (stopping) return;
  stopping = true;
  if (child.exitCode !== null || child.signalCode !== null) process.exit(0);
  child.kill('SIGTERM');
  setTimeout(() => child.kill('SIGKILL'), GRACE_MS).unref();
}

child.on('spawn', () => process.stdout.write(`${child.pid}\n`));
child.on('error', (error) => {
  const missing = error.code === 'ENOENT';
  process.stderr.write(`${missing ? `${command} was not found on PATH` : error.message}\n`);
  process.exit(missing ? 127 : 1);
});
child.on('exit', (code, signal) => {
  process.exit(code ?? (signal === null ? 1 : 128 + (constants.signals[signal] ?? 0)));
});

process.stdin.on('end', stop);
process.stdin.on('close', stop);
process.stdin.on('error', stop);
process.stdin.resume();
for (const signal of ['SIGTERM', 'SIGINT', 'SIGHUP']) process.on(signal, stop);
setInterval(() => {
  if (process.ppid !== parentPid) stop();
}, 500);
