/**
 * Errors that say a provider gave no answer at all: it could not be reached, or it did not answer
 * within the time limit (a hang). Such a call is retried only a few times, and a run stops calling a
 * provider after a few of them in a row: a provider that is down or hangs must fail fast, not cost
 * every cell its full retries. An error the provider sent back (a 429, a 500) or a connection it
 * dropped mid-call is not one of them.
 */
export function isUnanswered(code: string | undefined): code is 'PROVIDER_CONNECTION' | 'PROVIDER_TIMEOUT' {
  return code === 'PROVIDER_CONNECTION' || code === 'PROVIDER_TIMEOUT';
}
