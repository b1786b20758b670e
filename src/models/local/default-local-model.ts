/** A model file plume can fetch from a hub, and the name it is kept under in the models folder. */
export interface DownloadableModel {
  /** `hf:owner/repo/file.gguf` or an https URL, as node-llama-cpp's resolveModelFile takes. */
  uri: string;
  fileName: string;
  /** Shown to people before a download. */
  description: string;
}

/**
 * The embedded default: Qwen2.5-0.5B-Instruct, quantized Q4_K_M, from Qwen's own GGUF repository.
 * - Size: about 0.4–0.5 GB on disk and well under 1 GB of memory with a 4 × 4096-token context,
 *   so the one-time download is short and it runs at interactive speed on a laptop CPU.
 * - Licence: Apache 2.0, so plume can fetch it for anyone, for any use.
 * - Quality: the best instruction follower of its size class when chosen (late 2024) — answers
 *   in 29 languages (French included), keeps to formats and writes usable JSON, which suites,
 *   graders and output schemas need; SmolLM2-360M-Instruct is smaller but mostly English-only.
 * - Chat template: ChatML in the GGUF metadata, which node-llama-cpp maps to its Qwen chat
 *   wrapper, with real system messages; 32k tokens trained context.
 * It is fine for trying plume and for cheap checks, not for judging a prompt's best quality.
 */
export const DEFAULT_LOCAL_MODEL_FILE: DownloadableModel = {
  uri: 'hf:Qwen/Qwen2.5-0.5B-Instruct-GGUF/qwen2.5-0.5b-instruct-q4_k_m.gguf',
  fileName: 'qwen2.5-0.5b-instruct-q4_k_m.gguf',
  description: 'Qwen2.5-0.5B-Instruct Q4_K_M, about 0.5 GB, Apache 2.0',
};
