// Test helpers: capture the UsageError an expression raises, to assert on its class, exit code and text.

import { UsageError } from '../../src/errors.js';

export function usageErrorOf(run: () => unknown): UsageError {
  try {
    run();
  } catch (error) {
    if (error instanceof UsageError) return error;
    throw error;
  }
  throw new Error('expected a UsageError, and nothing was thrown');
}

/** The message users read: the problem, the expression indented, and the caret line. */
export function caret(problem: string, expression: string, underline: string): string {
  return `${problem}\n  ${expression}\n  ${underline}`;
}
