import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { INIT_FILES } from '../../src/cli/init-templates.ts';
import { splitFrontMatter } from '../../src/library/front-matter.ts';
import { blockRanges } from '../../src/library/techniques/body-text.ts';
import { getTechnique, TECHNIQUES } from '../../src/library/techniques/catalogue.ts';
import { parseDemonstrations } from '../../src/library/techniques/demonstrations.ts';
import { layoutOf } from '../../src/library/techniques/template-layout.ts';

const DEMOS = [
  { input: 'Great phone', output: 'positive' },
  { input: 'Broke in a week', output: 'negative' },
];

/** Hand-written edge cases: variable first, variable only, system + user, history, `{{#each}}`. */
const EDGE_CASES: Record<string, string> = {
  'variable first': 'Label: {{input}}\n',
  'variable only': '{{input}}',
  'variable before the instruction': '{{input}}\n\nClassify the text above.',
  'system + user':
    '{{role "system"}}\nYou classify reviews.\n{{role "user"}}\nReview: {{review}}\nSentiment:\n',
  history: '{{role "system"}}\nYou are helpful.\n{{history}}\n{{role "user"}}\n{{question}}\n',
  'each input': 'Here: {{#each items}}\n{{this}}\n{{/each}}',
  'if block': 'Summarize the text.\n\nText: {{text}}\n{{#if notes}}\nNotes:\n{{notes}}\n{{/if}}\n',
  'fenced input': 'Summarize the email below.\n\nEmail:\n"""\n{{email}}\n"""\n',
  'introduced input': 'Classify the sentiment of this review:\n\n{{review}}',
  'inline variables only': 'Write a haiku about {{topic}}. The mood is {{mood}}.',
  'no variable': 'Name a colour.',
  'multi-turn': '{{role "user"}}\nHi.\n{{role "model"}}\nHello!\n{{role "user"}}\nQuestion: {{question}}\n',
  'partial in the system message': '{{role "system"}}\nBe kind. {{> style}}\n\n{{role "user"}}\n{{input}}\n',
};

const STARTERS = Object.fromEntries(
  Object.entries(INIT_FILES)
    .filter(([file]) => file.endsWith('.prompt') && !file.includes('/_'))
    .map(([file, content]) => [file, splitFrontMatter(content, file).body]),
);

const CONFORMANCE = Object.fromEntries(
  (
    JSON.parse(
      readFileSync(new URL('../fixtures/dotprompt-conformance-templates.json', import.meta.url), 'utf8'),
    ) as { templates: { source: string; name: string; template: string }[] }
  ).templates.map(({ source, name, template }) => [
    `${source} ${name}`,
    splitFrontMatter(template, name).body,
  ]),
);

const ALL = { ...EDGE_CASES, ...STARTERS, ...CONFORMANCE };

/** Every application the catalogue can make: each technique in each phrasing (few-shot with demonstrations). */
function applications(body: string): Array<[string, string]> {
  return TECHNIQUES.flatMap((technique) =>
    technique.phrasings.map((_, index): [string, string] => [
      `${technique.id} #${index + 1}`,
      technique.apply(body, { phrasing: index + 1, demonstrations: DEMOS }),
    ]),
  );
}

/**
 * True when every non-blank line of `original` is a line of `edited`, in order (blank lines are
 * spacing; delimiters may split a labelled line into its label and its placeholder).
 */
function keepsLines(original: string, edited: string, delimiters: boolean): boolean {
  const lines = edited.split('\n');
  let at = 0;
  for (const line of original.split('\n').filter((entry) => entry.trim() !== '')) {
    const parts = delimiters ? splitLabel(line) : [line];
    for (const part of parts) {
      while (at < lines.length && lines[at]!.trim() !== part.trim()) at++;
      if (at === lines.length) return false;
      at++;
    }
  }
  return true;
}

function splitLabel(line: string): string[] {
  const match = /^(\s*[^{}\n]{1,40}:)\s*(\{\{\s*[\w.]+\s*\}\})\s*$/.exec(line);
  return match ? [match[1]!, match[2]!] : [line];
}

describe('where additions go', () => {
  it.each(Object.entries(ALL))('keeps every line of %s, in order, and every block whole', (_, body) => {
    const blocks = blockRanges(body).map(([from, to]) => body.slice(from, to));
    for (const [label, edited] of applications(body)) {
      expect(keepsLines(body, edited, label.startsWith('delimiters')), label).toBe(true);
      for (const block of blocks) expect(edited, label).toContain(block);
      // Applying again changes nothing.
      const [id, number] = label.split(' #');
      expect(
        getTechnique(id!).apply(edited, { phrasing: Number(number), demonstrations: DEMOS }),
        label,
      ).toBe(edited);
    }
  });

  it('puts instructions before the input when nothing precedes it, never after it', () => {
    const format = getTechnique('output-format');
    expect(format.apply('Label: {{input}}\n', { phrasing: 2 })).toBe(
      'Answer with only the final answer, and nothing else.\n\nLabel: {{input}}\n',
    );
    expect(format.apply('{{input}}')).toBe(
      'Output format: only the answer, with no preamble or explanation.\n\n{{input}}',
    );
    expect(getTechnique('chain-of-thought').apply('{{input}}\n\nClassify the text above.')).toBe(
      'Think step by step, then give your final answer.\n\n{{input}}\n\nClassify the text above.',
    );
  });

  it('puts instructions after the other instructions, before the input and its label or fence', () => {
    const check = getTechnique('self-check');
    expect(check.apply(EDGE_CASES['fenced input']!)).toBe(
      'Summarize the email below.\n\nBefore answering, check your answer against the instructions and correct any mistake.\n\nEmail:\n"""\n{{email}}\n"""\n',
    );
    expect(check.apply(EDGE_CASES['introduced input']!, { phrasing: 2 })).toBe(
      'Double-check your answer before you give it.\n\nClassify the sentiment of this review:\n\n{{review}}',
    );
    expect(check.apply(EDGE_CASES['each input']!, { phrasing: 2 })).toBe(
      'Double-check your answer before you give it.\n\nHere: {{#each items}}\n{{this}}\n{{/each}}',
    );
  });

  it('puts instructions at the end of the system message when there is one', () => {
    const format = getTechnique('output-format');
    expect(format.apply(EDGE_CASES['system + user']!)).toBe(
      '{{role "system"}}\nYou classify reviews.\n\nOutput format: only the answer, with no preamble or explanation.\n{{role "user"}}\nReview: {{review}}\nSentiment:\n',
    );
    expect(getTechnique('constraints').apply(EDGE_CASES.history!, { phrasing: 3 })).toBe(
      '{{role "system"}}\nYou are helpful.\n\nRespect these limits: keep the answer under 100 words; use only information given in the input; say so when it is not enough.\n{{history}}\n{{role "user"}}\n{{question}}\n',
    );
    expect(format.apply(EDGE_CASES['partial in the system message']!)).toBe(
      '{{role "system"}}\nBe kind. {{> style}}\n\nOutput format: only the answer, with no preamble or explanation.\n\n{{role "user"}}\n{{input}}\n',
    );
  });

  it('with no input slot, puts instructions at the end of the request', () => {
    expect(getTechnique('self-check').apply(EDGE_CASES['inline variables only']!, { phrasing: 2 })).toBe(
      'Write a haiku about {{topic}}. The mood is {{mood}}.\n\nDouble-check your answer before you give it.',
    );
  });

  it('puts demonstrations right before the final input, after the instructions', () => {
    const fewShot = getTechnique('few-shot');
    expect(fewShot.apply('Label: {{input}}\n', { demonstrations: DEMOS })).toBe(
      'Examples:\n\nInput: Great phone\nOutput: positive\n\nInput: Broke in a week\nOutput: negative\n\nLabel: {{input}}\n',
    );
    expect(fewShot.apply(EDGE_CASES['multi-turn']!, { demonstrations: DEMOS.slice(0, 1), phrasing: 2 })).toBe(
      '{{role "user"}}\nHi.\n{{role "model"}}\nHello!\n{{role "user"}}\nHere are some examples:\n\nInput: Great phone\nOutput: positive\n\nQuestion: {{question}}\n',
    );
    expect(fewShot.apply(EDGE_CASES.history!, { demonstrations: DEMOS.slice(0, 1) })).toBe(
      '{{role "system"}}\nYou are helpful.\n{{history}}\n{{role "user"}}\nExamples:\n\nInput: Great phone\nOutput: positive\n\n{{question}}\n',
    );
    // An instruction added afterwards goes above the demonstrations.
    const withDemos = fewShot.apply('Classify it.\n\n{{input}}', { demonstrations: DEMOS.slice(0, 1) });
    expect(getTechnique('chain-of-thought').apply(withDemos, { phrasing: 2 })).toBe(
      "Classify it.\n\nLet's think step by step.\n\nExamples:\n\nInput: Great phone\nOutput: positive\n\n{{input}}",
    );
  });

  it("writes demonstrations in the prompt's own labels when its input has a label and an answer cue", () => {
    const body = EDGE_CASES['system + user']!;
    const applied = getTechnique('few-shot').apply(body, { demonstrations: DEMOS });
    expect(applied).toBe(
      '{{role "system"}}\nYou classify reviews.\n{{role "user"}}\nExamples:\n\nReview: Great phone\nSentiment: positive\n\nReview: Broke in a week\nSentiment: negative\n\nReview: {{review}}\nSentiment:\n',
    );
    // Read back (so detected, and counted by the sim) even with the real input rendered after them.
    expect(parseDemonstrations(applied.replace('{{review}}', 'Loud fan'))).toEqual(DEMOS);
  });

  it('cuts the template into whole-line units and messages', () => {
    const layout = layoutOf(EDGE_CASES['if block']!);
    expect(layout.units.map((unit) => unit.kind)).toEqual(['text', 'blank', 'input', 'input']);
    expect(layout.units[3]).toMatchObject({ start: 3, end: 7 });
    const messages = layoutOf(EDGE_CASES['multi-turn']!).sections.map((section) => section.role);
    expect(messages).toEqual(['user', 'model', 'user']);
  });
});
