/**
 * The language half of the local Step Functions engine: the only module the runtime imports.
 * Every function here has the signature declared by `LanguageApi` in `./contract`; all of them
 * throw `StatesError` for runtime failures (never for programming errors in the definition,
 * which `parseDefinition` reports up front).
 */
import type { LanguageApi } from './contract';
import { parseDefinition } from './definition.validator';
import { findMatchingRule, retryDelayMs } from './retry-catch';
import {
  evaluateCatcherOutput,
  evaluateChoice,
  evaluateFailState,
  evaluateMapItemInput,
  evaluateMapItems,
  evaluateStateInput,
  evaluateStateOutput,
  evaluateTaskTimeouts,
  evaluateWaitUntil,
} from './state-evaluation';

export * from './contract';
export {
  parseDefinition,
  evaluateStateInput,
  evaluateStateOutput,
  evaluateCatcherOutput,
  evaluateChoice,
  evaluateWaitUntil,
  evaluateTaskTimeouts,
  evaluateMapItems,
  evaluateMapItemInput,
  evaluateFailState,
  findMatchingRule,
  retryDelayMs,
};

/** Compile-time proof that this module satisfies the contract, and a handy object for injection. */
export const languageApi: LanguageApi = {
  parseDefinition,
  evaluateStateInput,
  evaluateStateOutput,
  evaluateCatcherOutput,
  evaluateChoice,
  evaluateWaitUntil,
  evaluateTaskTimeouts,
  evaluateMapItems,
  evaluateMapItemInput,
  evaluateFailState,
  findMatchingRule,
  retryDelayMs,
};

/** Synchronous JSONPath evaluation for the runtime's fast path (not part of `LanguageApi`). */
export { jsonPathEvaluator, type JsonPathEvaluator } from './state-evaluation';
