import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  DEFAULT_PROVIDER_EMBEDDING,
  hasDefaultEmbedder,
  projectEmbedder,
} from '../../../src/models/embedding/project-embedder.ts';
import { createTempProject, type TempProject } from '../../helpers/temp-project.ts';

const repoRoot = path.resolve(import.meta.dirname, '../../..');
const MODEL = path.resolve(repoRoot, '../shared/models/model2vec-test-vocab-quantized');

describe("the project's embedder", () => {
  let project: TempProject | undefined;
  afterEach(() => project?.cleanup());

  it('is the Model2Vec folder plume.yaml names, loaded once', async () => {
    project = createTempProject({}, `prompts: prompts\nembedding: { model: '${MODEL}' }\n`);
    const embed = projectEmbedder(project.project(), {})!;
    const [a, b] = (await embed(['the cat sat on the mat', 'a cat was sitting on a mat'], undefined))!;
    expect(a).toHaveLength(64);
    expect(b).toHaveLength(64);
    expect(await embed(['x'], 'local')).toHaveLength(1);
  });

  it('comes from PLUME_EMBEDDING_MODEL when plume.yaml names none, and is absent otherwise', async () => {
    project = createTempProject();
    expect(projectEmbedder(project.project(), {})).toBeUndefined();
    const embed = projectEmbedder(project.project(), { PLUME_EMBEDDING_MODEL: MODEL })!;
    expect(await embed(['hello'], undefined)).toHaveLength(1);
  });

  it('says which provider it cannot use, and what a missing folder is', async () => {
    project = createTempProject({}, `prompts: prompts\nembedding: { model: ./nowhere }\n`);
    const embed = projectEmbedder(project.project(), {})!;
    await expect(embed(['x'], 'openai:text-embedding-3-small')).rejects.toThrow(/not supported/);
    await expect(embed(['x'], undefined)).rejects.toThrow(/nowhere/);
  });

  it("asks a provider's embedding model through the registry, and has none for a check naming none without a folder", async () => {
    project = createTempProject();
    const asked: string[] = [];
    const providers = {
      embed: async (ref: string, texts: readonly string[]) => {
        asked.push(ref);
        return texts.map(() => Float32Array.of(1, 0));
      },
    };
    const embed = projectEmbedder(project.project(), {}, providers)!;
    expect(await embed(['a', 'b'], 'openai:embedding:text-embedding-3-small')).toHaveLength(2);
    expect(asked).toEqual(['openai:embedding:text-embedding-3-small']);
    expect(await embed(['a'], undefined)).toBeUndefined();
    expect(await embed(['a'], 'local')).toBeUndefined();
    expect(hasDefaultEmbedder(project.project(), {})).toBe(false);
    // With OpenAI's key and no local folder, a check naming none gets promptfoo's default.
    const withKey = projectEmbedder(project.project(), { OPENAI_API_KEY: 'sk-x' }, providers)!;
    expect(await withKey(['a'], undefined)).toHaveLength(1);
    expect(asked.at(-1)).toBe(DEFAULT_PROVIDER_EMBEDDING);
    expect(hasDefaultEmbedder(project.project(), { OPENAI_API_KEY: 'sk-x' })).toBe(true);
  });
});
