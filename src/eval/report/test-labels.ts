import { existsSync } from 'node:fs';
import type { Suite } from '../../spec/suite.ts';
import type { ScanStore } from '../../store/scan-store.ts';
import { PlumeError } from '../../util/errors.ts';
import type { ReadScope } from '../../util/read-scope.ts';
import { iterateTests } from '../suite/iterate-tests.ts';
import { loadSuite } from '../suite/load-suite.ts';

/** How long a test's label may be: enough to recognize it on a line that says more. */
const LABEL_LENGTH = 60;

/**
 * How a person recognizes a test: its description, else its first variables (`name=value, …`),
 * on one line and cut at 60 characters. Variables every test shares (set by the suite's
 * defaultTest and left as they are) tell no test apart, so they come last.
 */
export function testLabel(
  test: { description?: string | undefined; vars: Record<string, unknown> },
  shared: Readonly<Record<string, unknown>> = {},
): string {
  const described = test.description?.trim();
  if (described) return shorten(described);
  const own: string[] = [];
  const common: string[] = [];
  for (const [name, value] of Object.entries(test.vars)) {
    const text = varText(value);
    const inherited = Object.hasOwn(shared, name) && varText(shared[name]) === text;
    (inherited ? common : own).push(`${name}=${text}`);
  }
  return shorten([...own, ...common].join(', '));
}

/** "test 12 “what it asks”", or "test 12" when the label is unknown: how every text surface names a test. */
export function testName(test: number, label: string | undefined): string {
  return label ? `test ${test} “${label}”` : `test ${test}`;
}

/** Where the labels of a run's tests come from: the suite as loaded, or its file read again. */
export type LabelSource =
  | { suite: Suite }
  | { suiteFile: string; scope: ReadScope; scans?: ScanStore | undefined };

/**
 * The labels of the tests with these ids. A run stores its tests' ids, not their descriptions or
 * variables: they are read from the suite, by id, which is a hash of the test's variables, checks
 * and description, so a label found is the test's own even if the suite changed since (a test
 * edited since has another id and stays unnamed). The suite is streamed until every id is found.
 * A suite that is gone or no longer loads gives no labels: the tests are then named by number.
 */
export async function readTestLabels(
  source: LabelSource,
  ids: Iterable<string>,
): Promise<Map<string, string>> {
  const wanted = new Set(ids);
  const labels = new Map<string, string>();
  if (wanted.size === 0) return labels;
  try {
    const suite = 'suite' in source ? source.suite : await loadIfThere(source);
    if (suite === undefined) return labels;
    for await (const test of iterateTests(suite)) {
      if (!wanted.has(test.id) || labels.has(test.id)) continue;
      labels.set(test.id, testLabel(test, suite.defaultTest.vars));
      if (labels.size === wanted.size) break;
    }
  } catch (error) {
    // A suite that no longer loads, or a data file changed while read: the labels found so far stand.
    if (!(error instanceof PlumeError && error.category === 'user')) throw error;
  }
  return labels;
}

function loadIfThere(source: { suiteFile: string; scope: ReadScope; scans?: ScanStore | undefined }) {
  if (!existsSync(source.suiteFile)) return Promise.resolve(undefined);
  return loadSuite(source.suiteFile, {
    scope: source.scope,
    ...(source.scans === undefined ? {} : { scans: source.scans }),
  });
}

function varText(value: unknown): string {
  if (typeof value === 'string') return value;
  return JSON.stringify(value) ?? String(value);
}

function shorten(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length <= LABEL_LENGTH ? flat : `${flat.slice(0, LABEL_LENGTH - 1)}…`;
}
