import { placeholdersOf } from '../../library/techniques/body-text.ts';
import { getTechnique } from '../../library/techniques/catalogue.ts';
import type { Demonstration } from '../../library/techniques/technique.ts';
import type { SuiteTest } from '../../spec/suite.ts';
import { type Candidate, makeCandidate } from '../candidate.ts';
import type { SearchContext } from '../search-context.ts';

/** How many demonstrations candidates hold, at most (each size gets `trials` random subsets). */
const SIZES = [1, 2, 4, 8];

/**
 * Few-shot selection in the manner of DSPy's BootstrapFewShotWithRandomSearch: run the incumbent
 * on the training tests, keep the answers that passed as demonstrations, then race prompts holding
 * random subsets of 1, 2, 4 and 8 of them. Costs one call per training test, then the race.
 * Skipped when the incumbent already holds demonstrations.
 */
export async function fewShot(context: SearchContext): Promise<void> {
  const technique = getTechnique('few-shot');
  const incumbent = context.incumbent.candidate;
  if (technique.detect(incumbent.body) || context.train.length === 0) return;
  context.emit({ type: 'step', strategy: 'few-shot', description: 'bootstrap', candidates: 0 });
  const outcomes = await context.evaluator.evaluate(incumbent, context.train);
  const pool: Demonstration[] = [];
  context.train.forEach((entry, index) => {
    const outcome = outcomes[index]!;
    if (outcome.pass === 1 && outcome.output !== undefined && outcome.output.trim() !== '') {
      pool.push({ input: demonstrationInput(entry.test, incumbent.body), output: outcome.output.trim() });
    }
  });
  if (pool.length === 0) return;
  const trials = Math.max(1, Math.floor(context.settings.candidates / SIZES.length));
  const candidates: Candidate[] = [];
  for (const size of SIZES.filter((size) => size <= pool.length)) {
    for (let trial = 0; trial < trials; trial++) {
      const demonstrations = sample(pool, size, context.random);
      const body = technique.apply(incumbent.body, { demonstrations });
      candidates.push(
        makeCandidate(body, {
          strategy: 'few-shot',
          description: `${size} demonstration${size > 1 ? 's' : ''}`,
          parent: incumbent.hash,
        }),
      );
    }
  }
  context.emit({ type: 'step', strategy: 'few-shot', description: 'race', candidates: candidates.length });
  await context.race('few-shot', candidates);
}

/**
 * A test's input as a demonstration shows it: the value of the prompt's only variable, or
 * `name: value` lines for several (in the order the prompt uses them).
 */
export function demonstrationInput(test: SuiteTest, body: string): string {
  const tags = placeholdersOf(body).map((tag) => tag.replace(/[{}\s]/g, ''));
  const names = [...new Set(tags)].filter((name) => Object.hasOwn(test.vars, name));
  const show = (value: unknown) => (typeof value === 'string' ? value : JSON.stringify(value));
  if (names.length === 1) return show(test.vars[names[0]!]);
  const shown = names.length > 0 ? names : Object.keys(test.vars);
  return shown.map((name) => `${name}: ${show(test.vars[name])}`).join('; ');
}

/** `size` distinct items of `pool`, in pool order (a partial Fisher–Yates shuffle picks them). */
function sample<T>(pool: readonly T[], size: number, random: () => number): T[] {
  const indices = pool.map((_, index) => index);
  for (let index = 0; index < size; index++) {
    const pick = index + Math.floor(random() * (indices.length - index));
    [indices[index], indices[pick]] = [indices[pick]!, indices[index]!];
  }
  return indices
    .slice(0, size)
    .sort((a, b) => a - b)
    .map((index) => pool[index]!);
}
