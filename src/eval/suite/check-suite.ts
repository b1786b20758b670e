import type { Suite, SuiteFile } from '../../spec/suite.ts';
import { formatLocation, type PlumeError } from '../../util/errors.ts';
import type { YamlSource } from '../../util/yaml-source.ts';
import { evaluateOptionsOf, unusedKeyWarnings } from './promptfoo-suite-keys.ts';
import { suiteError } from './suite-error.ts';

/** A suite before its tests are read: everything a rule can check without the data. */
export type SuiteDraft = Omit<
  Suite,
  'testCount' | 'duplicateIds' | 'dataHash' | 'suiteHash' | 'warnings' | 'storesOutputs'
>;

/** The outcome of the semantic rules: the suite as checked, what stops it, what is worth a look. */
export interface SuiteCheck {
  value: SuiteDraft;
  errors: PlumeError[];
  warnings: string[];
}

interface RuleContext {
  draft: SuiteDraft;
  written: SuiteFile;
  source: YamlSource;
}

type Rule = (context: RuleContext) => { errors?: PlumeError[]; warnings?: string[] };

/** Rules a suite must follow beyond its schema, each returning what it found. */
const RULES: Rule[] = [
  oneModelList,
  distinctPromptLabels,
  distinctModelLabels,
  repeatsOfGreedy,
  promptfooKeysIgnored,
];

/** Apply the semantic rules to a normalized suite. */
export function checkSuite(draft: SuiteDraft, written: SuiteFile, source: YamlSource): SuiteCheck {
  const check: SuiteCheck = { value: draft, errors: [], warnings: [] };
  for (const rule of RULES) {
    const found = rule({ draft, written, source });
    check.errors.push(...(found.errors ?? []));
    check.warnings.push(...(found.warnings ?? []));
  }
  return check;
}

function oneModelList({ written, source }: RuleContext) {
  const keys = (['models', 'providers', 'targets'] as const).filter((key) => written[key] !== undefined);
  if (keys.length < 2) return {};
  const hint = "keep one list: 'providers' (or 'targets') is promptfoo's name, 'models' plume's";
  return {
    errors: [
      suiteError(
        `the suite has both ${keys[0]} and ${keys[1]}`,
        source.locate([keys[0]!], { key: true }),
        hint,
      ),
    ],
  };
}

// promptfoo keys read but not acted on, each said where it is written.
function promptfooKeysIgnored({ written, source }: RuleContext) {
  return {
    warnings: [...unusedKeyWarnings(written, source), ...evaluateOptionsOf(written, source).warnings],
  };
}

function distinctPromptLabels({ draft, source }: RuleContext) {
  const label = firstRepeat(draft.prompts.map((prompt) => prompt.label));
  if (label === undefined) return {};
  const hint = 'give each prompt its own label: { id: ..., label: ... }';
  return { errors: [suiteError(`two prompts are labelled '${label}'`, source.locate(['prompts']), hint)] };
}

function distinctModelLabels({ draft, written, source }: RuleContext) {
  const label = firstRepeat(draft.models.map((model) => model.label));
  if (label === undefined) return {};
  const key = written.models === undefined ? 'providers' : 'models';
  const hint = 'give each model its own label: { id: provider:model, config: {...}, label: ... }';
  return { errors: [suiteError(`two models are labelled '${label}'`, source.locate([key]), hint)] };
}

function repeatsOfGreedy({ draft, source }: RuleContext) {
  const greedy = draft.models.length > 0 && draft.models.every((model) => model.params.temperature === 0);
  if (draft.repeats < 2 || !greedy) return {};
  const where = formatLocation(source.locate(['repeats']));
  return {
    warnings: [
      `${where}: repeats is ${draft.repeats} but every model has temperature 0; the repeats will agree`,
    ],
  };
}

function firstRepeat(values: readonly string[]): string | undefined {
  return values.find((value, index) => values.indexOf(value) !== index);
}
