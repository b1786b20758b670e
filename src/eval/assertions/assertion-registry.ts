import type { AssertionType } from '../../spec/assertion.ts';
import type { AssertionHandler } from './assertion-handler.ts';
import { bleu } from './handlers/bleu.ts';
import { characterCount } from './handlers/character-count.ts';
import { contains } from './handlers/contains.ts';
import { containsAll } from './handlers/contains-all.ts';
import { containsAny } from './handlers/contains-any.ts';
import { containsJson } from './handlers/contains-json.ts';
import { cost } from './handlers/cost.ts';
import { equals } from './handlers/equals.ts';
import { factuality } from './handlers/factuality.ts';
import { gEval } from './handlers/g-eval.ts';
import { icontains } from './handlers/icontains.ts';
import { icontainsAll } from './handlers/icontains-all.ts';
import { icontainsAny } from './handlers/icontains-any.ts';
import { isJson } from './handlers/is-json.ts';
import { isRefusal } from './handlers/is-refusal.ts';
import { javascript } from './handlers/javascript.ts';
import { jsonSchema } from './handlers/json-schema.ts';
import { language } from './handlers/language.ts';
import { latency } from './handlers/latency.ts';
import { levenshtein } from './handlers/levenshtein.ts';
import { llmRubric } from './handlers/llm-rubric.ts';
import { readability } from './handlers/readability.ts';
import { regex } from './handlers/regex.ts';
import { rougeN } from './handlers/rouge-n.ts';
import { selectBest } from './handlers/select-best.ts';
import { similar } from './handlers/similar.ts';
import { startsWith } from './handlers/starts-with.ts';
import { tokenCount } from './handlers/token-count.ts';
import { wordCount } from './handlers/word-count.ts';

/** Every assertion type's handler; the compiler proves none is missing. */
export const ASSERTIONS: Record<AssertionType, AssertionHandler> = {
  equals,
  contains,
  icontains,
  'contains-any': containsAny,
  'contains-all': containsAll,
  'icontains-any': icontainsAny,
  'icontains-all': icontainsAll,
  'starts-with': startsWith,
  regex,
  'is-json': isJson,
  'contains-json': containsJson,
  'json-schema': jsonSchema,
  javascript,
  levenshtein,
  'rouge-n': rougeN,
  bleu,
  'character-count': characterCount,
  'word-count': wordCount,
  'token-count': tokenCount,
  latency,
  cost,
  'is-refusal': isRefusal,
  language,
  readability,
  similar,
  'llm-rubric': llmRubric,
  factuality,
  'g-eval': gEval,
  'select-best': selectBest,
};
