import type { AssertionType } from '../../spec/assertion.ts';
import type { AssertionHandler } from './assertion-handler.ts';

/**
 * Every assertion type's handler, loaded on first use: a suite uses a few of the types, and
 * loading all of them (and what they import) was 40 of the 50 ms the registry took at every
 * start. The compiler proves none is missing.
 */
const LOADERS: Record<AssertionType, () => Promise<AssertionHandler>> = {
  equals: async () => (await import('./handlers/equals.ts')).equals,
  contains: async () => (await import('./handlers/contains.ts')).contains,
  icontains: async () => (await import('./handlers/icontains.ts')).icontains,
  'contains-any': async () => (await import('./handlers/contains-any.ts')).containsAny,
  'contains-all': async () => (await import('./handlers/contains-all.ts')).containsAll,
  'icontains-any': async () => (await import('./handlers/icontains-any.ts')).icontainsAny,
  'icontains-all': async () => (await import('./handlers/icontains-all.ts')).icontainsAll,
  'starts-with': async () => (await import('./handlers/starts-with.ts')).startsWith,
  regex: async () => (await import('./handlers/regex.ts')).regex,
  'is-json': async () => (await import('./handlers/is-json.ts')).isJson,
  'contains-json': async () => (await import('./handlers/contains-json.ts')).containsJson,
  'json-schema': async () => (await import('./handlers/json-schema.ts')).jsonSchema,
  javascript: async () => (await import('./handlers/javascript.ts')).javascript,
  levenshtein: async () => (await import('./handlers/levenshtein.ts')).levenshtein,
  'rouge-n': async () => (await import('./handlers/rouge-n.ts')).rougeN,
  bleu: async () => (await import('./handlers/bleu.ts')).bleu,
  'character-count': async () => (await import('./handlers/character-count.ts')).characterCount,
  'word-count': async () => (await import('./handlers/word-count.ts')).wordCount,
  'token-count': async () => (await import('./handlers/token-count.ts')).tokenCount,
  latency: async () => (await import('./handlers/latency.ts')).latency,
  cost: async () => (await import('./handlers/cost.ts')).cost,
  'is-refusal': async () => (await import('./handlers/is-refusal.ts')).isRefusal,
  language: async () => (await import('./handlers/language.ts')).language,
  readability: async () => (await import('./handlers/readability.ts')).readability,
  similar: async () => (await import('./handlers/similar.ts')).similar,
  'llm-rubric': async () => (await import('./handlers/llm-rubric.ts')).llmRubric,
  factuality: async () => (await import('./handlers/factuality.ts')).factuality,
  'g-eval': async () => (await import('./handlers/g-eval.ts')).gEval,
  'select-best': async () => (await import('./handlers/select-best.ts')).selectBest,
  'is-xml': async () => (await import('./handlers/is-xml.ts')).isXml,
  'contains-xml': async () => (await import('./handlers/contains-xml.ts')).containsXml,
  'is-html': async () => (await import('./handlers/is-html.ts')).isHtml,
  'contains-html': async () => (await import('./handlers/contains-html.ts')).containsHtml,
  'is-sql': async () => (await import('./handlers/is-sql.ts')).isSql,
  'contains-sql': async () => (await import('./handlers/contains-sql.ts')).containsSql,
  'is-valid-function-call': async () =>
    (await import('./handlers/is-valid-function-call.ts')).isValidFunctionCall,
  'is-valid-openai-function-call': async () =>
    (await import('./handlers/is-valid-openai-function-call.ts')).isValidOpenaiFunctionCall,
  'is-valid-openai-tools-call': async () =>
    (await import('./handlers/is-valid-openai-tools-call.ts')).isValidOpenaiToolsCall,
  'tool-call-f1': async () => (await import('./handlers/tool-call-f1.ts')).toolCallF1,
  'finish-reason': async () => (await import('./handlers/finish-reason.ts')).finishReason,
  gleu: async () => (await import('./handlers/gleu.ts')).gleu,
  meteor: async () => (await import('./handlers/meteor.ts')).meteor,
  'max-score': async () => (await import('./handlers/max-score.ts')).maxScore,
  human: async () => (await import('./handlers/human.ts')).human,
  webhook: async () => (await import('./handlers/webhook.ts')).webhook,
  python: async () => (await import('./handlers/python.ts')).python,
};

const loaded = new Map<string, AssertionHandler>();

/** Whether `type` (without `not-`) is an assertion type. */
export function isAssertionType(type: string): type is AssertionType {
  return Object.hasOwn(LOADERS, type);
}

/** Load the handlers of these types (without `not-`; every type when none are given). */
export async function loadAssertionHandlers(
  types: Iterable<AssertionType> = Object.keys(LOADERS) as AssertionType[],
): Promise<void> {
  const missing = [...new Set(types)].filter((type) => !loaded.has(type));
  const handlers = await Promise.all(missing.map((type) => LOADERS[type]()));
  for (const [index, type] of missing.entries()) loaded.set(type, handlers[index]!);
}

/** A handler loaded by loadAssertionHandlers; undefined if it was not. */
export function loadedAssertionHandler(type: AssertionType): AssertionHandler | undefined {
  return loaded.get(type);
}
