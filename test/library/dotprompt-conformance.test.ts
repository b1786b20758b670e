import { describe, expect, it } from 'vitest';
import { createResolvedPrompt } from '../../src/library/resolved-prompt.ts';
import type { PromptData } from '../../src/spec/prompt.ts';
import { expectedResult, loadSpecCases, type SpecCase } from '../helpers/dotprompt-spec.ts';

const CASES = loadSpecCases();

/** A case through plume's library: the template as a version, its partials and schemas as plume's loaders. */
async function renderThroughLibrary({ suite, test, data }: SpecCase) {
  const partials = { ...suite.resolverPartials, ...suite.partials };
  const version = {
    hash: 'spec',
    name: suite.name,
    parentHash: undefined,
    content: suite.template,
    author: '',
    message: '',
    createdAt: '',
  };
  const resolved = await createResolvedPrompt(
    version,
    { file: `${suite.name}.prompt` },
    (name) => {
      const template = partials[name];
      return template === undefined ? undefined : { file: `_${name}.prompt`, template, bodyLine: 1 };
    },
    { resolveSchema: (name) => suite.schemas?.[name] },
  );
  return resolved.renderDotprompt(data as PromptData, test.options);
}

describe('the Dotprompt specification, through the library', () => {
  it('has the specification cases at hand', () => {
    expect(CASES.length).toBeGreaterThanOrEqual(117);
  });

  it.each(CASES.map((spec) => [spec.id, spec] as const))('%s', async (_, spec) => {
    const { raw, ...result } = await renderThroughLibrary(spec);
    const expected = expectedResult(spec.test);
    expect(result).toEqual(expected.result);
    if (expected.raw !== undefined) expect(raw).toEqual(expected.raw);
  });
});
