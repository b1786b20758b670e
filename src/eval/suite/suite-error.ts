import { PlumeError, type SourceLocation } from '../../util/errors.ts';

/** A mistake in a suite or one of its files: where it is and how to fix it. */
export function suiteError(message: string, location: SourceLocation | undefined, hint?: string): PlumeError {
  return new PlumeError({ code: 'SUITE_INVALID', message, location, hint });
}
