import { afterAll, describe, expect, it } from 'vitest';
import { expectedResult, loadSpecCases, type SpecCase } from '../helpers/dotprompt-spec.ts';
import { runCli } from '../helpers/run-cli.ts';
import { createTempProject, type TempProject } from '../helpers/temp-project.ts';

const ENV = { PLUME_AUTHOR: 'tester' };

/**
 * Why a case cannot be written as prompt files and `plume render` flags, or undefined when it
 * can. These are the limits of files and flags, not of the renderer: the library runs them all.
 */
function notExpressible({ suite, test }: SpecCase): string | undefined {
  if (test.options !== undefined) return 'metadata given with the render (options): no flag gives it';
  if (suite.schemas !== undefined) return 'a named schema registry: plume has none';
  const partials = { ...suite.resolverPartials, ...suite.partials };
  if (Object.values(partials).some((partial) => partial.endsWith('\n'))) {
    return "a partial ending with a newline: a partial file's last newline is the file's end";
  }
  if (!suite.template.startsWith('---') && !suite.template.endsWith('\n')) {
    return 'a template with no final newline: a prompt file ends with one';
  }
  return undefined;
}

const CASES = loadSpecCases();
const EXPRESSIBLE = CASES.filter((spec) => notExpressible(spec) === undefined);

let project: TempProject | undefined;
afterAll(() => project?.cleanup());

/** The case as a prompt file, partial files, and --vars, --context, --history files, rendered with --json. */
async function renderThroughCli({ suite, data }: SpecCase): Promise<Record<string, unknown>> {
  project?.cleanup();
  project = createTempProject({ 'case.prompt': suite.template });
  for (const [name, partial] of Object.entries({ ...suite.resolverPartials, ...suite.partials })) {
    project.writePrompt(`_${name}.prompt`, partial);
  }
  const args = ['render', 'case', '--json'];
  const files: Array<[string, string, unknown]> = [
    ['--vars', 'vars.json', data.input],
    ['--context', 'context.json', data.context],
    ['--history', 'history.json', data.messages],
  ];
  for (const [flag, file, value] of files) {
    if (value === undefined) continue;
    project.write(file, JSON.stringify(value));
    args.push(flag, file);
  }
  const result = await runCli(project.root, args, ENV);
  expect(result.code, result.stderr).toBe(0);
  return JSON.parse(result.stdout) as Record<string, unknown>;
}

describe('the Dotprompt specification, through plume render --json', () => {
  it('writes most cases as files and flags, and says why not the others', () => {
    const reasons = CASES.map(notExpressible).filter((reason) => reason !== undefined);
    expect(EXPRESSIBLE.length + reasons.length).toBe(CASES.length);
    expect(EXPRESSIBLE.length).toBeGreaterThanOrEqual(100);
  });

  it.each(EXPRESSIBLE.map((spec) => [spec.id, spec] as const))('%s', async (_, spec) => {
    const output = await renderThroughCli(spec);
    // plume's own fields, beside the specification's.
    const { prompt, version, params, modelRef, outputSchema, sent, unsendable, warnings, raw, ...result } =
      output;
    const expected = expectedResult(spec.test);
    expect(result).toEqual(expected.result);
    if (expected.raw !== undefined) expect(raw).toEqual(expected.raw);
    expect(sent === undefined).toBe(unsendable !== undefined);
  });
});
