import type { ProviderResult } from '../../spec/model.ts';
import type { ProviderStreamEvent } from '../language-model.ts';

/** Runs a generation, handing each text chunk to `onText` as it comes; resolves with the whole result. */
export type StreamedRun = (onText: (text: string) => void, signal: AbortSignal) => Promise<ProviderResult>;

/**
 * A callback-driven generation as a stream of provider events: the text chunks in order, then
 * one `finish` with the whole result. A consumer that stops reading early aborts the generation,
 * as does `signal`.
 */
export async function* textStream(
  run: StreamedRun,
  signal?: AbortSignal,
): AsyncGenerator<ProviderStreamEvent> {
  const controller = new AbortController();
  const combined = signal === undefined ? controller.signal : AbortSignal.any([signal, controller.signal]);
  const chunks: string[] = [];
  let wake: (() => void) | undefined;
  const notify = () => {
    wake?.();
    wake = undefined;
  };
  let settled = false;
  const result = run((text) => {
    if (text === '') return;
    chunks.push(text);
    notify();
  }, combined).finally(() => {
    settled = true;
    notify();
  });
  // The loop below reads `result` only once settled; keep an early rejection from being unhandled.
  result.catch(() => undefined);
  try {
    for (;;) {
      while (chunks.length > 0) yield { type: 'text', text: chunks.shift() as string };
      if (settled) break;
      await new Promise<void>((resolve) => {
        wake = resolve;
      });
    }
    yield { type: 'finish', result: await result };
  } finally {
    if (!settled) {
      controller.abort();
      await result.catch(() => undefined);
    }
  }
}
