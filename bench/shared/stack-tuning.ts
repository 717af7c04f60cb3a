/**
 * The command-line options both stack benchmarks take to compare the runtime's scheduling settings
 * side by side (defaults: what `npm start` runs with), and the stack options they become.
 */
import { DEFAULT_BACKGROUND_ADMISSION } from '../../local/functions/background-admission';
import { DEFAULT_ROUTE_IN_FLIGHT, DEFAULT_ROUTE_SANDBOXES, type LocalStackOptions } from '../../local/runtime/local-stack';

export const STACK_TUNING_OPTIONS = {
  /** on: workflow steps held back while the API is busy (BackgroundAdmission); off: never. */
  'foreground-first': { type: 'string', default: 'on' },
  'busy-threshold': { type: 'string', default: String(DEFAULT_BACKGROUND_ADMISSION.busyThreshold) },
  'busy-limit': { type: 'string', default: String(DEFAULT_BACKGROUND_ADMISSION.busyLimit) },
  'busy-share': { type: 'string', default: String(DEFAULT_BACKGROUND_ADMISSION.busyShare) },
  'idle-limit': { type: 'string', default: String(DEFAULT_BACKGROUND_ADMISSION.idleLimit) },
  'route-sandboxes': { type: 'string', default: String(DEFAULT_ROUTE_SANDBOXES) },
  'route-in-flight': { type: 'string', default: String(DEFAULT_ROUTE_IN_FLIGHT) },
  /** on: each API route's sandbox starts, its code loaded, before the stack is up; off: on its first call. */
  'provision-routes': { type: 'string', default: 'on' },
  /** on: DynamoDB Local gets a few seconds of load on scratch tables before the stack is up; off: none. */
  'warm-up': { type: 'string', default: 'on' },
} as const;

export type StackTuningArgs = { readonly [Name in keyof typeof STACK_TUNING_OPTIONS]?: string | boolean | undefined };

export function stackTuning(args: StackTuningArgs): Pick<LocalStackOptions, 'backgroundAdmission' | 'routeSandboxes' | 'routeInFlight' | 'provisionRoutes' | 'warmUpDynamoDb'> {
  const count = (name: keyof typeof STACK_TUNING_OPTIONS): number => {
    const value = Number(args[name] ?? STACK_TUNING_OPTIONS[name].default);
    if (!Number.isInteger(value) || value < 1) throw new RangeError(`--${name} must be a whole number of at least 1; received ${String(args[name])}`);
    return value;
  };
  const share = Number(args['busy-share'] ?? STACK_TUNING_OPTIONS['busy-share'].default);
  if (!(share > 0 && share <= 1)) throw new RangeError(`--busy-share must be above 0 and at most 1; received ${String(args['busy-share'])}`);
  return {
    backgroundAdmission: args['foreground-first'] === 'off' ? false : { ...DEFAULT_BACKGROUND_ADMISSION, busyThreshold: count('busy-threshold'), busyLimit: count('busy-limit'), busyShare: share, idleLimit: args['idle-limit'] === 'Infinity' ? Number.POSITIVE_INFINITY : count('idle-limit') },
    routeSandboxes: count('route-sandboxes'),
    routeInFlight: count('route-in-flight'),
    provisionRoutes: args['provision-routes'] !== 'off',
    warmUpDynamoDb: args['warm-up'] !== 'off',
  };
}

/** One line saying which settings a run used, for its report. */
export function stackTuningLine(args: StackTuningArgs): string {
  const tuning = stackTuning(args);
  const gate = tuning.backgroundAdmission;
  const admission = gate === false || gate === undefined ? 'off' : `on (busy: ${gate.busyThreshold}+ route calls in flight for ${gate.onsetMs} ms; then ${gate.busyLimit} background invocation at a time, ${gate.busyShare * 100} % of the time; otherwise ${gate.idleLimit} at once)`;
  return `foreground first: ${admission}; per route: ${tuning.routeSandboxes} sandbox(es), ${tuning.routeInFlight} calls at once each, ${tuning.provisionRoutes === false ? 'started on the first call' : 'started before the first call'}; DynamoDB Local ${tuning.warmUpDynamoDb === false ? 'not warmed up' : 'warmed up'}`;
}
