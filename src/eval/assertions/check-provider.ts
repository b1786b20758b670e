import type { WrittenAssertion } from '../../spec/assertion.ts';
import { type ServiceModelRef, serviceRefName } from '../../spec/model.ts';
import { isPlumeError } from '../../util/errors.ts';
import { normalizeServiceModel } from '../suite/normalize-models.ts';
import { configError } from './assertion-config.ts';

/** The model a check names: its reference, and what the run asks (with its own endpoint, when it gives one). */
export interface CheckProvider {
  /** `provider:model` (`openai:embedding:…` for an embedding model); undefined: the check names none. */
  ref: string | undefined;
  asked: ServiceModelRef | undefined;
}

const NONE: CheckProvider = { ref: undefined, asked: undefined };

/**
 * Read a check's `provider`: a reference as it is, or promptfoo's `{ id, label, config }`, whose id
 * is read as a grader's or an embedding model's and whose config gives the endpoint and key the
 * run reaches it through. A wrong one is a config error (compileAssertions says where).
 */
export function readCheckProvider(written: WrittenAssertion['provider']): CheckProvider {
  if (written === undefined) return NONE;
  if (typeof written === 'string') return { ref: written, asked: written };
  try {
    const asked = normalizeServiceModel(written, () => ({ file: '' }));
    return { ref: serviceRefName(asked), asked };
  } catch (error) {
    if (!isPlumeError(error)) throw error;
    throw configError(`provider: ${error.message}`, error.hint);
  }
}
