/**
 * JSONPath as Step Functions understands it (the Jayway subset AWS documents): `$` the state's
 * input, `$$` the context object, `$name` a workflow variable; `.a`, `['a']`, `[0]`, `[-1]`, `[*]`,
 * `.*`, `[start:end:step]`, unions `[0,1]` / `['a','b']`, recursive descent `..`, and filters
 * `[?(@.x > 1)]` with `== != < <= > >= =~ && || !`.
 *
 * A *definite* path (only names and indexes) selects one value and fails with `States.Runtime`
 * when nothing is there; an indefinite one selects a list, empty when nothing matches.
 * A *reference path* is definite and rooted at `$` (ResultPath and the *Path fields).
 */
import type { ContextObject, Json, JsonObject } from './contract';
import { StatesError } from './contract';

/** A path that does not follow the JSONPath grammar; the validator turns it into a problem. */
export class PathSyntaxError extends Error {
  public readonly path: string;
  public constructor(path: string, reason: string) {
    super(`Invalid JSONPath '${path}': ${reason}`);
    this.name = 'PathSyntaxError';
    this.path = path;
  }
}

type PathRoot = { kind: 'input' } | { kind: 'context' } | { kind: 'variable'; name: string };

type FilterOperand =
  | { kind: 'literal'; value: Json }
  | { kind: 'regex'; regex: RegExp }
  | { kind: 'relative'; segments: Segment[] }
  | { kind: 'absolute'; path: ParsedPath };

type FilterExpr =
  | { kind: 'or' | 'and'; left: FilterExpr; right: FilterExpr }
  | { kind: 'not'; operand: FilterExpr }
  | { kind: 'compare'; op: '==' | '!=' | '<' | '<=' | '>' | '>=' | '=~'; left: FilterOperand; right: FilterOperand }
  | { kind: 'exists'; operand: FilterOperand };

type Segment =
  | { kind: 'name'; name: string }
  | { kind: 'names'; names: string[] }
  | { kind: 'index'; index: number }
  | { kind: 'indexes'; indexes: number[] }
  | { kind: 'wildcard' }
  | { kind: 'slice'; start: number | undefined; end: number | undefined; step: number | undefined }
  | { kind: 'descendant'; then: Segment }
  | { kind: 'filter'; expr: FilterExpr };

export interface ParsedPath {
  readonly text: string;
  readonly root: PathRoot;
  readonly segments: readonly Segment[];
  /** Only names and single indexes: selects at most one value. */
  readonly definite: boolean;
}

/** What a path can read besides the state's input. */
export interface PathScope {
  readonly context: ContextObject | Json;
  readonly variables: Readonly<Record<string, Json>>;
}

const isObject = (value: unknown): value is JsonObject => typeof value === 'object' && value !== null && !Array.isArray(value);

const IDENTIFIER_START = /[A-Za-z_]/;
const IDENTIFIER_PART = /[A-Za-z0-9_]/;
/** Characters that end a dot-notation name (Jayway reads up to the next `.` or `[`). */
const NAME_STOP = new Set(['.', '[', ']', '(', ')', "'", '"', ',', ' ', '\t', '\n', '\r', '?', '@', '=', '!', '<', '>', '&', '|']);

class PathParser {
  private pos = 0;
  public constructor(
    private readonly text: string,
    private readonly full: string,
  ) {}

  public parseRootAndSegments(): { root: PathRoot; segments: Segment[]; end: number } {
    const root = this.parseRoot();
    const segments = this.parseSegments();
    return { root, segments, end: this.pos };
  }

  public atEnd(): boolean {
    return this.pos >= this.text.length;
  }

  public get position(): number {
    return this.pos;
  }

  private fail(reason: string): never {
    throw new PathSyntaxError(this.full, `${reason} at position ${this.pos}`);
  }

  private parseRoot(): PathRoot {
    if (this.text[this.pos] !== '$') this.fail("a path must start with '$'");
    this.pos += 1;
    if (this.text[this.pos] === '$') {
      this.pos += 1;
      return { kind: 'context' };
    }
    const first = this.text[this.pos];
    if (first !== undefined && IDENTIFIER_START.test(first)) {
      let name = '';
      while (this.pos < this.text.length && IDENTIFIER_PART.test(this.text[this.pos] ?? '')) {
        name += this.text[this.pos];
        this.pos += 1;
      }
      return { kind: 'variable', name };
    }
    return { kind: 'input' };
  }

  /** Segments until the end of the text or a character that cannot continue a path. */
  public parseSegments(): Segment[] {
    const segments: Segment[] = [];
    while (this.pos < this.text.length) {
      const c = this.text[this.pos];
      if (c === '.') {
        if (this.text[this.pos + 1] === '.') {
          this.pos += 2;
          if (this.text[this.pos] === '[') segments.push({ kind: 'descendant', then: this.parseBracket() });
          else if (this.text[this.pos] === '*') {
            this.pos += 1;
            segments.push({ kind: 'descendant', then: { kind: 'wildcard' } });
          } else segments.push({ kind: 'descendant', then: { kind: 'name', name: this.parseDotName() } });
        } else {
          this.pos += 1;
          if (this.text[this.pos] === '*') {
            this.pos += 1;
            segments.push({ kind: 'wildcard' });
          } else if (this.text[this.pos] === '[') {
            // `$.a.['b c']`: AWS documents this form for intrinsic arguments.
            segments.push(this.parseBracket());
          } else segments.push({ kind: 'name', name: this.parseDotName() });
        }
      } else if (c === '[') {
        segments.push(this.parseBracket());
      } else {
        return segments;
      }
    }
    return segments;
  }

  private parseDotName(): string {
    let name = '';
    while (this.pos < this.text.length && !NAME_STOP.has(this.text[this.pos] ?? '')) {
      name += this.text[this.pos];
      this.pos += 1;
    }
    if (name === '') this.fail('expected a field name');
    if (name.includes('*')) this.fail(`'*' is only allowed alone, not in the name '${name}'`);
    return name;
  }

  private skipSpaces(): void {
    while (this.text[this.pos] === ' ') this.pos += 1;
  }

  private parseQuoted(): string {
    const quote = this.text[this.pos];
    this.pos += 1;
    let value = '';
    while (this.pos < this.text.length && this.text[this.pos] !== quote) {
      if (this.text[this.pos] === '\\' && this.pos + 1 < this.text.length) {
        this.pos += 1;
      }
      value += this.text[this.pos];
      this.pos += 1;
    }
    if (this.text[this.pos] !== quote) this.fail('unterminated quoted name');
    this.pos += 1;
    return value;
  }

  private expect(char: string): void {
    this.skipSpaces();
    if (this.text[this.pos] !== char) this.fail(`expected '${char}'`);
    this.pos += 1;
  }

  private parseBracket(): Segment {
    this.pos += 1; // '['
    this.skipSpaces();
    const c = this.text[this.pos];
    if (c === '*') {
      this.pos += 1;
      this.expect(']');
      return { kind: 'wildcard' };
    }
    if (c === '?') {
      this.pos += 1;
      this.expect('(');
      const expr = new FilterParser(this.text, this.full, this.pos).parseWhole();
      this.pos = expr.end;
      this.expect(')');
      this.expect(']');
      return { kind: 'filter', expr: expr.expr };
    }
    if (c === "'" || c === '"') {
      const names = [this.parseQuoted()];
      this.skipSpaces();
      while (this.text[this.pos] === ',') {
        this.pos += 1;
        this.skipSpaces();
        if (this.text[this.pos] !== "'" && this.text[this.pos] !== '"') this.fail('expected a quoted name');
        names.push(this.parseQuoted());
        this.skipSpaces();
      }
      this.expect(']');
      return names.length === 1 ? { kind: 'name', name: names[0] ?? '' } : { kind: 'names', names };
    }
    const close = this.text.indexOf(']', this.pos);
    if (close < 0) this.fail("missing ']'");
    const content = this.text.slice(this.pos, close).trim();
    this.pos = close + 1;
    const integer = (s: string): number => {
      if (!/^-?\d+$/.test(s)) this.fail(`'${s}' is not an integer index`);
      return Number(s);
    };
    if (content.includes(':')) {
      const parts = content.split(':').map((p) => p.trim());
      if (parts.length > 3) this.fail(`'${content}' is not a slice`);
      const [start, end, step] = parts.map((p) => (p === '' ? undefined : integer(p)));
      if (step === 0) this.fail('a slice step cannot be 0');
      return { kind: 'slice', start, end, step };
    }
    if (content.includes(',')) return { kind: 'indexes', indexes: content.split(',').map((p) => integer(p.trim())) };
    if (content === '') this.fail('empty brackets');
    return { kind: 'index', index: integer(content) };
  }
}

class FilterParser {
  public constructor(
    private readonly text: string,
    private readonly full: string,
    private pos: number,
  ) {}

  public parseWhole(): { expr: FilterExpr; end: number } {
    const expr = this.parseOr();
    this.skip();
    return { expr, end: this.pos };
  }

  private fail(reason: string): never {
    throw new PathSyntaxError(this.full, `${reason} in filter at position ${this.pos}`);
  }

  private skip(): void {
    while (/\s/.test(this.text[this.pos] ?? '')) this.pos += 1;
  }

  private peek(s: string): boolean {
    this.skip();
    return this.text.startsWith(s, this.pos);
  }

  private parseOr(): FilterExpr {
    let left = this.parseAnd();
    while (this.peek('||')) {
      this.pos += 2;
      left = { kind: 'or', left, right: this.parseAnd() };
    }
    return left;
  }

  private parseAnd(): FilterExpr {
    let left = this.parseUnary();
    while (this.peek('&&')) {
      this.pos += 2;
      left = { kind: 'and', left, right: this.parseUnary() };
    }
    return left;
  }

  private parseUnary(): FilterExpr {
    if (this.peek('!') && !this.peek('!=')) {
      this.pos += 1;
      return { kind: 'not', operand: this.parseUnary() };
    }
    if (this.peek('(')) {
      this.pos += 1;
      const inner = this.parseOr();
      if (!this.peek(')')) this.fail("expected ')'");
      this.pos += 1;
      return inner;
    }
    const left = this.parseOperand();
    for (const op of ['==', '!=', '<=', '>=', '=~', '<', '>'] as const) {
      if (this.peek(op)) {
        this.pos += op.length;
        const right = op === '=~' ? this.parseRegex() : this.parseOperand();
        return { kind: 'compare', op, left, right };
      }
    }
    return { kind: 'exists', operand: left };
  }

  private parseRegex(): FilterOperand {
    this.skip();
    if (this.text[this.pos] !== '/') this.fail("expected a /regex/ after '=~'");
    const end = this.text.indexOf('/', this.pos + 1);
    if (end < 0) this.fail('unterminated regex');
    const source = this.text.slice(this.pos + 1, end);
    this.pos = end + 1;
    let flags = '';
    while (/[imsu]/.test(this.text[this.pos] ?? '')) {
      flags += this.text[this.pos];
      this.pos += 1;
    }
    try {
      return { kind: 'regex', regex: new RegExp(source, flags) };
    } catch (error) {
      return this.fail(`invalid regex /${source}/: ${(error as Error).message}`);
    }
  }

  private parseOperand(): FilterOperand {
    this.skip();
    const c = this.text[this.pos];
    if (c === '@') {
      // Reuse the segment grammar from just after '@'.
      const sub = new PathParser(this.text.slice(this.pos + 1), this.full);
      const segments = sub.parseSegments();
      this.pos += 1 + sub.position;
      return { kind: 'relative', segments };
    }
    if (c === '$') {
      const sub = new PathParser(this.text.slice(this.pos), this.full);
      const { root, segments, end } = sub.parseRootAndSegments();
      this.pos += end;
      return { kind: 'absolute', path: { text: this.text.slice(this.pos - end, this.pos), root, segments, definite: isDefinite(segments) } };
    }
    if (c === "'" || c === '"') {
      let value = '';
      this.pos += 1;
      while (this.pos < this.text.length && this.text[this.pos] !== c) {
        if (this.text[this.pos] === '\\') this.pos += 1;
        value += this.text[this.pos] ?? '';
        this.pos += 1;
      }
      if (this.text[this.pos] !== c) this.fail('unterminated string');
      this.pos += 1;
      return { kind: 'literal', value };
    }
    const number = /^-?\d+(\.\d+)?([eE][+-]?\d+)?/.exec(this.text.slice(this.pos));
    if (number) {
      this.pos += number[0].length;
      return { kind: 'literal', value: Number(number[0]) };
    }
    for (const [word, value] of [
      ['true', true],
      ['false', false],
      ['null', null],
    ] as const) {
      if (this.text.startsWith(word, this.pos)) {
        this.pos += word.length;
        return { kind: 'literal', value };
      }
    }
    return this.fail('expected @, $, a string, a number, true, false or null');
  }
}

const isDefinite = (segments: readonly Segment[]): boolean => segments.every((s) => s.kind === 'name' || s.kind === 'index');

const parseCache = new Map<string, ParsedPath>();

/** Parses a JSONPath; throws `PathSyntaxError` naming the path and the position. */
export const parsePath = (text: string): ParsedPath => {
  const cached = parseCache.get(text);
  if (cached) return cached;
  const trimmed = text.trim();
  const parser = new PathParser(trimmed, text);
  const { root, segments } = parser.parseRootAndSegments();
  if (!parser.atEnd()) throw new PathSyntaxError(text, `unexpected '${trimmed[parser.position] ?? ''}' at position ${parser.position}`);
  const parsed: ParsedPath = { text, root, segments, definite: isDefinite(segments) };
  if (parseCache.size > 5000) parseCache.clear();
  parseCache.set(text, parsed);
  return parsed;
};

/** A definite path rooted at `$` (the state's input): the form ResultPath and *Path fields need. */
export const isReferencePath = (parsed: ParsedPath): boolean => parsed.root.kind === 'input' && parsed.definite;

const deepEqual = (a: Json | undefined, b: Json | undefined): boolean => {
  if (a === b) return true;
  if (Array.isArray(a)) return Array.isArray(b) && a.length === b.length && a.every((item, i) => deepEqual(item, b[i]));
  if (isObject(a)) {
    if (!isObject(b)) return false;
    const keys = Object.keys(a);
    return keys.length === Object.keys(b).length && keys.every((k) => Object.hasOwn(b, k) && deepEqual(a[k], b[k]));
  }
  return false;
};
export { deepEqual as jsonDeepEqual };

type Found = { ok: true; value: Json } | { ok: false; reason: string };

const child = (node: Json, name: string): Found => {
  if (isObject(node)) return Object.hasOwn(node, name) ? { ok: true, value: node[name] as Json } : { ok: false, reason: `no field '${name}'` };
  return { ok: false, reason: `cannot read field '${name}' of ${describeType(node)}` };
};

const element = (node: Json, index: number): Found => {
  if (!Array.isArray(node)) return { ok: false, reason: `cannot read index ${index} of ${describeType(node)}` };
  const i = index < 0 ? node.length + index : index;
  return i >= 0 && i < node.length ? { ok: true, value: node[i] as Json } : { ok: false, reason: `index ${index} is out of bounds (length ${node.length})` };
};

export const describeType = (value: Json | undefined): string => {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return typeof value === 'object' ? 'an object' : `a ${typeof value}`;
};

const descendants = (node: Json, out: Json[]): void => {
  out.push(node);
  if (Array.isArray(node)) for (const item of node) descendants(item, out);
  else if (isObject(node)) for (const value of Object.values(node)) descendants(value, out);
};

const applySegment = (nodes: Json[], segment: Segment, rootValue: (path: ParsedPath) => Json[]): Json[] => {
  const out: Json[] = [];
  for (const node of nodes) {
    switch (segment.kind) {
      case 'name': {
        const found = child(node, segment.name);
        if (found.ok) out.push(found.value);
        break;
      }
      case 'names': {
        // Jayway returns an object holding the requested fields that exist.
        if (isObject(node)) {
          const picked: JsonObject = {};
          for (const name of segment.names) if (Object.hasOwn(node, name)) picked[name] = node[name] as Json;
          out.push(picked);
        }
        break;
      }
      case 'index': {
        const found = element(node, segment.index);
        if (found.ok) out.push(found.value);
        break;
      }
      case 'indexes':
        for (const index of segment.indexes) {
          const found = element(node, index);
          if (found.ok) out.push(found.value);
        }
        break;
      case 'wildcard':
        if (Array.isArray(node)) out.push(...node);
        else if (isObject(node)) out.push(...Object.values(node));
        break;
      case 'slice': {
        if (!Array.isArray(node)) break;
        const n = node.length;
        const step = segment.step ?? 1;
        const norm = (v: number | undefined, dflt: number): number => (v === undefined ? dflt : v < 0 ? Math.max(n + v, step > 0 ? 0 : -1) : Math.min(v, n));
        if (step > 0) for (let i = norm(segment.start, 0); i < norm(segment.end, n); i += step) out.push(node[i] as Json);
        else for (let i = segment.start === undefined ? n - 1 : Math.min(norm(segment.start, n - 1), n - 1); i > norm(segment.end, -1); i += step) out.push(node[i] as Json);
        break;
      }
      case 'descendant': {
        const all: Json[] = [];
        descendants(node, all);
        out.push(...applySegment(all, segment.then, rootValue));
        break;
      }
      case 'filter': {
        const candidates = Array.isArray(node) ? node : [node];
        for (const candidate of candidates) if (evaluateFilter(segment.expr, candidate, rootValue)) out.push(candidate);
        break;
      }
    }
  }
  return out;
};

const operandValues = (operand: FilterOperand, current: Json, rootValue: (path: ParsedPath) => Json[]): Json[] | undefined => {
  switch (operand.kind) {
    case 'literal':
      return [operand.value];
    case 'regex':
      return undefined;
    case 'relative': {
      let nodes: Json[] = [current];
      for (const segment of operand.segments) nodes = applySegment(nodes, segment, rootValue);
      return nodes;
    }
    case 'absolute':
      return rootValue(operand.path);
  }
};

const compareValues = (op: '==' | '!=' | '<' | '<=' | '>' | '>=', a: Json, b: Json): boolean => {
  if (op === '==') return deepEqual(a, b);
  if (op === '!=') return !deepEqual(a, b);
  const comparable = (typeof a === 'number' && typeof b === 'number') || (typeof a === 'string' && typeof b === 'string');
  if (!comparable) return false;
  switch (op) {
    case '<':
      return a < b;
    case '<=':
      return a <= b;
    case '>':
      return a > b;
    case '>=':
      return a >= b;
  }
};

const evaluateFilter = (expr: FilterExpr, current: Json, rootValue: (path: ParsedPath) => Json[]): boolean => {
  switch (expr.kind) {
    case 'or':
      return evaluateFilter(expr.left, current, rootValue) || evaluateFilter(expr.right, current, rootValue);
    case 'and':
      return evaluateFilter(expr.left, current, rootValue) && evaluateFilter(expr.right, current, rootValue);
    case 'not':
      return !evaluateFilter(expr.operand, current, rootValue);
    case 'exists': {
      const values = operandValues(expr.operand, current, rootValue);
      return values !== undefined && values.length > 0;
    }
    case 'compare': {
      const left = operandValues(expr.left, current, rootValue);
      if (left === undefined || left.length !== 1) return false;
      const l = left[0] as Json;
      if (expr.op === '=~') return expr.right.kind === 'regex' && typeof l === 'string' && expr.right.regex.test(l);
      const right = operandValues(expr.right, current, rootValue);
      if (right === undefined || right.length !== 1) return false;
      return compareValues(expr.op, l, right[0] as Json);
    }
  }
};

/** Where a path's root points: the input, the context object or a variable. */
const rootOf = (parsed: ParsedPath, input: Json, scope: PathScope): Json => {
  switch (parsed.root.kind) {
    case 'input':
      return input;
    case 'context':
      return scope.context as Json;
    case 'variable': {
      const name = parsed.root.name;
      if (!Object.hasOwn(scope.variables, name)) throw new StatesError('States.Runtime', `Invalid path '${parsed.text}': the variable '$${name}' is not defined`);
      return scope.variables[name] as Json;
    }
  }
};

const lookup = (parsed: ParsedPath, input: Json, scope: PathScope): Found => {
  const root = rootOf(parsed, input, scope);
  if (parsed.definite) {
    let node: Json = root;
    for (const segment of parsed.segments) {
      const found = segment.kind === 'name' ? child(node, segment.name) : element(node, (segment as { index: number }).index);
      if (!found.ok) return found;
      node = found.value;
    }
    return { ok: true, value: node };
  }
  const rootValue = (p: ParsedPath): Json[] => {
    try {
      const found = lookup(p, input, scope);
      if (!found.ok) return [];
      return p.definite ? [found.value] : (found.value as Json[]);
    } catch {
      return [];
    }
  };
  let nodes: Json[] = [root];
  for (const segment of parsed.segments) nodes = applySegment(nodes, segment, rootValue);
  return { ok: true, value: nodes };
};

/**
 * Reads a path. Definite paths return the one value or throw `States.Runtime` naming the path;
 * indefinite paths return the (possibly empty) array of matches. An undefined variable is a
 * `States.Runtime` error either way.
 */
export const readPath = (path: string | ParsedPath, input: Json, scope: PathScope): Json => {
  const parsed = typeof path === 'string' ? parseOrRuntimeError(path) : path;
  const found = lookup(parsed, input, scope);
  if (!found.ok) throw new StatesError('States.Runtime', `Invalid path '${parsed.text}': No results for path (${found.reason})`);
  return found.value;
};

/** Like `readPath` but answers `undefined` when a definite path selects nothing (IsPresent). */
export const tryReadPath = (path: string | ParsedPath, input: Json, scope: PathScope): Json | undefined => {
  const parsed = typeof path === 'string' ? parseOrRuntimeError(path) : path;
  const found = lookup(parsed, input, scope);
  return found.ok ? found.value : undefined;
};

const parseOrRuntimeError = (path: string): ParsedPath => {
  try {
    return parsePath(path);
  } catch (error) {
    throw new StatesError('States.Runtime', (error as Error).message);
  }
};

/**
 * ResultPath: the input with `value` placed at the reference path, creating missing objects on
 * the way. `$` replaces the input. A non-object input, or a non-object on the way, is a
 * `States.ResultPathMatchFailure`.
 */
export const writeResultPath = (input: Json, resultPath: string, value: Json): Json => {
  const parsed = parseOrRuntimeError(resultPath);
  if (!isReferencePath(parsed)) throw new StatesError('States.Runtime', `ResultPath '${resultPath}' is not a reference path`);
  if (parsed.segments.length === 0) return value;
  const mismatch = (what: string): never => {
    throw new StatesError('States.ResultPathMatchFailure', `Unable to apply ResultPath '${resultPath}' to the state's input: ${what}`);
  };
  if (!isObject(input)) mismatch(`the input is ${describeType(input)}, not an object`);
  // Only the objects and arrays on the path are copied; the rest is shared with the input. The
  // engine never changes a value once made, so sharing is safe, and a deep copy of a large input
  // at every ResultPath cost more than the state's whole evaluation.
  const output = shallowCopy(input);
  let node: Json = output;
  parsed.segments.forEach((segment, i) => {
    const last = i === parsed.segments.length - 1;
    if (segment.kind === 'name') {
      if (!isObject(node)) return mismatch(`cannot set field '${segment.name}' on ${describeType(node)}`);
      if (last) node[segment.name] = value;
      else {
        const next: Json = Object.hasOwn(node, segment.name) ? shallowCopy(node[segment.name] as Json) : {};
        node[segment.name] = next;
        node = next;
      }
    } else if (segment.kind === 'index') {
      if (!Array.isArray(node)) return mismatch(`cannot set index ${segment.index} on ${describeType(node)}`);
      const index = segment.index < 0 ? node.length + segment.index : segment.index;
      if (index < 0 || index >= node.length) return mismatch(`index ${segment.index} is out of bounds (length ${node.length})`);
      if (last) node[index] = value;
      else {
        const next = shallowCopy(node[index] as Json);
        node[index] = next;
        node = next;
      }
    }
    return undefined;
  });
  return output;
};

/** A copy of an object or array one level deep (other values are returned as they are). */
const shallowCopy = (value: Json): Json => {
  if (Array.isArray(value)) return [...value];
  if (isObject(value)) return { ...value };
  return value;
};
