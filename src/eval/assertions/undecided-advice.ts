import { PYTHON_NOT_ALLOWED } from './code-result.ts';
import { CODE_NOT_ALLOWED, DATA_CODE_NOT_ALLOWED } from './user-code.ts';

/** The reason of a `similar` check in a run without an embedding model. */
export const NO_EMBEDDING_MODEL = 'no embedding model is configured for "similar"';

/** Why checks of a whole run cannot decide, and how to fix it: said once by a run, its dry run and its report. */
export const UNDECIDED_ADVICE = {
  code: 'javascript checks (and transforms) need code to be allowed: remove "allowCode: false" from the suite, or run without --no-code',
  dataCode:
    'javascript checks (and transforms) written in test data need "allowCode: true" in the suite (set it only when you trust whoever wrote the data)',
  embedding:
    'similar checks need an embedding model: set embedding.model in plume.yaml (a Model2Vec folder) or PLUME_EMBEDDING_MODEL',
} as const;

/** What the person can do about an undecided check with this reason, when it has a cause plume knows. */
export function undecidedAdvice(reason: string): string | undefined {
  if (reason === CODE_NOT_ALLOWED || reason === PYTHON_NOT_ALLOWED) return UNDECIDED_ADVICE.code;
  if (reason === DATA_CODE_NOT_ALLOWED) return UNDECIDED_ADVICE.dataCode;
  if (reason === NO_EMBEDDING_MODEL) return UNDECIDED_ADVICE.embedding;
  return undefined;
}

/** Said once wherever undecided cells are counted: they are out of the pass rate. */
export const UNDECIDED_LEFT_OUT =
  'undecided cells are neither passed nor failed: the pass rate leaves them out';
