import { PYTHON_NOT_ALLOWED } from './code-result.ts';
import { CODE_NOT_ALLOWED, DATA_CODE_NOT_ALLOWED } from './user-code.ts';

/** The reason of a `similar` (or `answer-relevance`) check in a run without an embedding model. */
export const NO_EMBEDDING_MODEL = 'no embedding model is configured for "similar"';

/** The reason of a `classifier` check: plume has no classification provider. */
export const NO_CLASSIFIER = 'no classifier provider: plume cannot run HuggingFace classifiers';

/** The reason of a `moderation` check in a run without an OpenAI-type provider to ask. */
export const NO_MODERATION = 'no moderation provider is configured for "moderation"';

/** The reason of a `perplexity` check on an answer that came without token log-probabilities. */
export const NO_LOGPROBS = 'the provider returned no token log-probabilities for this answer';

/** Why checks of a whole run cannot decide, and how to fix it: said once by a run, its dry run and its report. */
export const UNDECIDED_ADVICE = {
  code: 'javascript checks (and transforms) need code to be allowed: remove "allowCode: false" from the suite, or run without --no-code',
  dataCode:
    'javascript checks (and transforms) written in test data need "allowCode: true" in the suite (set it only when you trust whoever wrote the data)',
  embedding:
    "similar and answer-relevance checks need an embedding model: name a provider's (provider: openai:embedding:text-embedding-3-small on the check), set embedding.model in plume.yaml (a Model2Vec folder) or PLUME_EMBEDDING_MODEL, or OPENAI_API_KEY",
  classifier:
    'classifier checks need a classifier provider, and plume has none yet: use llm-rubric with the classes in the rubric instead',
  moderation:
    'moderation checks need an OpenAI-type provider with a key (OPENAI_API_KEY, or provider: <name>:moderation:<model> naming one of plume.yaml)',
  logprobs:
    'perplexity checks need token log-probabilities: run them on an OpenAI-compatible chat model (openai, openai-compatible) that returns logprobs',
} as const;

/** What the person can do about an undecided check with this reason, when it has a cause plume knows. */
export function undecidedAdvice(reason: string): string | undefined {
  if (reason === CODE_NOT_ALLOWED || reason === PYTHON_NOT_ALLOWED) return UNDECIDED_ADVICE.code;
  if (reason === DATA_CODE_NOT_ALLOWED) return UNDECIDED_ADVICE.dataCode;
  if (reason === NO_EMBEDDING_MODEL) return UNDECIDED_ADVICE.embedding;
  if (reason === NO_CLASSIFIER) return UNDECIDED_ADVICE.classifier;
  if (reason === NO_MODERATION) return UNDECIDED_ADVICE.moderation;
  if (reason === NO_LOGPROBS) return UNDECIDED_ADVICE.logprobs;
  return undefined;
}

/** Said once wherever undecided cells are counted: they are out of the pass rate. */
export const UNDECIDED_LEFT_OUT =
  'undecided cells are neither passed nor failed: the pass rate leaves them out';
