import { resolve } from 'node:path';
import {
  defaultTestSchema,
  type SuiteFile,
  type TestDefinition,
  type TestSource,
  UNUSED_PROMPTFOO_KEYS,
} from '../../spec/suite.ts';
import { formatLocation } from '../../util/errors.ts';
import type { ReadScope } from '../../util/read-scope.ts';
import { parseYamlSource, validateYaml, type YamlSource } from '../../util/yaml-source.ts';
import type { FileVarReader } from './file-var-reader.ts';
import { suiteError } from './suite-error.ts';
import { testDefinition, withFileVars, writtenVars } from './test-definition.ts';

const FILE_PREFIX = 'file://';

/** A written defaultTest: inline, or read from promptfoo's `file://path` (YAML or JSON, in the project). */
export function writtenDefaultTest(
  written: SuiteFile,
  source: YamlSource,
  baseDir: string,
  scope: ReadScope,
): Exclude<SuiteFile['defaultTest'], string> {
  const entry = written.defaultTest;
  if (typeof entry !== 'string') return entry;
  const at = () => source.locate(['defaultTest']);
  const file = resolve(baseDir, entry.slice(FILE_PREFIX.length));
  const text = scope.readText(file, at);
  const read = parseYamlSource(text, file, 0, 'SUITE_INVALID');
  return validateYaml(read, defaultTestSchema, 'SUITE_INVALID');
}

/**
 * promptfoo's scenarios as one source of tests: for each scenario, each `config` entry crossed with
 * each of its tests (the test's vars, options and metadata over the entry's, the entry's checks
 * first), in order. They are written in the suite file, so their code is the suite's.
 */
export function scenarioSource(
  written: SuiteFile,
  source: YamlSource,
  reader: FileVarReader,
): TestSource | undefined {
  if (written.scenarios === undefined || written.scenarios.length === 0) return undefined;
  const tests: TestDefinition[] = [];
  written.scenarios.forEach((scenario, index) => {
    if (typeof scenario === 'string') {
      throw suiteError(
        `scenarios[${index}]: plume does not read scenarios from files (${scenario})`,
        source.locate(['scenarios', index]),
        'write the scenario in the suite: { description, config: [...], tests: [...] }',
      );
    }
    const cases = scenario.tests ?? [{}];
    scenario.config.forEach((config, configIndex) => {
      cases.forEach((testCase, caseIndex) => {
        const path =
          scenario.tests === undefined ? ['scenarios', index] : ['scenarios', index, 'tests', caseIndex];
        const description = testCase.description ?? config.description ?? scenario.description;
        const common = writtenVars(config.vars);
        const own = writtenVars(testCase.vars);
        const files = [...common.files, ...own.files];
        const merged = testDefinition(
          {
            ...(description === undefined ? {} : { description }),
            vars: { ...common.values, ...own.values },
            assert: [...(config.assert ?? []), ...(testCase.assert ?? [])],
            options: { ...config.options, ...testCase.options },
            ...((testCase.threshold ?? config.threshold) === undefined
              ? {}
              : { threshold: testCase.threshold ?? config.threshold }),
            metadata: { ...config.metadata, ...testCase.metadata },
          },
          source.file,
          source.lineOf(path),
        );
        if (files.length > 0) merged.varsFiles = files;
        tests.push(
          withFileVars(merged, reader, (key) =>
            Object.hasOwn(own.values, key)
              ? source.locate([...path, 'vars', key])
              : source.locate(['scenarios', index, 'config', configIndex, 'vars', key]),
          ),
        );
      });
    });
  });
  return { kind: 'loaded', tests };
}

/** What plume takes from promptfoo's evaluateOptions, and a warning for each option it does not honour. */
export function evaluateOptionsOf(
  written: SuiteFile,
  source: YamlSource,
): {
  concurrency: number | undefined;
  repeats: number | undefined;
  delayMs: number | undefined;
  cache: boolean | undefined;
  warnings: string[];
} {
  const options = written.evaluateOptions ?? {};
  const warnings: string[] = [];
  for (const key of Object.keys(options)) {
    if (['maxConcurrency', 'repeat', 'delay', 'cache'].includes(key)) continue;
    const where = formatLocation(source.locate(['evaluateOptions', key], { key: true }));
    warnings.push(`${where}: evaluateOptions.${key} is promptfoo's; plume ignores it`);
  }
  return {
    concurrency: options.maxConcurrency,
    repeats: options.repeat,
    delayMs: options.delay,
    cache: options.cache,
    warnings,
  };
}

const UNUSED_WHY: Record<(typeof UNUSED_PROMPTFOO_KEYS)[number], string> = {
  sharing: 'plume shares nothing: runs stay in the local store (plume ui shows them)',
  writeLatestResults: 'plume stores every run',
  nunjucksFilters: 'plume does not load custom Nunjucks filters: a template that uses one fails to render',
  env: 'plume does not take environment variables from the suite: set them in the environment',
  tags: 'plume does not record the tags',
  commandLineOptions: 'plume does not read command-line options from the suite: pass them to plume eval',
  tracing: 'plume does not trace',
  redteam: 'plume does not run red-team sections yet: none of its plugins or strategies runs',
};

/** A located warning for each promptfoo key that the suite sets and plume does not act on. */
export function unusedKeyWarnings(written: SuiteFile, source: YamlSource): string[] {
  const warnings: string[] = [];
  for (const key of UNUSED_PROMPTFOO_KEYS) {
    const value = written[key];
    if (value === undefined || value === null || value === false) continue;
    if (Array.isArray(value) && value.length === 0) continue;
    const where = formatLocation(source.locate([key], { key: true }));
    warnings.push(`${where}: ${key}: ${UNUSED_WHY[key]}`);
  }
  return warnings;
}
