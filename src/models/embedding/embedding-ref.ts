/** `provider:embedding:model` (promptfoo's way of naming an embedding model), `embeddings` too. */
const EMBEDDING_REF = /^([^:]+):embeddings?:(.+)$/;

/** Whether a reference names an embedding model (`openai:embedding:text-embedding-3-small`). */
export function isEmbeddingRef(ref: string): boolean {
  return EMBEDDING_REF.test(ref);
}

/** The provider and model of an embedding reference: `provider:embedding:model`, or `provider:model`. */
export function parseEmbeddingRef(ref: string): { provider: string; model: string } | undefined {
  const named = EMBEDDING_REF.exec(ref);
  if (named) return { provider: named[1]!, model: named[2]! };
  const colon = ref.indexOf(':');
  if (colon <= 0 || colon === ref.length - 1) return undefined;
  return { provider: ref.slice(0, colon), model: ref.slice(colon + 1) };
}
