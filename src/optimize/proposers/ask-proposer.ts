import { isCutShort } from '../../models/finish-reason.ts';
import type { Model } from '../../models/model.ts';
import { addSpend, NO_SPEND } from '../../store/optimization-store.ts';
import { callProposer, type ProposerCallOptions } from './proposer-call.ts';
import type { Spend } from './spend.ts';

/** The answers to a batch of meta-prompts, in order, and what they used together. */
export interface ProposerAnswers {
  texts: string[];
  spent: Spend;
}

/**
 * Send several meta-prompts at once, the i-th as sample `options.sample + i`; the registry's
 * concurrency limit paces them. Once the signal aborts, calls not yet answered are left out (no
 * text, no spend), an answer the abort cut short is counted but not read, and the batch resolves
 * with what was answered. A call that fails otherwise makes the batch throw its error, after
 * every other call has settled.
 */
export async function askProposer(
  model: Model,
  metaPrompts: readonly string[],
  options: ProposerCallOptions = {},
): Promise<ProposerAnswers> {
  const first = options.sample ?? 0;
  const settled = await Promise.allSettled(
    metaPrompts.map((metaPrompt, index) =>
      options.signal?.aborted
        ? Promise.resolve(undefined)
        : callProposer(model, metaPrompt, { ...options, sample: first + index }),
    ),
  );
  const texts: string[] = [];
  let spent = NO_SPEND;
  let failure: { reason: unknown } | undefined;
  for (const outcome of settled) {
    if (outcome.status === 'rejected') {
      if (!options.signal?.aborted) failure ??= { reason: outcome.reason };
    } else if (outcome.value !== undefined) {
      // An answer cut short (by the abort: the local provider returns one) is paid for but not read.
      if (!isCutShort(outcome.value)) texts.push(outcome.value.text);
      spent = addSpend(spent, outcome.value.usage);
    }
  }
  if (failure !== undefined) throw failure.reason;
  return { texts, spent };
}
