import { join, resolve } from 'node:path';
import { loadSuite } from '../../../src/eval/suite/load-suite.ts';
import { isPlumeError, type PlumeError } from '../../../src/util/errors.ts';

export const FIXTURES = resolve(import.meta.dirname, 'fixtures');

/** Absolute path of a fixture file. */
export function fixture(...parts: string[]): string {
  return join(FIXTURES, ...parts);
}

/** The PlumeError loading a suite raises; fails when it loads. */
export async function loadError(file: string): Promise<PlumeError> {
  try {
    await loadSuite(file);
  } catch (error) {
    if (isPlumeError(error)) return error;
    throw error;
  }
  throw new Error(`${file} loaded, but an error was expected`);
}
