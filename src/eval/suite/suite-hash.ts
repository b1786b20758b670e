import { dirname, relative, sep } from 'node:path';
import type { Suite, SuitePrompt } from '../../spec/suite.ts';
import { hashValue } from '../../util/hash.ts';

/**
 * The hash of everything that shapes a suite's results, for the run manifest. Paths are taken
 * relative to the suite's folder so the hash is the same on every machine; concurrency and
 * where tests were written are left out, since they change no result.
 */
export function suiteHash(suite: Omit<Suite, 'suiteHash'>): string {
  const baseDir = dirname(suite.file);
  const { file: _file, line: _line, ...defaultTest } = suite.defaultTest;
  return hashValue({
    description: suite.description,
    prompts: suite.prompts.map((prompt) => portable(prompt, baseDir)),
    models: suite.models,
    defaultTest,
    repeats: suite.repeats,
    seed: suite.seed,
    allowCode: suite.allowCode,
    metadata: suite.metadata,
    dataHash: suite.dataHash,
  });
}

function portable(prompt: SuitePrompt, baseDir: string): SuitePrompt {
  const path = (file: string): string => relative(baseDir, file).split(sep).join('/');
  if (prompt.kind === 'file') return { ...prompt, path: path(prompt.path) };
  if (prompt.kind === 'inline' && prompt.origin !== undefined) {
    return { ...prompt, origin: { ...prompt.origin, file: path(prompt.origin.file) } };
  }
  return prompt;
}
