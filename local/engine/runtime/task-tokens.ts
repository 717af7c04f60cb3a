/**
 * Task tokens for the callback pattern (`.waitForTaskToken`). A token names its execution, so a
 * token is understood even after a restart or after its task closed: SendTask* can then answer
 * TaskTimedOut (the task is over) rather than TaskDoesNotExist (no such task was ever issued).
 * The tokens of open tasks live in the execution's journal (`schedule` records) and are
 * registered again when an engine resumes the execution.
 */
import { randomBytes } from 'node:crypto';

const PREFIX = 'mto1';

/** Creates a token for a task of `executionArn`. */
export function createTaskToken(executionArn: string): string {
  const body = Buffer.from(JSON.stringify([executionArn, randomBytes(12).toString('hex')]), 'utf8').toString('base64url');
  return `${PREFIX}.${body}`;
}

/** The execution a token belongs to, or undefined when the string is not a token of this engine. */
export function executionArnOfToken(token: string): string | undefined {
  if (!token.startsWith(`${PREFIX}.`)) return undefined;
  try {
    const decoded: unknown = JSON.parse(Buffer.from(token.slice(PREFIX.length + 1), 'base64url').toString('utf8'));
    if (Array.isArray(decoded) && decoded.length === 2 && typeof decoded[0] === 'string' && typeof decoded[1] === 'string') return decoded[0];
    return undefined;
  } catch {
    return undefined;
  }
}

/** Where an open task waits. */
export interface OpenTask {
  readonly executionArn: string;
  readonly threadId: string;
}

/** The tokens of tasks still waiting for a callback. */
export class TaskTokenRegistry {
  private readonly open = new Map<string, OpenTask>();

  public register(token: string, task: OpenTask): void {
    this.open.set(token, task);
  }

  public release(token: string): void {
    this.open.delete(token);
  }

  public find(token: string): OpenTask | undefined {
    return this.open.get(token);
  }

  public get size(): number {
    return this.open.size;
  }
}
