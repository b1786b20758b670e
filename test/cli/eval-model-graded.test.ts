import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { decodeChecks } from '../../src/store/run-cell-row.ts';
import { bareEnv } from '../helpers/bare-env.ts';
import {
  type OpenAIStubServer,
  type StubReply,
  type StubRequest,
  startOpenAIStubServer,
  stubLogProbs,
} from '../helpers/openai-stub-server.ts';
import { runCli } from '../helpers/run-cli.ts';
import { createTempProject, type TempProject } from '../helpers/temp-project.ts';

// Model-graded and provider-based checks of promptfoo, through the real CLI against a stub that
// answers chat completions (the model and the judge), embeddings and moderations.

let project: TempProject | undefined;
let server: OpenAIStubServer | undefined;
afterEach(async () => {
  project?.cleanup();
  project = undefined;
  await server?.close();
  server = undefined;
});

/** The judge answers by what its system message asks; the model under test answers `reply`. */
function respond(reply: string) {
  return (request: StubRequest): StubReply => {
    const system = String(request.body.messages?.find((message) => message.role === 'system')?.content ?? '');
    if (system.includes('claims its context does not support')) {
      return {
        text: JSON.stringify({
          statements: [
            { statement: 'Paris is the capital of France', supported: true },
            { statement: 'Paris has ten million people', supported: false },
          ],
        }),
      };
    }
    if (system.includes('meets one criterion'))
      return { text: JSON.stringify({ reason: 'names Paris', answer: 'Y' }) };
    if (system.includes('Pick the one category')) {
      return { text: JSON.stringify({ category: 'B', reason: 'says more' }) };
    }
    return { text: reply };
  };
}

async function stubProject(reply: string, suite: string, config = ''): Promise<TempProject> {
  server = await startOpenAIStubServer({ respond: respond(reply) });
  project = createTempProject(
    { 'ask.prompt': 'Answer: {{query}}\n' },
    `prompts: prompts\nproviders:\n  stub:\n    type: openai-compatible\n    baseURL: ${server.baseURL}\n    maxRetries: 0\n${config}`,
  );
  project.write('plume.suite.yaml', suite);
  return project;
}

function storedChecks(
  root: string,
): { type: string; pass: boolean; score: number; reason: string; error?: true }[] {
  const db = new Database(join(root, '.plume/plume.db'), { readonly: true });
  try {
    const rows = db.prepare('SELECT assertions FROM run_cells ORDER BY rowid DESC LIMIT 1').all() as {
      assertions: string;
    }[];
    return decodeChecks(rows[0]!.assertions) as never;
  } finally {
    db.close();
  }
}

function loggedCost(root: string, modelId: string): { calls: number; cost: number; tokens: number } {
  const db = new Database(join(root, '.plume/plume.db'), { readonly: true });
  try {
    return db
      .prepare(
        'SELECT coalesce(sum(calls), 0) AS calls, coalesce(sum(cost_usd), 0) AS cost, coalesce(sum(input_tokens), 0) AS tokens FROM call_log WHERE model_id = ? AND cached = 0',
      )
      .get(modelId) as { calls: number; cost: number; tokens: number };
  } finally {
    db.close();
  }
}

const paths = (requests: readonly StubRequest[]) => requests.map((request) => request.path);

describe('model-graded checks in a real run', () => {
  it('grades context-faithfulness and closed QA through the judge, once: a second run asks nothing', async () => {
    const root = (
      await stubProject(
        'Paris, a city of ten million people.',
        [
          'prompts: [ask]',
          "models: ['stub:model']",
          'defaultTest:',
          "  options: { provider: 'stub:judge' }",
          'tests:',
          '  - vars: { query: What is the capital of France?, context: Paris is the capital of France. }',
          '    assert:',
          '      - { type: context-faithfulness, threshold: 0.4 }',
          '      - { type: model-graded-closedqa, value: names a city }',
          '',
        ].join('\n'),
      )
    ).root;
    const first = await runCli(root, ['eval', '--json'], bareEnv());
    expect(first.stderr).toBe('');
    expect(first.code).toBe(0);
    const [faithfulness, closedqa] = storedChecks(root);
    expect(faithfulness).toMatchObject({ type: 'context-faithfulness', pass: true, score: 0.5 });
    expect(faithfulness!.reason).toContain('Paris has ten million people');
    expect(closedqa).toMatchObject({ type: 'model-graded-closedqa', pass: true, score: 1 });
    const judged = server!.requests.filter((request) => request.body.model === 'judge');
    expect(judged).toHaveLength(2);
    const asked = judged.map((request) => JSON.stringify(request.body.messages));
    expect(asked.filter((text) => text.includes('<context>\\nParis is the capital of France.'))).toHaveLength(
      1,
    );
    const calls = server!.requestCount;
    expect((await runCli(root, ['eval'], bareEnv())).code).toBe(0);
    expect(server!.requestCount).toBe(calls);
  });

  it("scores factuality's categories by promptfoo's options.factuality and { text, embedding } providers", async () => {
    const root = (
      await stubProject(
        'Paris, on the Seine',
        [
          'prompts: [ask]',
          "models: ['stub:model']",
          'defaultTest:',
          '  options:',
          '    provider: { text: stub:judge, embedding: stub:embedding:emb }',
          '    factuality: { superset: 0 }',
          'tests:',
          '  - vars: { query: capital }',
          '    assert:',
          '      - { type: model-graded-factuality, value: Paris }',
          '      - { type: factuality, value: Paris, config: { factuality: { superset: 0.6 } } }',
          '',
        ].join('\n'),
      )
    ).root;
    const result = await runCli(root, ['eval', '--json'], bareEnv());
    expect(result.stderr).toBe('');
    const [strict, own] = storedChecks(root);
    expect(strict).toMatchObject({ pass: false, score: 0, reason: 'superset (B): says more' });
    expect(own).toMatchObject({ pass: true, score: 0.6 });
    // Scores are not part of the question: both checks ask the judge the same, cacheable request.
    const judged = server!.requests.filter((request) => request.body.model === 'judge');
    expect(judged).toHaveLength(2);
    expect(judged[0]!.body.messages).toEqual(judged[1]!.body.messages);
  });

  it("decides similar with a provider's embedding model, cached and priced, and says so when there is none", async () => {
    const root = (
      await stubProject(
        'the capital of France is Paris',
        [
          'prompts: [ask]',
          "models: ['stub:model']",
          'defaultTest:',
          '  options: { provider: { embedding: stub:embedding:emb } }',
          'tests:',
          '  - vars: { query: capital }',
          '    assert:',
          '      - { type: similar, value: Paris is the capital of France, threshold: 0.8 }',
          '      - { type: similar:euclidean, value: the capital of France is Paris, threshold: 0.01 }',
          '      - { type: not-similar:dot, value: bananas and apples, threshold: 0.5, provider: stub:embedding:emb }',
          '',
        ].join('\n'),
        "prices:\n  'stub:emb': { input: 1000, output: 0 }\n",
      )
    ).root;
    const result = await runCli(root, ['eval', '--json'], bareEnv());
    expect(result.stderr).toBe('');
    const [cosine, euclidean, dot] = storedChecks(root);
    expect(cosine).toMatchObject({ pass: true, score: 1 });
    expect(euclidean).toMatchObject({ pass: true, reason: 'Euclidean distance 0.000 ≤ 0.01' });
    expect(dot!.pass).toBe(true);
    expect(paths(server!.requests).filter((path) => path === '/v1/embeddings').length).toBeGreaterThan(0);
    // Priced at $1000 per million input tokens: the stub counts words.
    const logged = loggedCost(root, 'stub:emb');
    expect(logged.tokens).toBeGreaterThan(0);
    expect(logged.cost).toBeCloseTo(logged.tokens / 1000);
    // Each text's vector is kept: the second run embeds nothing.
    const embedded = server!.requests.length;
    await runCli(root, ['eval'], bareEnv());
    expect(paths(server!.requests.slice(embedded))).not.toContain('/v1/embeddings');

    // Without the provider and without a local folder: undecided, said once, with advice.
    project!.write(
      'plume.suite.yaml',
      "prompts: [ask]\nmodels: ['stub:model']\ntests:\n  - vars: { query: capital }\n    assert: [{ type: similar, value: Paris }]\n",
    );
    const without = await runCli(root, ['eval'], bareEnv());
    expect(without.stderr).toContain('embedding checks will be undecided');
    expect(storedChecks(root)[0]).toMatchObject({ error: true });
  });

  it('asks moderations of the provider a check names, and log-probabilities for perplexity checks', async () => {
    const reply = 'this answer is full of violence';
    const root = (
      await stubProject(
        reply,
        [
          'prompts: [ask]',
          "models: ['stub:model']",
          'tests:',
          '  - vars: { query: q }',
          '    assert:',
          '      - { type: moderation, provider: stub:moderation:omni }',
          '      - { type: moderation, value: [hate], provider: stub:moderation:omni }',
          '      - { type: perplexity-score, threshold: 0.1 }',
          '      - { type: classifier, value: positive }',
          '',
        ].join('\n'),
      )
    ).root;
    const result = await runCli(root, ['eval', '--json'], bareEnv());
    const [flagged, hateOnly, perplexityScore, classifier] = storedChecks(root);
    expect(flagged).toMatchObject({ pass: false, reason: 'Flagged by moderation: violence' });
    expect(hateOnly).toMatchObject({ pass: true });
    const logProbs = stubLogProbs(reply);
    const perplexity = Math.exp(-logProbs.reduce((sum, value) => sum + value, 0) / logProbs.length);
    expect(perplexityScore!.score).toBeCloseTo(1 / (1 + perplexity));
    expect(classifier).toMatchObject({ error: true });
    const chat = server!.requests.find((request) => request.path === '/v1/chat/completions')!;
    expect(chat.body.logprobs).toBe(true);
    expect(result.stdout).toContain('classifier provider');
    // The cache keeps the log-probabilities with the answer: a second run decides it without a call.
    const calls = server!.requestCount;
    await runCli(root, ['eval'], bareEnv());
    expect(server!.requestCount).toBe(calls);
    expect(storedChecks(root)[2]!.score).toBeCloseTo(1 / (1 + perplexity));
  });

  it('reaches a grader and an embedding model named with their own endpoint, on a check, a test or defaultTest', async () => {
    const elsewhere = await startOpenAIStubServer({ respond: respond('unused') });
    try {
      const key = 'sk-canary-grader-4f9d2c71b0';
      const at = (id: string, apiKey = 'sk-other') =>
        `{ id: '${id}', config: { apiBaseUrl: '${elsewhere.baseURL}', apiKey: ${apiKey} } }`;
      const root = (
        await stubProject(
          'the capital of France is Paris',
          [
            'prompts: [ask]',
            "models: ['stub:model']",
            'defaultTest:',
            `  options: { provider: { embedding: ${at('openai:embedding:default-emb')} } }`,
            'tests:',
            '  - vars: { query: capital }',
            '    assert:',
            `      - { type: model-graded-closedqa, value: names Paris, provider: ${at('openai:chat:check-judge', key)} }`,
            `      - { type: similar, value: the capital of France is Paris, provider: ${at('openai:embedding:check-emb')} }`,
            '  - vars: { query: capital }',
            `    options: { provider: ${at('openai:chat:test-judge')} }`,
            '    assert:',
            '      - { type: model-graded-closedqa, value: names Paris }',
            '      - { type: similar, value: the capital of France is Paris }',
            '',
          ].join('\n'),
        )
      ).root;
      const result = await runCli(root, ['eval', '--json'], bareEnv());
      expect(result.stderr).toBe('');
      expect(result.code).toBe(0);
      const asked = new Set(elsewhere.requests.map((request) => `${request.path} ${request.body.model}`));
      expect([...asked].sort()).toEqual([
        '/v1/chat/completions check-judge',
        '/v1/chat/completions test-judge',
        '/v1/embeddings check-emb',
        '/v1/embeddings default-emb',
      ]);
      // The project's own server answered the model under test only.
      expect(new Set(server!.requests.map((request) => request.body.model))).toEqual(new Set(['model']));
      const judged = elsewhere.requests.find((request) => request.body.model === 'check-judge')!;
      expect(judged.headers.authorization).toBe(`Bearer ${key}`);
      const db = new Database(join(root, '.plume/plume.db'), { readonly: true });
      try {
        const rows = db.prepare('SELECT assertions FROM run_cells ORDER BY rowid').all() as {
          assertions: string;
        }[];
        const checks = rows.flatMap((row) => decodeChecks(row.assertions) as { pass: boolean }[]);
        expect(checks.map((check) => check.pass)).toEqual([true, true, true, true]);
      } finally {
        db.close();
      }
      expect(result.stdout).not.toContain(key);
      for (const file of readdirSync(join(root, '.plume'))) {
        const path = join(root, '.plume', file);
        if (statSync(path).isFile()) expect(readFileSync(path).includes(key), file).toBe(false);
      }
    } finally {
      await elsewhere.close();
    }
  });

  it('refuses, at its line, a check whose grader is a provider plume does not run', async () => {
    const root = (
      await stubProject(
        'Paris',
        [
          'prompts: [ask]',
          "models: ['stub:model']",
          'tests:',
          '  - vars: { query: capital }',
          '    assert:',
          '      - type: similar',
          '        value: Paris',
          '        provider: { id: cohere:embedding:embed-english-v3.0 }',
          '',
        ].join('\n'),
      )
    ).root;
    const result = await runCli(root, ['eval'], bareEnv());
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('plume.suite.yaml:4: assert[0]: provider:');
    expect(result.stderr).toContain("plume does not ask cohere's embedding API");
  });
});
