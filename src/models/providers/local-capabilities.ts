import type { ModelCapabilities } from '../language-model.ts';

/** What a local model can do, known before its file is loaded. */
export const LOCAL_CAPABILITIES: ModelCapabilities = Object.freeze({
  streaming: true,
  seed: true,
  local: true,
});
