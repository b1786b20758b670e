import type { GbnfJsonSchema, Llama, LlamaGrammar } from 'node-llama-cpp';
import { PlumeError } from '../../util/errors.ts';
import { stableStringify } from '../../util/hash.ts';

// Compiling a grammar costs more than a short generation, and a suite reuses few schemas.
const MAX_CACHED = 32;

/**
 * Grammars that constrain sampling to JSON following a request's output schema, compiled once
 * per schema. node-llama-cpp supports a subset of JSON Schema (types, properties, required,
 * items, enum, const, anyOf, $defs/$ref, string formats); other keywords such as `pattern` or
 * `minimum` are not enforced, so the answer should still be checked against the schema.
 */
export class JsonSchemaGrammars {
  private readonly llama: Llama;
  private readonly cache = new Map<string, Promise<LlamaGrammar>>();

  constructor(llama: Llama) {
    this.llama = llama;
  }

  get(schema: Record<string, unknown>): Promise<LlamaGrammar> {
    const key = stableStringify(schema);
    let grammar = this.cache.get(key);
    if (grammar === undefined) {
      if (this.cache.size >= MAX_CACHED) this.cache.delete(this.cache.keys().next().value as string);
      grammar = this.llama
        .createGrammarForJsonSchema<GbnfJsonSchema>(schema as GbnfJsonSchema)
        .catch((error) => {
          throw new PlumeError({
            code: 'PROMPT_INVALID',
            message: 'The output schema could not be turned into a grammar for the local model.',
            hint: 'Simplify the output schema to types, properties, required, items, enum and anyOf.',
            cause: error,
          });
        });
      this.cache.set(key, grammar);
      grammar.catch(() => this.cache.delete(key));
    }
    return grammar;
  }
}
