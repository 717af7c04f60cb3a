/**
 * The command-line options both stack benchmarks take to compare the runtime's scheduling settings
 * side by side (defaults: what `npm start` runs with), and the stack options they become.
 */
import { DEFAULT_BACKGROUND_ADMISSION } from '../../local/functions/background-admission';
import { DEFAULT_ROUTE_SANDBOXES, type LocalStackOptions } from '../../local/runtime/local-stack';

export const STACK_TUNING_OPTIONS = {
  /** on: workflow steps held back while the API is busy (BackgroundAdmission); off: never. */
  'foreground-first': { type: 'string', default: 'on' },
  'busy-threshold': { type: 'string', default: String(DEFAULT_BACKGROUND_ADMISSION.busyThreshold) },
  'busy-limit': { type: 'string', default: String(DEFAULT_BACKGROUND_ADMISSION.busyLimit) },
  'route-sandboxes': { type: 'string', default: String(DEFAULT_ROUTE_SANDBOXES) },
} as const;

export type StackTuningArgs = { readonly [Name in keyof typeof STACK_TUNING_OPTIONS]?: string | boolean | undefined };

export function stackTuning(args: StackTuningArgs): Pick<LocalStackOptions, 'backgroundAdmission' | 'routeSandboxes'> {
  const count = (name: keyof typeof STACK_TUNING_OPTIONS): number => {
    const value = Number(args[name] ?? STACK_TUNING_OPTIONS[name].default);
    if (!Number.isInteger(value) || value < 1) throw new RangeError(`--${name} must be a whole number of at least 1; received ${String(args[name])}`);
    return value;
  };
  return {
    backgroundAdmission: args['foreground-first'] === 'off' ? false : { ...DEFAULT_BACKGROUND_ADMISSION, busyThreshold: count('busy-threshold'), busyLimit: count('busy-limit') },
    routeSandboxes: count('route-sandboxes'),
  };
}

/** One line saying which settings a run used, for its report. */
export function stackTuningLine(args: StackTuningArgs): string {
  const tuning = stackTuning(args);
  const admission = tuning.backgroundAdmission === false ? 'off' : `on (busy at ${tuning.backgroundAdmission?.busyThreshold} routes in flight; then ${tuning.backgroundAdmission?.busyLimit} background at once)`;
  return `foreground first: ${admission}; sandboxes per route: ${tuning.routeSandboxes}`;
}
