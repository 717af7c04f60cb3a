/**
 * Validation problems and results: a rule that fails names the field path and the rule it broke,
 * and validators return every problem at once rather than stopping at the first.
 */

/** One broken rule: `{ path: 'lines[0].configuration.width_mm', rule: 'range', message: '...' }`. */
export interface Problem {
  /** Path of the offending field in the validated input (`lines[1].quantity`); '' for the whole input. */
  readonly path: string;
  /** Short stable rule id, e.g. 'range', 'enum', 'unknown-product', 'forbidden-combination'. */
  readonly rule: string;
  readonly message: string;
}

export type Validated<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly problems: readonly Problem[] };

/** A domain precondition failed on input that should have been validated first. */
export class DomainValidationError extends Error {
  readonly problems: readonly Problem[];

  constructor(problems: readonly Problem[], options?: { cause?: unknown }) {
    super(
      `Invalid input: ${problems
        .slice(0, 5)
        .map((problem) => `${problem.path || '(root)'}: ${problem.rule}: ${problem.message}`)
        .join('; ')}${problems.length > 5 ? ` (+${problems.length - 5} more)` : ''}`,
      options,
    );
    this.name = 'DomainValidationError';
    this.problems = problems;
  }
}
