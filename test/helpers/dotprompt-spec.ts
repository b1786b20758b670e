import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parse } from 'yaml';
import { REPO_ROOT } from './run-cli.ts';

/** The Dotprompt specification's conformance cases, kept beside the project (`../shared/`). */
export const DOTPROMPT_SPEC_DIR = resolve(REPO_ROOT, '../shared/conformance/dotprompt/spec');

/** A group of cases: one template, its partials and schemas. */
export interface SpecSuite {
  name: string;
  template: string;
  data?: SpecData;
  schemas?: Record<string, Record<string, unknown>>;
  partials?: Record<string, string>;
  resolverPartials?: Record<string, string>;
  tests: SpecTest[];
}

/** What a case renders with (Dotprompt's DataArgument). */
export interface SpecData {
  input?: Record<string, unknown>;
  context?: Record<string, unknown>;
  messages?: { role: string; content: Record<string, unknown>[] }[];
}

/** One case: data, options (metadata given with the render) and the result expected. */
export interface SpecTest {
  desc?: string;
  data?: SpecData;
  options?: Record<string, unknown>;
  expect: Record<string, unknown> & { messages?: unknown[]; raw?: unknown };
}

/** A case with its group and file, named `file suite: desc`. */
export interface SpecCase {
  id: string;
  suite: SpecSuite;
  test: SpecTest;
  /** The group's data under the case's own, as the reference runner merges them. */
  data: SpecData;
}

/** Every case of every YAML file of the specification, in file order. */
export function loadSpecCases(): SpecCase[] {
  const files = (readdirSync(DOTPROMPT_SPEC_DIR, { recursive: true }) as string[])
    .filter((file) => file.endsWith('.yaml'))
    .sort();
  return files.flatMap((file) =>
    (parse(readFileSync(join(DOTPROMPT_SPEC_DIR, file), 'utf8')) as SpecSuite[]).flatMap((suite) =>
      suite.tests.map((test) => ({
        id: `${file} ${suite.name}: ${test.desc ?? 'renders'}`,
        suite,
        test,
        data: { ...suite.data, ...test.data },
      })),
    ),
  );
}

/** The expected result as the reference runner compares it: `raw` apart, empty ext/config/metadata filled in. */
export function expectedResult(test: SpecTest): { result: Record<string, unknown>; raw: unknown } {
  const { raw, ...expected } = test.expect;
  return {
    result: {
      ...expected,
      ext: expected.ext ?? {},
      config: expected.config ?? {},
      metadata: expected.metadata ?? {},
    },
    raw,
  };
}
