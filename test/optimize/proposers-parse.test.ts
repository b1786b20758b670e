import { describe, expect, it } from 'vitest';
import { checkRange } from '../../src/optimize/proposers/check-range.ts';
import { composeBody } from '../../src/optimize/proposers/compose-body.ts';
import { displayScore } from '../../src/optimize/proposers/opro.ts';
import { looksLikePrompt, parseProposals } from '../../src/optimize/proposers/parse-proposals.ts';
import { repairPlaceholders } from '../../src/optimize/proposers/repair-placeholders.ts';
import { sampleItems } from '../../src/optimize/proposers/sample-items.ts';
import { taggedBlocks } from '../../src/optimize/proposers/tagged-blocks.ts';
import { templateTags, templateUnits } from '../../src/optimize/proposers/template-tags.ts';
import { PlumeError } from '../../src/util/errors.ts';

const REVIEW = [
  'You are a careful classifier.',
  'Classify the sentiment of the review.',
  '',
  'Review: {{review}}',
  '{{#if language}}Language: {{language}}{{/if}}',
  '',
  'Answer positive or negative.',
].join('\n');

describe('templateTags and templateUnits', () => {
  it('classifies tags, pairs blocks and ignores spacing, tildes and triple braces in keys', () => {
    const tags = templateTags(
      '{{ name }} {{{name}}} {{~name~}} {{#each items}}{{this}}{{else}}none{{/each}} {{! note}} {{> footer}}',
    );
    expect(tags.map((tag) => tag.kind)).toEqual([
      'value',
      'value',
      'value',
      'open',
      'value',
      'else',
      'close',
      'comment',
      'partial',
    ]);
    expect(new Set(tags.slice(0, 3).map((tag) => tag.key))).toEqual(new Set(['name']));
    expect(tags[3]!.match).toBe(6);
    expect(tags[6]!.match).toBe(3);
  });

  it('makes a whole block one unit and leaves unpaired block tags out', () => {
    const units = templateUnits('A {{a}} {{#if b}}B {{b}}{{/if}} {{/each}} {{#with c}} {{d}}');
    expect(units.map((unit) => unit.text)).toEqual(['{{a}}', '{{#if b}}B {{b}}{{/if}}', '{{d}}']);
  });

  it('skips an escaped tag', () => {
    expect(templateTags('literal \\{{not}} but {{yes}}').map((tag) => tag.key)).toEqual(['yes']);
  });
});

describe('repairPlaceholders', () => {
  it('appends missing placeholders and blocks in the original order', () => {
    const repaired = repairPlaceholders('Tell me how the review feels.', REVIEW);
    expect(repaired).toEqual({
      body: 'Tell me how the review feels.\n\n{{review}}\n\n{{#if language}}Language: {{language}}{{/if}}',
      added: 2,
      removed: 0,
    });
  });

  it('removes placeholders, helpers and blocks the original lacks, keeping block text', () => {
    const repaired = repairPlaceholders(
      'Review: {{ review }} in {{locale}} {{#each hints}}hint{{/each}} {{role "system"}}{{#if language}}({{language}}){{/if}}',
      REVIEW,
    );
    expect(repaired.body).toBe('Review: {{ review }} in  hint {{#if language}}({{language}}){{/if}}');
    expect(repaired).toMatchObject({ added: 0, removed: 4 });
  });

  it('removes unpaired block tags and an else outside any block, then re-adds the block', () => {
    const repaired = repairPlaceholders('{{review}} {{#if language}} {{else}} {{/unless}}', REVIEW);
    expect(repaired.body).toBe('{{review}}\n\n{{#if language}}Language: {{language}}{{/if}}');
    expect(repaired).toMatchObject({ added: 1, removed: 3 });
  });

  it('keeps comments and leaves a complete candidate alone', () => {
    const candidate = '{{! why }}Judge {{review}}. {{#if language}}In {{language}}.{{/if}}';
    expect(repairPlaceholders(candidate, REVIEW)).toEqual({ body: candidate, added: 0, removed: 0 });
  });
});

describe('composeBody', () => {
  it('replaces the instruction lines and keeps the lines holding tags', () => {
    expect(composeBody('Say whether the review is happy or sad.', REVIEW)).toBe(
      'Say whether the review is happy or sad.\n\nReview: {{review}}\n{{#if language}}Language: {{language}}{{/if}}',
    );
  });

  it('keeps tag lines before the first instruction line in front of it', () => {
    const original = '{{role "system"}}\nBe brief.\n\n{{role "user"}}\n{{text}}';
    expect(composeBody('Summarize.', original)).toBe(
      '{{role "system"}}\n\nSummarize.\n\n{{role "user"}}\n{{text}}',
    );
  });

  it('keeps a block spanning lines whole', () => {
    const original =
      'Answer the question.\n{{#each shots}}\nQ: {{this.q}}\nA: {{this.a}}\n{{/each}}\nQ: {{question}}';
    expect(composeBody('Reply correctly.', original)).toBe(
      'Reply correctly.\n\n{{#each shots}}\nQ: {{this.q}}\nA: {{this.a}}\n{{/each}}\nQ: {{question}}',
    );
  });

  it('appends the placeholders when instruction and input share every line', () => {
    expect(composeBody('Put it in French.', 'Translate {{text}} into {{language}}.')).toBe(
      'Put it in French.\n\n{{text}}\n\n{{language}}',
    );
  });

  it('keeps an original that is all structure whole, the instruction placed as the catalogue places one', () => {
    expect(
      composeBody(
        'Classify the review.',
        '{{role "system"}}\n{{> style}}\n{{role "user"}}\nReview: {{review}}\n',
      ),
    ).toBe('{{role "system"}}\n{{> style}}\n\nClassify the review.\n{{role "user"}}\nReview: {{review}}\n');
    expect(composeBody('Classify the review.', 'Label: {{input}}\n')).toBe(
      'Classify the review.\n\nLabel: {{input}}\n',
    );
  });

  it('keeps an instruction that already holds tags whole, dropping foreign ones', () => {
    expect(composeBody('Rate {{review}} {{stars}}', REVIEW)).toBe(
      'Rate {{review}}\n\n{{#if language}}Language: {{language}}{{/if}}',
    );
  });

  it('gives the instruction alone for an original without tags', () => {
    expect(composeBody('  Be nice. {{x}} ', 'Be kind.')).toBe('Be nice.');
  });
});

describe('taggedBlocks', () => {
  it('finds several blocks in any case', () => {
    expect(taggedBlocks('a <prompt> one </prompt> b <PROMPT>two</Prompt>', 'prompt')).toEqual(['one', 'two']);
  });

  it('takes the rest of a cut-off answer when no block is closed', () => {
    expect(taggedBlocks('Sure: <prompt>half a prom', 'prompt')).toEqual(['half a prom']);
    expect(taggedBlocks('nothing tagged', 'prompt')).toEqual([]);
  });

  it('reads an answer that starts inside an opened block', () => {
    expect(taggedBlocks('Write a poem.</prompt> and more', 'prompt', { opened: true })).toEqual([
      'Write a poem.',
    ]);
    expect(taggedBlocks('Write a poem.', 'prompt', { opened: true })).toEqual(['Write a poem.']);
    expect(taggedBlocks('x <prompt>B</prompt>', 'prompt', { opened: true })).toEqual(['B']);
  });
});

describe('parseProposals', () => {
  const original = 'Classify: {{review}}';

  it('repairs, trims and drops empties, duplicates, the original and known bodies', () => {
    const parsed = parseProposals(
      [
        '<prompt>  Judge {{review}} </prompt><prompt>Judge   {{review}}</prompt><prompt> </prompt>',
        '<prompt>Classify: {{review}}</prompt><prompt>Old one {{review}}</prompt><prompt>Rate it</prompt>',
      ],
      { original, known: ['Old one {{review}}'] },
    );
    expect(parsed).toEqual({
      candidates: ['Judge {{review}}', 'Rate it\n\n{{review}}'],
      repaired: 1,
      dropped: 4,
    });
  });

  it('falls back to an untagged answer that looks like a prompt, without its label or fence', () => {
    expect(parseProposals('New prompt: Decide the mood of {{review}}', { original }).candidates).toEqual([
      'Decide the mood of {{review}}',
    ]);
    expect(parseProposals('```\nDecide the mood of {{review}}\n```', { original }).candidates).toEqual([
      'Decide the mood of {{review}}',
    ]);
    expect(parseProposals('"Decide the mood of {{review}}"', { original }).candidates).toEqual([
      'Decide the mood of {{review}}',
    ]);
  });

  it('returns nothing for junk, refusals and answers with broken tags', () => {
    for (const junk of [
      '',
      '   ',
      'ok',
      "I'm sorry, I can't help with that.",
      '</prompt>',
      '<prompt></prompt>',
    ]) {
      expect(parseProposals(junk, { original }).candidates).toEqual([]);
    }
  });

  it('stops at the limit, counting the rest as dropped', () => {
    const parsed = parseProposals(
      '<prompt>A {{review}}</prompt><prompt>B {{review}}</prompt><prompt>C {{review}}</prompt>',
      {
        original,
        limit: 2,
      },
    );
    expect(parsed).toMatchObject({ candidates: ['A {{review}}', 'B {{review}}'], dropped: 1 });
  });

  it('composes bare instructions with the original instead of repairing them', () => {
    const parsed = parseProposals('Find the feeling.</prompt>', {
      original: REVIEW,
      opened: true,
      instructions: true,
    });
    expect(parsed.candidates).toEqual([
      'Find the feeling.\n\nReview: {{review}}\n{{#if language}}Language: {{language}}{{/if}}',
    ]);
  });

  it('tells prompts from scraps', () => {
    expect(looksLikePrompt('Summarize the text')).toBe(true);
    expect(looksLikePrompt('two words')).toBe(false);
    expect(looksLikePrompt('As an AI language model I cannot')).toBe(false);
  });
});

describe('helpers', () => {
  it('samples the same items for the same seed, in their original order', () => {
    const items = Array.from({ length: 30 }, (_, index) => index);
    const first = sampleItems(items, 5, 7);
    expect(sampleItems(items, 5, 7)).toEqual(first);
    expect(first).toHaveLength(5);
    expect([...first].sort((left, right) => left - right)).toEqual(first);
    expect(new Set(first).size).toBe(5);
    expect(sampleItems(items, 5, 8)).not.toEqual(first);
    expect(sampleItems([1, 2], 5, 7)).toEqual([1, 2]);
  });

  it('shows scores as whole numbers from 0 to 100', () => {
    expect([0.456, 1, 0, 1.7, -1, Number.NaN].map(displayScore)).toEqual([46, 100, 0, 100, 0, 0]);
  });

  it('rejects a count outside its range as a user error', () => {
    expect(checkRange('count', 20, 1, 20)).toBe(20);
    for (const bad of [0, 21, 2.5, Number.NaN]) {
      const error = (() => {
        try {
          checkRange('count', bad, 1, 20);
        } catch (caught) {
          return caught;
        }
      })();
      expect(error).toBeInstanceOf(PlumeError);
      expect(error).toMatchObject({ code: 'USAGE', category: 'user' });
    }
  });
});
