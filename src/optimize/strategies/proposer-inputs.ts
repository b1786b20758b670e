import type { Demonstration } from '../../library/techniques/technique.ts';
import type { Model } from '../../models/model.ts';
import { costOf } from '../../models/prices.ts';
import type { SuiteTest } from '../../spec/suite.ts';
import { PlumeError } from '../../util/errors.ts';
import type { Spend } from '../budget.ts';
import type { Candidate } from '../candidate.ts';
import type { OptimizationTest } from '../evaluator.ts';
import type { Failure } from '../proposers/protegi.ts';
import type { SearchContext } from '../search-context.ts';
import { demonstrationInput } from './few-shot.ts';

/** Variables that hold a test's gold answer, in the order they are looked for. */
const GOLD_VARS = ['expected', 'answer', 'label', 'gold', 'output'];

/** The gold answer a test's variables hold, if any. */
export function goldOf(test: SuiteTest): string | undefined {
  for (const name of GOLD_VARS) {
    const value = test.vars[name];
    if (typeof value === 'string' && value.trim() !== '') return value;
    if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  }
  return undefined;
}

/** Training tests as input → gold answer pairs (tests without a gold answer are left out). */
export function goldDemonstrations(
  tests: readonly OptimizationTest[],
  body: string,
  limit: number,
): Demonstration[] {
  const demonstrations: Demonstration[] = [];
  for (const { test } of tests) {
    const gold = goldOf(test);
    if (gold !== undefined) demonstrations.push({ input: demonstrationInput(test, body), output: gold });
    if (demonstrations.length >= limit) break;
  }
  return demonstrations;
}

/** The candidate's failures on the first `size` training tests (scored through the evaluator, so paid once). */
export async function trainingFailures(
  context: SearchContext,
  candidate: Candidate,
  size: number,
): Promise<Failure[]> {
  const tests = context.train.slice(0, size);
  const outcomes = await context.evaluator.evaluate(candidate, tests);
  const failures: Failure[] = [];
  tests.forEach(({ test }, index) => {
    const outcome = outcomes[index]!;
    if (outcome.pass === 1) return;
    const expected = goldOf(test);
    failures.push({
      input: demonstrationInput(test, candidate.body),
      output: outcome.output ?? '',
      ...(expected === undefined ? {} : { expected }),
    });
  });
  return failures;
}

/** The proposer model, or a user error naming the strategy that needs one. */
export function requireProposer(context: SearchContext, strategy: string): Model {
  if (context.proposer !== undefined) return context.proposer;
  throw new PlumeError({
    code: 'USAGE',
    message: `strategy '${strategy}' needs a proposer model`,
    hint: 'name one with --proposer provider:model (it may differ from the model being optimized)',
  });
}

/** Most answer tokens a proposer call may use, unless the proposer's parameters set maxTokens. */
export const PROPOSER_MAX_TOKENS = 512;

/** The answer limit of proposer calls: the proposer's own maxTokens, else PROPOSER_MAX_TOKENS. */
export function proposerMaxTokens(proposer: Model): number {
  return proposer.ref.params.maxTokens ?? PROPOSER_MAX_TOKENS;
}

/**
 * The worst case of a proposer step making at most `calls` calls: meta-prompts are bounded by the
 * text they quote (`quoted` characters, counted at two characters per token, plus the template),
 * answers by PROPOSER_MAX_TOKENS; priced at the proposer's list price when known.
 */
export function proposerWorst(context: SearchContext, calls: number, quoted: number): Spend {
  const inputTokens = calls * (Math.ceil(quoted / 2) + 600);
  const outputTokens =
    calls * (context.proposer === undefined ? PROPOSER_MAX_TOKENS : proposerMaxTokens(context.proposer));
  const price = context.proposerPrice;
  const costUsd = costOf(price, inputTokens, outputTokens) ?? 0;
  return { calls, inputTokens, outputTokens, costUsd };
}
