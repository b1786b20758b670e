import { dirname, relative, sep } from 'node:path';
import type { ModelConnection } from '../../spec/model.ts';
import type { Suite, SuitePrompt, TestOptions } from '../../spec/suite.ts';
import { hashValue } from '../../util/hash.ts';

/**
 * The hash of everything that shapes a suite's results, for the run manifest. Paths are taken
 * relative to the suite's folder so the hash is the same on every machine; concurrency and
 * where tests were written are left out, since they change no result.
 */
export function suiteHash(suite: Omit<Suite, 'suiteHash'>): string {
  const baseDir = dirname(suite.file);
  const { file: _file, line: _line, ...written } = suite.defaultTest;
  const defaultTest = { ...written, options: optionsWithoutCredentials(written.options) };
  return hashValue({
    description: suite.description,
    prompts: suite.prompts.map((prompt) => portable(prompt, baseDir)),
    models: suite.models.map(withoutCredentials),
    defaultTest,
    repeats: suite.repeats,
    seed: suite.seed,
    codePolicy: suite.codePolicy,
    metadata: suite.metadata,
    dataHash: suite.dataHash,
    // What a beforeEach hook does shapes every test's vars (beforeAll's shaped the tests hashed).
    ...(suite.beforeEach === undefined
      ? {}
      : { beforeEach: suite.beforeEach.map((hook) => ({ written: hook.written, code: hook.code })) }),
  });
}

// The endpoint shapes results, the key and the headers' values do not; they are never hashed.
function withoutCredentials<T extends { connection?: ModelConnection }>(model: T): T {
  if (model.connection === undefined) return model;
  const { apiKey: _key, headers, ...connection } = model.connection;
  const headerNames =
    headers === undefined
      ? {}
      : { headers: Object.fromEntries(Object.keys(headers).map((name) => [name, ''])) };
  return { ...model, connection: { ...connection, ...headerNames } };
}

// The grader and embedding model of defaultTest, likewise.
function optionsWithoutCredentials(options: TestOptions): TestOptions {
  const { provider, embeddingProvider } = options;
  if (provider?.connection === undefined && typeof embeddingProvider !== 'object') return options;
  return {
    ...options,
    ...(provider === undefined ? {} : { provider: withoutCredentials(provider) }),
    ...(typeof embeddingProvider === 'object'
      ? { embeddingProvider: withoutCredentials(embeddingProvider) }
      : {}),
  };
}

function portable(prompt: SuitePrompt, baseDir: string): SuitePrompt {
  const path = (file: string): string => relative(baseDir, file).split(sep).join('/');
  if (prompt.kind === 'file') return { ...prompt, path: path(prompt.path) };
  if (prompt.kind === 'inline' && prompt.origin !== undefined) {
    return { ...prompt, origin: { ...prompt.origin, file: path(prompt.origin.file) } };
  }
  return prompt;
}
