/**
 * Lambda handler for the crash-under-load test's engine process (loaded with `--functions`): each
 * invocation appends `<execution name> <step>` to the file named by ENGINE_INVOCATIONS_FILE.
 */
import { appendFileSync } from 'node:fs';

export default {
  Record: (event: { name: string; step: string }): { name: string; step: string } => {
    appendFileSync(process.env.ENGINE_INVOCATIONS_FILE ?? '/dev/null', `${event.name} ${event.step}\n`);
    return event;
  },
};
