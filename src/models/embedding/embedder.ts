/** Turns texts into vectors of a fixed size; index i of the result belongs to texts[i]. */
export interface Embedder {
  readonly dimensions: number;
  embed(texts: readonly string[]): Promise<Float32Array[]>;
}
