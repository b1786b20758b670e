import { z } from 'zod';
import type { Assertion } from '../../spec/assertion.ts';
import { NO_REFERENCE, parseOption, parseValue, referenceSchema, referencesFor } from './assertion-config.ts';
import type { AssertionContext } from './assertion-context.ts';
import { type AssertionOutcome, type CellHandler, undecided } from './assertion-handler.ts';
import { wordTokens } from './text/word-tokens.ts';

/** An n-gram overlap metric between an output and reference texts, as BLEU and ROUGE-N are. */
export interface OverlapMetric {
  /** Shown in reasons, followed by `-n`: `BLEU`, `ROUGE`. */
  label: string;
  /** The `config` key that sets n, and its default. */
  option: string;
  defaultN: number;
  defaultThreshold: number;
  /** What `value` may hold, for error messages. */
  valueDescription: string;
  score(output: string[], references: string[][], n: number): number;
}

interface OverlapConfig {
  references: string[] | undefined;
  n: number;
  threshold: number;
}

/** A handler passing when the metric against the value(s), else the test's expected answer, is ≥ threshold. */
export function referenceOverlap(metric: OverlapMetric): CellHandler<OverlapConfig> {
  const nSchema = z.number().int().min(1).max(4).default(metric.defaultN);
  return {
    kind: 'cell',
    parse: (assertion: Assertion) => ({
      references: parseValue(assertion, referenceSchema, metric.valueDescription),
      n: parseOption(assertion, metric.option, nSchema),
      threshold: assertion.threshold ?? metric.defaultThreshold,
    }),
    check(config: OverlapConfig, context: AssertionContext): AssertionOutcome {
      const references = referencesFor(config.references, context);
      if (!references) return undecided(NO_REFERENCE);
      const score = metric.score(wordTokens(context.output), references.map(wordTokens), config.n);
      const pass = score >= config.threshold;
      const relation = pass ? '≥' : '<';
      return {
        pass,
        score,
        reason: `${metric.label}-${config.n} ${score.toFixed(3)} ${relation} ${config.threshold}`,
      };
    },
  };
}
