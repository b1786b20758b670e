import type { Assertion } from '../../../spec/assertion.ts';
import type { AssertionContext } from '../assertion-context.ts';
import { type AssertionOutcome, undecided } from '../assertion-handler.ts';
import { CODE_NOT_ALLOWED, compileUserCode, type UserCode, userCodeContext } from '../user-code.ts';

/** Where a context-* check reads the retrieved context: `contextTransform`, else the `context` var. */
export interface ContextSource {
  transform: UserCode | undefined;
}

export const NO_CONTEXT =
  'no retrieved context: give the test a "context" var (a text or a list of chunks) or the check a contextTransform';

/** Read `contextTransform` once (compiled for its syntax only; it runs in the sandbox per cell). */
export function parseContextSource(assertion: Assertion): ContextSource {
  return {
    transform:
      assertion.contextTransform === undefined
        ? undefined
        : compileUserCode(assertion.contextTransform, 'contextTransform'),
  };
}

/**
 * The retrieved context of a cell as chunks: what `contextTransform` returns for the output (code:
 * only where the suite allows it, in the sandbox), else the `context` var. Empty chunks are dropped.
 */
export async function retrievedContext(
  source: ContextSource,
  context: AssertionContext,
): Promise<{ ok: true; chunks: string[] } | { ok: false; outcome: AssertionOutcome }> {
  let value: unknown = context.vars.context;
  if (source.transform) {
    if (!context.allowCode) return { ok: false, outcome: undecided(CODE_NOT_ALLOWED) };
    const result = await source.transform.run(context.output, userCodeContext(context));
    if (!result.ok) return { ok: false, outcome: undecided(`the contextTransform ${result.reason}`) };
    value = result.value;
  }
  const chunks = chunksOf(value);
  if (chunks === undefined) {
    const why = source.transform ? 'the contextTransform must return a text or a list of texts' : NO_CONTEXT;
    return { ok: false, outcome: undecided(why) };
  }
  return { ok: true, chunks };
}

function chunksOf(value: unknown): string[] | undefined {
  const list = Array.isArray(value) ? value : [value];
  if (!list.every((item) => typeof item === 'string')) return undefined;
  const chunks = (list as string[]).filter((chunk) => chunk.trim() !== '');
  return chunks.length === 0 ? undefined : chunks;
}

/** The user's question of a RAG check: the `query` var (promptfoo's name); `fallback` when it has none. */
export function queryOf(context: AssertionContext, fallback?: string): string | AssertionOutcome {
  const query = context.vars.query;
  if (typeof query === 'string' && query.trim() !== '') return query;
  if (fallback !== undefined && fallback.trim() !== '') return fallback;
  return undecided('no question: give the test a "query" var with the user\'s question');
}

/** Chunks as the judge reads them, numbered from 1. */
export function numbered(items: readonly string[]): string {
  return items.map((item, index) => `${index + 1}. ${item}`).join('\n');
}

/** A share (`count` of `total`) that passes when it reaches `threshold` (promptfoo's default 0). */
export function shareOutcome(
  what: string,
  count: number,
  total: number,
  threshold: number,
  detail: string,
): AssertionOutcome {
  const score = total === 0 ? 0 : count / total;
  const pass = score >= threshold - Number.EPSILON;
  const mark = `${what} ${score.toFixed(2)} (${count} of ${total}) ${pass ? '≥' : '<'} ${threshold}`;
  return { pass, score, reason: detail === '' ? mark : `${mark}: ${detail}` };
}

/**
 * The units a context is judged in: its chunks when it has several; a single text by line when it
 * has several lines, else by sentence (a one-paragraph context judged whole would always score 1).
 */
export function contextUnits(chunks: readonly string[]): string[] {
  if (chunks.length > 1) return [...chunks];
  const text = chunks[0] ?? '';
  const lines = text.split('\n').filter((line) => line.trim() !== '');
  if (lines.length > 1) return lines.map((line) => line.trim());
  return sentencesOf(text);
}

/** A text's sentences: split after `.`, `!` or `?` followed by white space. */
export function sentencesOf(text: string): string[] {
  return text
    .split(/(?<=[.!?])\s+/)
    .map((sentence) => sentence.trim())
    .filter((sentence) => sentence !== '');
}
