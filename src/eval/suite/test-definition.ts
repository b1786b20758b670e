import { dirname } from 'node:path';
import { isEmbeddingRef } from '../../models/embedding/embedding-ref.ts';
import type {
  DefaultTest,
  SuiteAssertion,
  SuiteFile,
  TestCase,
  TestDefinition,
  TestOptions,
} from '../../spec/suite.ts';
import type { SourceLocation } from '../../util/errors.ts';
import { withCodeFiles } from './code-files.ts';
import type { FileVarReader } from './file-var-reader.ts';
import { entryId, normalizeModel, normalizeServiceModel } from './normalize-models.ts';
import type { ModelEntry } from './provider-files.ts';
import { withValueFiles } from './value-files.ts';

/**
 * A validated test case as a TestDefinition; `file://` vars are left for the caller to read.
 * `origin` 'data': it was read from a tests file, so its own code runs only with allowCode: true.
 */
export function testDefinition(
  testCase: TestCase,
  file: string,
  line: number | undefined,
  origin?: 'data',
): TestDefinition {
  const { values, files } = writtenVars(testCase.vars);
  const definition: TestDefinition = {
    description: testCase.description,
    vars: values,
    assert: testCase.assert ?? [],
    options: testOptions(testCase.options, file, line),
    threshold: testCase.threshold,
    metadata: testCase.metadata ?? {},
    file,
    line,
  };
  if (files.length > 0) definition.varsFiles = files;
  if (origin !== undefined) definition.origin = origin;
  return definition;
}

/** A test's written vars: its own values, and the files promptfoo's `vars: path.yaml` (a glob, or a list) names. */
export function writtenVars(vars: TestCase['vars']): { values: Record<string, unknown>; files: string[] } {
  if (vars === undefined) return { values: {}, files: [] };
  if (typeof vars === 'string') return { values: {}, files: [vars] };
  if (Array.isArray(vars)) return { values: {}, files: vars };
  return { values: vars, files: [] };
}

/**
 * A definition with its `file://` vars read, the files its checks' values name (withValueFiles),
 * and the `file://path.js` code of its transforms (withCodeFiles); `at(key)` locates each var for
 * errors (`at('assert')` the checks, `at('')` the test).
 */
export function withFileVars(
  definition: TestDefinition,
  reader: FileVarReader,
  at: (key: string) => SourceLocation,
): TestDefinition {
  // The vars files' variables under the test's own; the files are then read and left out.
  const { varsFiles, ...written } = definition;
  const own =
    varsFiles === undefined
      ? written.vars
      : { ...reader.readVarsFiles(varsFiles, dirname(written.file), () => at('')), ...written.vars };
  const vars = reader.resolve(own, at);
  const assert = withValueFiles(written.assert, reader, () => at('assert')) as SuiteAssertion[];
  const read =
    varsFiles === undefined && vars === definition.vars && assert === definition.assert
      ? definition
      : { ...written, vars, assert };
  return withCodeFiles(read, (path) => reader.readCode(path, () => at('')));
}

/** The suite's defaultTest, normalized; an absent one adds nothing. */
export function defaultTestOf(
  written: Exclude<SuiteFile['defaultTest'], string>,
  file: string,
  line: number | undefined,
): DefaultTest {
  const { description: _, ...rest } = testDefinition(written ?? {}, file, line);
  return rest;
}

function testOptions(options: TestCase['options'], file: string, line: number | undefined): TestOptions {
  if (options === undefined) return {};
  const normalized: TestOptions = {};
  const at = () => (line === undefined ? { file } : { file, line });
  const { provider } = options;
  if (isGraderMap(provider)) {
    // promptfoo's { text, embedding, ... }: a grader and an embedding model.
    if (provider.text !== undefined)
      normalized.provider = normalizeModel(provider.text as ModelEntry, { at });
    if (provider.embedding !== undefined)
      normalized.embeddingProvider = normalizeServiceModel(provider.embedding as ModelEntry, at);
  } else if (provider !== undefined) {
    // An embedding model named alone is for embedding checks, not a grader.
    if (isEmbeddingRef(entryId(provider as ModelEntry, at)))
      normalized.embeddingProvider = normalizeServiceModel(provider as ModelEntry, at);
    else normalized.provider = normalizeModel(provider as ModelEntry, { at });
  }
  // promptfoo also takes a list of messages, which its graders read as JSON.
  if (options.rubricPrompt !== undefined)
    normalized.rubricPrompt =
      typeof options.rubricPrompt === 'string' ? options.rubricPrompt : JSON.stringify(options.rubricPrompt);
  if (options.factuality !== undefined) normalized.factuality = options.factuality;
  const transform = options.transform ?? options.postprocess;
  if (transform !== undefined) normalized.transform = transform;
  if (options.transformVars !== undefined) normalized.transformVars = options.transformVars;
  if (options.storeOutputAs !== undefined) normalized.storeOutputAs = options.storeOutputAs;
  if (options.prefix !== undefined) normalized.prefix = options.prefix;
  if (options.suffix !== undefined) normalized.suffix = options.suffix;
  if (options.disableVarExpansion !== undefined) normalized.disableVarExpansion = options.disableVarExpansion;
  return normalized;
}

const GRADER_ROLES = new Set(['text', 'embedding', 'classification', 'moderation']);

/** promptfoo's grader map ({ text, embedding, ... }), told apart from a provider's map form ({ 'openai:x': ... }). */
export function isGraderMap(provider: unknown): provider is { text?: unknown; embedding?: unknown } {
  return (
    typeof provider === 'object' &&
    provider !== null &&
    !('id' in provider) &&
    Object.keys(provider).every((key) => GRADER_ROLES.has(key))
  );
}
