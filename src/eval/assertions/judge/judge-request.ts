import { z } from 'zod';
import type { Assertion } from '../../../spec/assertion.ts';
import type { GenerateRequest } from '../../../spec/model.ts';
import { parseOption } from '../assertion-config.ts';
import { renderTemplate } from '../render-template.ts';

const DEFAULT_SEED = 0;
const DEFAULT_MAX_TOKENS = 1024;
const SEED = z.number().int().default(DEFAULT_SEED);
const MAX_TOKENS = z.number().int().positive().default(DEFAULT_MAX_TOKENS);

/** Judge call settings an assertion may set in `config`; part of every judge request. */
export interface JudgeSettings {
  seed: number;
  maxTokens: number;
}

/** Read `config.seed` and `config.maxTokens` once, at compile time. */
export function parseJudgeSettings(assertion: Assertion): JudgeSettings {
  return {
    seed: parseOption(assertion, 'seed', SEED),
    maxTokens: parseOption(assertion, 'maxTokens', MAX_TOKENS),
  };
}

/**
 * A judge request built only from its inputs (temperature 0, fixed seed, fixed wording), so equal
 * inputs give byte-equal requests and the model layer's cache key, which covers model, messages,
 * parameters and schema, is stable.
 */
export function buildJudgeRequest(
  system: string,
  user: string,
  outputSchema: Record<string, unknown>,
  settings: JudgeSettings,
): GenerateRequest {
  return {
    messages: [
      { role: 'system', content: system },
      { role: 'user', content: user },
    ],
    params: { temperature: 0, seed: settings.seed, maxTokens: settings.maxTokens },
    outputSchema,
  };
}

/**
 * The judge's user message: the suite's `rubricPrompt` if it has one, else the check's own
 * template, with `{{output}}`, `{{prompt}}`, `{{expected}}`, the check's fields and the test's vars.
 */
export function judgeUserMessage(
  rubricPrompt: string | undefined,
  template: string,
  context: { vars: Readonly<Record<string, unknown>>; prompt?: string; test: { expected?: string } },
  fields: Record<string, string>,
): string {
  const values = {
    ...context.vars,
    prompt: context.prompt ?? '(not given)',
    expected: context.test.expected ?? '(not given)',
    ...fields,
  };
  return renderTemplate(rubricPrompt ?? template, values);
}
