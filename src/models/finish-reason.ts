/**
 * Finish reasons of an answer cut short rather than finished: plume's 'abort' (a local model
 * stopped by a signal keeps what it had written) and the AI SDK's 'interrupted' and 'error'.
 */
const CUT_SHORT: ReadonlySet<string> = new Set(['abort', 'interrupted', 'error']);

/**
 * Whether an answer was cut short. Such an answer is not the model's answer to the request: it is
 * never cached, and neither a run nor an optimization scores it.
 */
export function isCutShort(result: { finishReason: string }): boolean {
  return CUT_SHORT.has(result.finishReason);
}

/** Why an answer cut short is not taken, for a cell's or an optimization's error. */
export function cutShortMessage(finishReason: string): string {
  return `the answer was cut short (finish reason '${finishReason}')`;
}
