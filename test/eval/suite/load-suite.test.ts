import { describe, expect, it } from 'vitest';
import { collectTests } from '../../../src/eval/suite/iterate-tests.ts';
import { loadSuite } from '../../../src/eval/suite/load-suite.ts';
import { fixture } from './suite-test-helpers.ts';

describe('loadSuite on a promptfoo-style suite', () => {
  it('reads prompts, providers, defaultTest and inline tests with promptfoo field names', async () => {
    const suite = await loadSuite(fixture('promptfoo', 'promptfooconfig.yaml'));
    expect(suite.description).toBe('Translate and summarize');
    expect(suite.prompts).toEqual([
      {
        kind: 'file',
        path: fixture('promptfoo', 'prompts/translate.prompt'),
        label: 'prompts/translate.prompt',
      },
      {
        kind: 'inline',
        text: 'Summarize this in one sentence: {{text}}',
        label: expect.stringMatching(/^inline:[0-9a-f]{8}$/),
        syntax: 'nunjucks',
      },
      {
        kind: 'library',
        ref: 'summarize@production',
        name: 'summarize',
        selector: { kind: 'label', label: 'production' },
        label: 'library summarize',
      },
    ]);
    expect(suite.models).toEqual([
      {
        ref: 'openai:gpt-4o-mini',
        provider: 'openai',
        model: 'gpt-4o-mini',
        params: {},
        label: 'openai:gpt-4o-mini',
      },
      {
        ref: 'anthropic:claude-3-5-haiku-latest',
        provider: 'anthropic',
        model: 'claude-3-5-haiku-latest',
        params: { temperature: 0.2, maxTokens: 200 },
        label: 'haiku',
      },
    ]);
    expect(suite).toMatchObject({
      repeats: 1,
      seed: undefined,
      codePolicy: 'suite',
      testCount: 2,
      warnings: [],
    });
  });

  it('merges defaultTest into every test: its vars underneath, its assertions first', async () => {
    const [first, second] = await collectTests(await loadSuite(fixture('promptfoo', 'promptfooconfig.yaml')));
    expect(first).toMatchObject({
      description: 'greets',
      vars: { language: 'French', text: 'Hello, world' },
      assert: [
        { type: 'not-icontains', value: 'as an AI' },
        { type: 'icontains', value: 'bonjour' },
      ],
      line: 26,
    });
    expect(second?.vars).toEqual({ language: 'German', text: 'Good night' });
    expect(second?.assert[1]).toEqual({
      type: 'similar',
      value: 'Gute Nacht',
      threshold: 0.8,
      metric: 'accuracy',
    });
    expect(second?.metadata).toEqual({ topic: 'greetings' });
  });
});

describe('loadSuite on every test source format', () => {
  it('expands prompt globs in order and keeps library names as references', async () => {
    const suite = await loadSuite(fixture('formats', 'suite.yaml'));
    expect(suite.prompts.map((prompt) => prompt.label)).toEqual([
      'classify-sentiment',
      'prompts/a.prompt',
      'prompts/b.prompt',
    ]);
    expect(suite.prompts[0]).toMatchObject({
      kind: 'library',
      name: 'classify-sentiment',
      selector: undefined,
    });
    expect(suite).toMatchObject({ repeats: 3, seed: 42, testCount: 9 });
    expect(suite.sources.map((source) => source.kind)).toEqual([
      'stream',
      'loaded',
      'stream',
      'loaded',
      'loaded',
    ]);
  });

  it('reads CSV rows with __expected, __description, __metric and __metadata columns', async () => {
    const tests = await collectTests(await loadSuite(fixture('formats', 'suite.yaml')));
    const csv = tests.filter((test) => test.file.endsWith('reviews.csv'));
    expect(csv.map((test) => test.line)).toEqual([2, 3, 4]);
    expect(csv[0]).toMatchObject({
      description: 'happy diner',
      vars: { style: 'terse', review: 'Great food!' },
      assert: [
        { type: 'contains', value: 'positive', metric: 'sentiment' },
        { type: 'not-contains', value: 'negative', metric: 'sentiment' },
      ],
      metadata: { source: 'web' },
    });
    expect(csv[1]?.assert).toEqual([{ type: 'equals', value: 'negative' }]);
    expect(csv[1]?.vars.review).toBe('Slow, and rude staff');
    expect(csv[2]?.vars.review).toBe('multi\nline review');
    expect(csv[2]?.assert).toEqual([{ type: 'icontains-any', value: ['neutral', 'mixed'] }]);
  });

  it('reads file vars as text, JSON and YAML, relative to the suite folder', async () => {
    const tests = await collectTests(await loadSuite(fixture('formats', 'suite.yaml')));
    const inline = tests.find((test) => test.file.endsWith('suite.yaml'));
    expect(inline?.vars).toEqual({
      style: 'terse',
      review: 'The soup was cold.\n',
      config: { mode: 'strict', level: 2 },
      extra: { tags: ['food', 'service'] },
    });
    const fromJsonl = tests.find((test) => test.description === 'from a file');
    expect(fromJsonl?.vars.review).toBe('The soup was cold.\n');
  });

  it('reads JSONL, JSON and YAML test files with their lines', async () => {
    const tests = await collectTests(await loadSuite(fixture('formats', 'suite.yaml')));
    const where = tests.map((test) => `${test.file.split('/').pop()}:${test.line}`);
    expect(where).toEqual([
      'reviews.csv:2',
      'reviews.csv:3',
      'reviews.csv:4',
      'suite.yaml:13',
      'cases.jsonl:1',
      'cases.jsonl:3',
      'cases.json:2',
      'cases.json:3',
      'cases.yaml:1',
    ]);
    const json = tests.filter((test) => test.file.endsWith('cases.json'));
    expect(json[0]?.threshold).toBe(0.5);
    expect(json[1]?.vars).toEqual({ review: 'Hated it', style: 'verbose' });
  });
});

describe('allowCode', () => {
  it("is carried for the assertion engine: unset, only the suite file's own code runs", async () => {
    const suite = await loadSuite(fixture('formats', 'code-assertion.yaml'));
    expect(suite.codePolicy).toBe('suite');
    const tests = await collectTests(suite);
    expect(tests[1]?.assert).toEqual([{ type: 'javascript', value: 'output.length < 10' }]);
  });
});

describe('loadSuite on a TypeScript config', () => {
  it('loads the default export of plume.suite.ts, typed with defineSuite', async () => {
    const suite = await loadSuite(fixture('ts-config', 'plume.suite.ts'));
    expect(suite.description).toBe('a TypeScript suite');
    expect(suite.prompts[0]).toMatchObject({ kind: 'library', selector: { kind: 'hash', hash: '3f2a9c1' } });
    expect(suite.models[0]?.params).toEqual({ temperature: 0 });
    const [test] = await collectTests(suite);
    expect(test).toMatchObject({ vars: { text: 'typed' }, file: fixture('ts-config', 'plume.suite.ts') });
  });
});
