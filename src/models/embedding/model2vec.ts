import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { Tokenizer } from '@huggingface/tokenizers';
import { PlumeError } from '../../util/errors.ts';
import { safeJsonParse } from '../../util/safe-json.ts';
import type { Embedder } from './embedder.ts';
import {
  readSafetensors,
  type SafetensorsTensor,
  tensorToFloat32,
  tensorToInt32,
} from './read-safetensors.ts';

/** Options of the local static embedder; defaults follow Model2Vec's `encode`. */
export interface Model2VecOptions {
  /** Tokens kept per text; null keeps all. Model2Vec's default is 512. */
  maxLength?: number | null;
  /** L2-normalize each vector; defaults to the model's config.json (`normalize`, true when absent). */
  normalize?: boolean;
}

/**
 * Load a Model2Vec static embedder from a folder holding `model.safetensors`, `tokenizer.json`
 * and `config.json`. A text's vector is the mean of its tokens' rows (remapped through `mapping`
 * and scaled by `weights` when the vocabulary is quantized), unknown tokens dropped, then normalized.
 */
export async function createModel2VecEmbedder(
  folder: string,
  options: Model2VecOptions = {},
): Promise<Embedder> {
  const [modelBytes, tokenizerJson, tokenizerConfig, modelConfig] = await Promise.all([
    readModelFile(folder, 'model.safetensors'),
    readJsonFile(folder, 'tokenizer.json', true),
    readJsonFile(folder, 'tokenizer_config.json', false),
    readJsonFile(folder, 'config.json', false),
  ]);
  const tensors = readSafetensors(modelBytes, path.join(folder, 'model.safetensors'));
  const matrix = tensors.get('embeddings') ?? tensors.get('0');
  if (matrix?.shape.length !== 2) throw modelError(folder, 'no 2-D "embeddings" tensor');
  const [rows, dimensions] = matrix.shape as [number, number];
  const embeddings = tensorToFloat32(matrix);
  const mapping = optionalTensor(tensors.get('mapping'), tensorToInt32);
  const weights = optionalTensor(tensors.get('weights'), tensorToFloat32);
  for (const row of mapping ?? []) {
    if (row < 0 || row >= rows) throw modelError(folder, `"mapping" points at row ${row} of ${rows}`);
  }

  const tokenizer = new Tokenizer(tokenizerJson as object, (tokenizerConfig ?? {}) as object);
  const unknownId = findUnknownId(tokenizer, tokenizerJson as TokenizerJson);
  const maxLength = options.maxLength === undefined ? 512 : options.maxLength;
  // Model2Vec cuts long texts by characters before tokenizing, so huge inputs stay cheap.
  const maxCharacters = maxLength === null ? null : maxLength * medianTokenLength(tokenizer);
  const normalize =
    options.normalize ?? (modelConfig as { normalize?: boolean } | undefined)?.normalize ?? true;

  const embedOne = (text: string): Float32Array => {
    const clipped = maxCharacters !== null && text.length > maxCharacters ? clip(text, maxCharacters) : text;
    let ids = tokenizer
      .encode(clipped, { add_special_tokens: false })
      .ids.filter((id: number) => id !== unknownId);
    if (maxLength !== null) ids = ids.slice(0, maxLength);
    const vector = new Float32Array(dimensions);
    let count = 0;
    for (const id of ids) {
      const row = mapping ? mapping[id] : id;
      if (row === undefined || row >= rows) continue;
      const scale = weights ? (weights[id] ?? 1) : 1;
      const offset = row * dimensions;
      for (let d = 0; d < dimensions; d++) vector[d]! += embeddings[offset + d]! * scale;
      count++;
    }
    if (count > 0) for (let d = 0; d < dimensions; d++) vector[d]! /= count;
    if (normalize) normalizeInPlace(vector);
    return vector;
  };

  return {
    dimensions,
    embed: async (texts) => texts.map(embedOne),
  };
}

interface TokenizerJson {
  model?: { unk_token?: unknown; unk_id?: unknown };
}

function findUnknownId(tokenizer: Tokenizer, json: TokenizerJson): number | undefined {
  const token = json.model?.unk_token;
  if (typeof token === 'string') return tokenizer.token_to_id(token);
  const id = json.model?.unk_id;
  return typeof id === 'number' ? id : tokenizer.token_to_id('[UNK]');
}

/** Median vocabulary entry length in characters, truncated as Model2Vec's `int(np.median(...))`. */
function medianTokenLength(tokenizer: Tokenizer): number {
  const lengths = [...tokenizer.get_vocab(false).keys()]
    .map((token) => [...token].length)
    .sort((a, b) => a - b);
  if (lengths.length === 0) return 1;
  const middle = lengths.length >> 1;
  const median = lengths.length % 2 === 1 ? lengths[middle]! : (lengths[middle - 1]! + lengths[middle]!) / 2;
  return Math.max(1, Math.trunc(median));
}

/** The first `count` code points of a text. */
function clip(text: string, count: number): string {
  return Array.from(text).slice(0, count).join('');
}

function normalizeInPlace(vector: Float32Array): void {
  let sum = 0;
  for (const value of vector) sum += value * value;
  if (sum === 0) return;
  const norm = Math.sqrt(sum);
  for (let d = 0; d < vector.length; d++) vector[d]! /= norm;
}

function optionalTensor<T>(
  tensor: SafetensorsTensor | undefined,
  read: (tensor: SafetensorsTensor) => T,
): T | undefined {
  return tensor === undefined ? undefined : read(tensor);
}

async function readModelFile(folder: string, name: string): Promise<Uint8Array> {
  try {
    return await readFile(path.join(folder, name));
  } catch (error) {
    throw modelError(folder, `cannot read ${name}`, error);
  }
}

async function readJsonFile(folder: string, name: string, required: boolean): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(path.join(folder, name), 'utf8');
  } catch (error) {
    if (!required) return undefined;
    throw modelError(folder, `cannot read ${name}`, error);
  }
  const parsed = safeJsonParse(text);
  if (!parsed.ok) throw modelError(folder, `${name} is not JSON: ${parsed.error}`);
  return parsed.value;
}

function modelError(folder: string, message: string, cause?: unknown): PlumeError {
  return new PlumeError({
    code: 'LOCAL_MODEL',
    message: `Model2Vec model in ${folder}: ${message}`,
    hint: 'the folder needs model.safetensors, tokenizer.json and config.json as Model2Vec saves them',
    cause,
  });
}
