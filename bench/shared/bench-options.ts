/**
 * The command line of a benchmark script: `--help` lists its options with their defaults, and a
 * mistyped option is one line naming it (and the options there are), not a stack trace.
 */
import { parseArgs, type ParseArgsConfig } from 'node:util';

type OptionSpecs = NonNullable<ParseArgsConfig['options']>;

function usage(command: string, options: OptionSpecs): string {
  const lines = Object.entries(options).map(([name, spec]) => {
    const value = spec.type === 'string' ? ` <value>` : '';
    const fallback = spec.type === 'boolean' || spec.default === undefined || spec.default === '' ? '' : ` (default ${String(spec.default)})`;
    return `  --${name}${value}${fallback}`;
  });
  return [`usage: ${command} [options]`, ...lines, '  --help'].join('\n');
}

/**
 * Parses `process.argv` against `options`; exits 0 after `--help`, 2 after a bad option.
 * @param command how the script is run, for the usage line (`npm run bench:api --`)
 */
export function parseBenchOptions<const T extends OptionSpecs>(command: string, options: T) {
  if (process.argv.includes('--help')) {
    console.log(usage(command, options));
    process.exit(0);
  }
  try {
    return parseArgs({ options, allowPositionals: false }).values;
  } catch (error) {
    console.error(`${error instanceof Error ? error.message : String(error)}\n${usage(command, options)}`);
    process.exit(2);
  }
}
