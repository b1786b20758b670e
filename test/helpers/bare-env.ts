import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * An environment with no provider key, no local model and no downloads, so a test never picks
 * a model by accident; `extra` adds or overrides variables.
 */
export function bareEnv(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  return {
    OPENAI_API_KEY: '',
    ANTHROPIC_API_KEY: '',
    GOOGLE_GENERATIVE_AI_API_KEY: '',
    MISTRAL_API_KEY: '',
    PLUME_LOCAL_MODEL: '',
    PLUME_OFFLINE: '1',
    PLUME_MODELS_DIR: mkdtempSync(join(tmpdir(), 'plume-models-')),
    ...extra,
  };
}
