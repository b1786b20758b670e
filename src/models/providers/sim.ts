import type { GenerateRequest, ProviderResult } from '../../spec/model.ts';
import { PlumeError } from '../../util/errors.ts';
import type { LanguageModel } from '../language-model.ts';
import { sleep } from '../middleware/retry-middleware.ts';
import { KnownGolds } from '../sim/known-golds.ts';
import { uniformDraw } from '../sim/sim-draw.ts';
import { isSimFamily, SIM_FAMILIES, type SimFamily } from '../sim/sim-families.ts';
import { goldOf, testKey } from '../sim/sim-gold.ts';
import { parseSimSettings, type SimSettings } from '../sim/sim-settings.ts';
import { matchesGold, textOf } from '../sim/sim-text.ts';
import { probabilityOf } from '../sim/sim-truth.ts';
import { approximateTokens } from './echo.ts';

const MAX_COUNTERS = 100_000;

/**
 * The `sim` test instrument (not a model; see docs/simulator.md): answers a test of a known
 * family correctly with a probability computed from the prompt's features (simProbability), so
 * that plume's statistics and optimizer can be checked against a known truth. Reads its settings
 * from `params.sim` and the test's gold from `request.vars`; learns each test's gold to judge
 * demonstrations. Token counts are approximate.
 */
export function createSimModel(modelName: string): LanguageModel {
  if (!isSimFamily(modelName)) {
    throw new PlumeError({
      code: 'MODEL_REF_INVALID',
      message: `the sim test instrument has no family '${modelName}'`,
      hint: `use one of ${Object.keys(SIM_FAMILIES)
        .map((family) => `sim:${family}`)
        .join(', ')}; see docs/simulator.md`,
    });
  }
  const family: SimFamily = modelName;
  const id = `sim:${family}`;
  const known = new KnownGolds();
  // Calls at temperature > 0 without a seed: the n-th asking of the same question gets draw n.
  const counters = new Map<string, number>();

  const drawOf = (request: GenerateRequest, question: string): string => {
    const { temperature, seed } = request.params;
    if ((temperature ?? 0) === 0) return 'greedy';
    if (seed !== undefined) return `seed ${seed}`;
    const count = counters.get(question) ?? 0;
    if (counters.size >= MAX_COUNTERS) counters.clear();
    counters.set(question, count + 1);
    return `call ${count}`;
  };

  const answer = (request: GenerateRequest, signal?: AbortSignal): ProviderResult => {
    signal?.throwIfAborted();
    const settings: SimSettings = parseSimSettings(request.params.sim);
    const vars = request.vars ?? {};
    const gold = goldOf(settings, vars, id);
    const key = testKey(settings, vars);
    known.learn(key, gold);
    const { p } = probabilityOf(settings, family, request.messages, vars, known.asMap());
    const question = JSON.stringify([settings.seed, request.messages, key]);
    const draw = drawOf(request, question);
    const correct = uniformDraw('answer', question, draw) < p;
    const text = correct ? textOf(gold) : wrongAnswer(settings, family, gold, vars, known, question, draw);
    let inputTokens = 0;
    for (const message of request.messages) inputTokens += approximateTokens(message.content);
    return { text, usage: { inputTokens, outputTokens: approximateTokens(text) }, finishReason: 'stop' };
  };

  return {
    id,
    provider: 'sim',
    modelName: family,
    capabilities: { streaming: true, seed: true, local: true },
    async generate(request, options) {
      const wait = takeItsTime(request, options?.signal);
      if (wait !== undefined) await wait;
      return answer(request, options?.signal);
    },
    async *stream(request, options) {
      const wait = takeItsTime(request, options?.signal);
      if (wait !== undefined) await wait;
      const result = answer(request, options?.signal);
      for (const piece of result.text.match(/\s+|\S+\s*/g) ?? []) {
        options?.signal?.throwIfAborted();
        yield { type: 'text', text: piece };
      }
      yield { type: 'finish', result };
    },
  };
}

/** Wait the `latencyMs` of the sim's settings, as a provider takes its time to answer (abortable). */
function takeItsTime(request: GenerateRequest, signal: AbortSignal | undefined): Promise<void> | undefined {
  const { latencyMs } = parseSimSettings(request.params.sim);
  return latencyMs > 0 ? sleep(latencyMs, signal) : undefined;
}

function wrongAnswer(
  settings: SimSettings,
  family: SimFamily,
  gold: unknown,
  vars: Readonly<Record<string, unknown>>,
  known: KnownGolds,
  question: string,
  draw: string,
): string {
  const listed = vars.labels;
  const labels =
    settings.labels ??
    (Array.isArray(listed) && listed.length > 0 ? listed.map(textOf) : undefined) ??
    known.labels();
  const choice = uniformDraw('wrong answer', question, draw);
  const text = SIM_FAMILIES[family].wrongAnswer({ gold, vars, labels, choice });
  // A wrong answer is never the gold, whatever the gold looks like.
  if (!matchesGold(text, gold)) return text;
  return matchesGold('unknown', gold) ? 'none' : 'unknown';
}
