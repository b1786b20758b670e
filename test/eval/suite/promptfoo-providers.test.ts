import { describe, expect, it } from 'vitest';
import { loadSuite } from '../../../src/eval/suite/load-suite.ts';
import { readProviderConfig } from '../../../src/eval/suite/provider-config.ts';
import { mapProviderId } from '../../../src/models/promptfoo-provider-id.ts';
import { isPlumeError, type PlumeError } from '../../../src/util/errors.ts';
import { createTempProject } from '../../helpers/temp-project.ts';

const at = (path: readonly string[]) => ({ file: 'suite.yaml', line: path.length });

describe("promptfoo's provider ids", () => {
  it.each([
    ['openai:chat:gpt-4o-mini', 'openai', 'gpt-4o-mini'],
    ['openai:gpt-4o-mini', 'openai', 'gpt-4o-mini'],
    ['openai:responses:gpt-4.1', 'openai', 'gpt-4.1'],
    ['openai:chat', 'openai', ''],
    ['anthropic:messages:claude-3-5-haiku-20241022', 'anthropic', 'claude-3-5-haiku-20241022'],
    ['anthropic:claude-sonnet-4-5', 'anthropic', 'claude-sonnet-4-5'],
    ['google:gemini-2.5-flash', 'google', 'gemini-2.5-flash'],
    ['mistral:mistral-small-latest', 'mistral', 'mistral-small-latest'],
    ['ollama:chat:llama3.2:3b', 'ollama', 'llama3.2:3b'],
    ['ollama:llama3.2', 'ollama', 'llama3.2'],
    ['ollama:completion:llama3.2', 'ollama', 'llama3.2'],
    ['groq:llama-3.1-8b-instant', 'groq', 'llama-3.1-8b-instant'],
    ['openrouter:openai/gpt-4o-mini', 'openrouter', 'openai/gpt-4o-mini'],
    ['togetherai:chat:meta-llama/Llama-3-8b-chat-hf', 'togetherai', 'meta-llama/Llama-3-8b-chat-hf'],
    ['deepseek:deepseek-chat', 'deepseek', 'deepseek-chat'],
    ['echo', 'echo', 'default'],
    ['echo:default', 'echo', 'default'],
    ['lab:m1', 'lab', 'm1'],
  ])('%s is %s:%s', (id, provider, model) => {
    expect(mapProviderId(id)).toEqual({ kind: 'model', provider, model });
  });

  it.each([
    ['openai:completion:gpt-3.5-turbo-instruct', /openai's completion API/],
    ['openai:embedding:text-embedding-3-small', /openai's embedding API/],
    ['anthropic:completion:claude-2', /anthropic's completion API/],
    ['groq:completion:x', /groq's completion API/],
    ['bedrock:anthropic.claude-3-haiku', /'bedrock' provider/],
    ['azure:chat:my-deployment', /'azure' provider/],
    ['vertex:gemini-2.5-pro', /'vertex' provider/],
    ['exec: python provider.py', /'exec' provider/],
    ['python:provider.py', /'python' provider/],
    ['file://provider.js', /'file' provider/],
    ['https://example.com/api', /'https' provider/],
    ['http', /'http' provider/],
    ['./my-provider.py', /plume does not run/],
    ['gpt-4o', /not a model reference/],
  ])('%s is refused', (id, message) => {
    const mapped = mapProviderId(id);
    expect(mapped.kind).toBe('unsupported');
    if (mapped.kind === 'unsupported') {
      expect(mapped.message).toMatch(message);
      expect(mapped.hint).toMatch(/openai:chat:MODEL/);
    }
  });
});

describe("a provider entry's config", () => {
  it('reads snake_case parameters as plume names them, and a stop string as a list', () => {
    const read = readProviderConfig(
      {
        max_tokens: 64,
        top_p: 0.9,
        top_k: 40,
        frequency_penalty: 0.5,
        presence_penalty: -0.5,
        stop: '\n',
        random_seed: 3,
        temperature: 0.2,
      },
      'openai',
      at,
    );
    expect(read.params).toEqual({
      maxTokens: 64,
      topP: 0.9,
      topK: 40,
      frequencyPenalty: 0.5,
      presencePenalty: -0.5,
      stop: ['\n'],
      seed: 3,
      temperature: 0.2,
    });
    expect(read.ignored).toEqual([]);
    expect(read.connection).toBeUndefined();
  });

  it("reads Gemini's generationConfig and max_completion_tokens", () => {
    expect(
      readProviderConfig(
        { generationConfig: { maxOutputTokens: 10, topK: 2, candidateCount: 1 } },
        'google',
        at,
      ),
    ).toMatchObject({ params: { maxTokens: 10, topK: 2 }, ignored: ['generationConfig.candidateCount'] });
    expect(readProviderConfig({ max_completion_tokens: 5 }, 'openai', at).params).toEqual({ maxTokens: 5 });
  });

  it("ignores promptfoo's keys plume does not honour, and refuses a near miss of a known key", () => {
    const read = readProviderConfig(
      { response_format: { type: 'json_object' }, tools: [], custom: 1 },
      'openai',
      at,
    );
    expect(read.ignored).toEqual(['response_format', 'tools', 'custom']);
    expect(() => readProviderConfig({ max_token: 5 }, 'openai', at)).toThrow(/did you mean 'max_tokens'/);
    expect(() => readProviderConfig({ temprature: 1 }, 'openai', at)).toThrow(/did you mean 'temperature'/);
  });

  it('refuses a parameter given under two names', () => {
    expect(() => readProviderConfig({ maxTokens: 5, max_tokens: 6 }, 'openai', at)).toThrow(
      /maxTokens twice/,
    );
  });

  it('refuses a value out of range, whatever its name', () => {
    expect(() => readProviderConfig({ generationConfig: { topP: 3 } }, 'google', at)).toThrow(/topP/);
  });

  it('takes the endpoint, the key and the headers of the entry, in the form each SDK wants', () => {
    expect(
      readProviderConfig(
        {
          apiBaseUrl: 'http://127.0.0.1:9/v1/',
          apiKey: 'k-123',
          organization: 'org-1',
          headers: { 'X-A': 'b' },
        },
        'openai',
        at,
      ).connection,
    ).toEqual({
      baseURL: 'http://127.0.0.1:9/v1',
      apiKey: 'k-123',
      headers: { 'OpenAI-Organization': 'org-1', 'X-A': 'b' },
    });
    expect(readProviderConfig({ apiBaseUrl: 'https://proxy.example' }, 'anthropic', at).connection).toEqual({
      baseURL: 'https://proxy.example/v1',
    });
    expect(readProviderConfig({ apiBaseUrl: 'http://box:11434' }, 'ollama', at).connection).toEqual({
      baseURL: 'http://box:11434/api',
    });
    expect(readProviderConfig({ apiHost: 'gw.example' }, 'openai', at).connection).toEqual({
      baseURL: 'https://gw.example/v1',
    });
    expect(readProviderConfig({ apiHost: 'https://gw.example/v1' }, 'openai', at).connection).toEqual({
      baseURL: 'https://gw.example/v1',
    });
    expect(() => readProviderConfig({ apiBaseUrl: 'localhost:8080' }, 'openai', at)).toThrow(
      /not an http\(s\) URL/,
    );
  });

  it('reads a key written as an environment reference as the variable to read it from', () => {
    // biome-ignore lint/suspicious/noTemplateCurlyInString: the shell-style reference is the input
    for (const apiKey of ['{{ env.MY_KEY }}', '${MY_KEY}']) {
      expect(readProviderConfig({ apiKey }, 'openai', at).connection).toEqual({ apiKeyEnv: 'MY_KEY' });
    }
    expect(readProviderConfig({ apiKeyEnvar: 'OTHER' }, 'openai', at).connection).toEqual({
      apiKeyEnv: 'OTHER',
    });
  });
});

describe('a suite of promptfoo providers', () => {
  const load = async (providers: string, extra = '') => {
    const project = createTempProject();
    try {
      const file = project.write(
        'suite.yaml',
        `prompts:\n  - { raw: 'A {{x}}', label: 'group:a' }\n  - { raw: 'B {{x}}', label: b }\nproviders:\n${providers}\ntests:\n  - vars: { x: 1 }\n${extra}`,
      );
      return await loadSuite(file);
    } finally {
      project.cleanup();
    }
  };
  const loadError = async (providers: string): Promise<PlumeError> => {
    try {
      await load(providers);
    } catch (error) {
      if (isPlumeError(error)) return error;
      throw error;
    }
    throw new Error('the suite loaded');
  };

  it("reads the map form and a provider's prompts filter (labels and groups)", async () => {
    const suite = await load(
      "  - 'openai:chat:gpt-4o-mini': { config: { max_tokens: 9 }, prompts: ['group:*'] }\n  - { id: echo, prompts: [b] }\n  - anthropic:messages:claude-3-5-haiku-latest",
    );
    expect(suite.models.map((model) => [model.ref, model.label, model.promptIndices])).toEqual([
      ['openai:gpt-4o-mini', 'openai:chat:gpt-4o-mini', [0]],
      ['echo:default', 'echo', [1]],
      ['anthropic:claude-3-5-haiku-latest', 'anthropic:messages:claude-3-5-haiku-latest', undefined],
    ]);
    expect(suite.models[0]?.params).toEqual({ maxTokens: 9 });
  });

  it('reads an inline prompt named by its text, as promptfoo labels it', async () => {
    const suite = await load("  - { id: echo, prompts: ['B {{x}}'] }");
    expect(suite.models[0]?.promptIndices).toEqual([1]);
  });

  it('refuses a prompts filter that names no prompt, at its line', async () => {
    const error = await loadError('  - { id: echo, prompts: [nope] }');
    expect(error.message).toMatch(/name none of the suite's prompts/);
    expect(error.location?.line).toBe(5);
    expect(error.hint).toMatch(/group:a, b/);
  });

  it('reads providers kept in their own files, a list or one entry a file, globs too', async () => {
    const project = createTempProject();
    try {
      project.write('configs/providers.yaml', '- openai:chat:gpt-4o-mini\n- id: echo\n  label: e\n');
      project.write(
        'more/one.yaml',
        'id: anthropic:messages:claude-3-5-haiku-latest\nconfig: { max_tokens: 5 }\n',
      );
      project.write('more/two.json', '{ "id": "groq:llama-3.1-8b-instant" }');
      const suiteText = (providers: string) =>
        `prompts: ['A {{x}}']\nproviders: ${providers}\ntests:\n  - vars: { x: 1 }\n`;
      const whole = await loadSuite(project.write('a.yaml', suiteText('file://configs/providers.yaml')));
      expect(whole.models.map((model) => model.ref)).toEqual(['openai:gpt-4o-mini', 'echo:default']);
      const mixed = await loadSuite(
        project.write('b.yaml', suiteText("[echo, 'file://more/*.yaml', file://more/two.json]")),
      );
      expect(mixed.models.map((model) => [model.ref, model.params])).toEqual([
        ['echo:default', {}],
        ['anthropic:claude-3-5-haiku-latest', { maxTokens: 5 }],
        ['groq:llama-3.1-8b-instant', {}],
      ]);
      project.write('configs/bad.yaml', '- echo\n- id: openai:gpt-4o-mini\n  config: { temprature: 1 }\n');
      const bad = await loadSuite(project.write('c.yaml', suiteText('file://configs/bad.yaml'))).catch(
        (error) => error,
      );
      expect(bad.message).toMatch(/did you mean 'temperature'/);
      expect(bad.location.file).toMatch(/configs[/\\]bad\.yaml$/);
      expect(bad.location.line).toBe(3);
      const missing = await loadSuite(project.write('d.yaml', suiteText('file://nope.yaml'))).catch(
        (error) => error,
      );
      expect(missing.message).toMatch(/provider file not found: nope\.yaml/);
      expect(missing.location.line).toBe(2);
    } finally {
      project.cleanup();
    }
  });

  it('refuses an unsupported provider at its line', async () => {
    const error = await loadError('  - echo\n  - bedrock:anthropic.claude-3-haiku');
    expect(error.location?.line).toBe(6);
    expect(error.message).toMatch(/'bedrock'/);
  });

  it('keeps the key out of the suite hash but not the endpoint', async () => {
    const entry = (key: string, url: string) =>
      `  - id: openai:gpt-4o-mini\n    config: { apiKey: ${key}, apiBaseUrl: '${url}' }`;
    const first = await load(entry('key-one-1234', 'http://a.example/v1'));
    const second = await load(entry('key-two-5678', 'http://a.example/v1'));
    const third = await load(entry('key-one-1234', 'http://b.example/v1'));
    expect(first.models[0]?.connection?.apiKey).toBe('key-one-1234');
    expect(first.suiteHash).toBe(second.suiteHash);
    expect(first.suiteHash).not.toBe(third.suiteHash);
  });
});
