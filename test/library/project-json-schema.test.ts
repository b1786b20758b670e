import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { compileJsonSchema } from '../../src/eval/assertions/json/compile-json-schema.ts';
import { PROJECT_SCHEMA_PATH, projectJsonSchema } from '../../src/library/project-json-schema.ts';

const REPO_ROOT = resolve(import.meta.dirname, '../..');

describe('the JSON Schema of plume.yaml', () => {
  it('is committed up to date (run node scripts/generate-schema.ts after changing src/spec/project-config.ts)', () => {
    expect(readFileSync(resolve(REPO_ROOT, PROJECT_SCHEMA_PATH), 'utf8')).toBe(projectJsonSchema());
  });

  it('accepts a project that plume accepts and refuses an unknown key, as plume does', () => {
    const problems = compileJsonSchema(JSON.parse(projectJsonSchema()), 'json-schema');
    const project = {
      prompts: 'prompts',
      defaultModel: 'sim:good',
      providers: {
        gateway: { type: 'openai-compatible', baseURL: 'http://127.0.0.1:8080/v1', apiKeyEnv: 'GATEWAY_KEY' },
      },
      cache: { enabled: true, ttl: '7d' },
    };
    expect(problems(project)).toEqual([]);
    expect(problems({ ...project, promtps: 'typo' })).not.toEqual([]);
    expect(problems({ providers: { gateway: { apiKey: 'sk-written-out' } } })).not.toEqual([]);
  });
});
