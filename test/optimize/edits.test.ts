import { describe, expect, it } from 'vitest';
import { detectTechniques, getTechnique } from '../../src/library/techniques/catalogue.ts';
import { additionKey, EDIT_OPERATIONS, type EditOperation } from '../../src/optimize/edits/edit.ts';
import { proposeEdits } from '../../src/optimize/edits/propose-edits.ts';
import { splitPhrases } from '../../src/optimize/edits/split-phrases.ts';
import { spreadAdditions, techniqueAdditions } from '../../src/optimize/edits/technique-additions.ts';
import { synonyms } from '../../src/util/wordnet.ts';

/** mulberry32: a tiny seeded generator of draws in [0, 1). */
function seeded(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let value = Math.imul(state ^ (state >>> 15), state | 1);
    value ^= value + Math.imul(value ^ (value >>> 7), value | 61);
    return ((value ^ (value >>> 14)) >>> 0) / 4294967296;
  };
}

const BODY = `{{role "system"}}
You are a careful support agent. Classify the ticket by urgency, then give a short reason.
Use the customer's own words when possible; never invent facts.

1. Read the ticket.
2. Decide the urgency.

Examples:

Input: Site is down
Output: high

{{#if notes}}
Notes: keep them in mind. {{notes}}
{{/if}}
{{role "user"}}
Ticket: {{ticket}}
`;

const TAGS = [...BODY.matchAll(/\{\{[^}]*\}\}/g)].map((match) => match[0]);

describe('synonyms', () => {
  it('finds the synonyms of a word in WordNet, most frequent sense first', async () => {
    const happy = await synonyms('happy');
    expect(happy.some((word) => word === 'felicitous' || word === 'glad')).toBe(true);
    expect(happy).not.toContain('happy');
    expect(await synonyms('Summarize')).toEqual(expect.arrayContaining(['sum up', 'summarise']));
  });

  it('looks up one part of speech when told', async () => {
    expect(await synonyms('answer', 'noun')).toContain('response');
    expect(await synonyms('answer', 'noun')).not.toContain('respond');
    expect(await synonyms('answer', 'verb')).toContain('respond');
  });

  it('gives nothing for an unknown word, an empty one, or one with odd characters', async () => {
    expect(await synonyms('qwxzzv')).toEqual([]);
    expect(await synonyms('')).toEqual([]);
    expect(await synonyms('{{ticket}}')).toEqual([]);
  });

  it('finds the first and the last lemma of an index file', async () => {
    // The binary search must reach both ends of the sorted index files, past the licence lines.
    expect(await synonyms("'tween")).toEqual(['between']);
    expect(await synonyms("'s Gravenhage")).toEqual(['the hague', 'den haag']);
    expect(await synonyms('Zyrian')).toEqual(['komi']);
  });
});

describe('splitPhrases', () => {
  const phrases = splitPhrases(BODY);

  it('splits lines into sentences and clauses, with offsets into the body', () => {
    expect(phrases.map((phrase) => phrase.text)).toEqual([
      'You are a careful support agent.',
      'Classify the ticket by urgency,',
      'then give a short reason.',
      "Use the customer's own words when possible;",
      'never invent facts.',
      'Read the ticket.',
      'Decide the urgency.',
      'Ticket: {{ticket}}',
    ]);
    for (const phrase of phrases) expect(BODY.slice(phrase.start, phrase.end)).toBe(phrase.text);
  });

  it('keeps placeholders whole and leaves tags, blocks and demonstrations out', () => {
    for (const match of BODY.matchAll(/\{\{[^}]*\}\}/g)) {
      const end = match.index + match[0].length;
      const cut = phrases.some(
        (phrase) =>
          (phrase.start > match.index && phrase.start < end) ||
          (phrase.end > match.index && phrase.end < end),
      );
      expect(cut, match[0]).toBe(false);
    }
    expect(phrases.find((phrase) => phrase.text.includes('{{ticket}}'))?.hasPlaceholder).toBe(true);
    expect(phrases.some((phrase) => /Notes|Site is down|Examples/.test(phrase.text))).toBe(false);
  });

  it('does not cut after an abbreviation or inside a placeholder', () => {
    const texts = splitPhrases('List fruits, e.g. apples. Then {{ a.b }} stop.').map((phrase) => phrase.text);
    expect(texts).toEqual(['List fruits, e.g. apples.', 'Then {{ a.b }} stop.']);
  });
  it('keeps a heading that introduces a list out of the edits', () => {
    const body = 'Be brief.\nConstraints:\n- Keep the answer short.\n\n{{input}}';
    const texts = splitPhrases(body).map((phrase) => phrase.text);
    expect(texts).toEqual(['Be brief.', 'Keep the answer short.']);
  });
});

describe('proposeEdits', () => {
  it.each(EDIT_OPERATIONS)('makes valid %s edits: distinct, changed, every tag kept', async (operation) => {
    const edits = await proposeEdits(BODY, { random: seeded(7), count: 5, operations: [operation] });
    expect(edits.length).toBeGreaterThan(0);
    expect(new Set(edits.map((edit) => edit.body)).size).toBe(edits.length);
    for (const edit of edits) {
      expect(edit.operation).toBe(operation);
      expect(edit.body).not.toBe(BODY);
      expect(edit.description.startsWith(`${operation}: `)).toBe(true);
      for (const tag of TAGS) expect(edit.body).toContain(tag);
      // Demonstrations and blocks are never touched.
      expect(edit.body).toContain('Input: Site is down\nOutput: high');
      expect(edit.body).toContain('{{#if notes}}\nNotes: keep them in mind. {{notes}}\n{{/if}}');
    }
  });

  it('deletes a phrase with its spacing and repairs the punctuation', async () => {
    const edits = await proposeEdits('Read it, then answer. Be brief.\n\nText: {{text}}', {
      random: seeded(3),
      count: 10,
      operations: ['delete'],
    });
    expect(edits.map((edit) => edit.body).sort()).toEqual([
      'Read it, then answer.\n\nText: {{text}}',
      'Read it. Be brief.\n\nText: {{text}}',
      'Then answer. Be brief.\n\nText: {{text}}',
    ]);
  });

  it('swaps two phrases, each place keeping its punctuation and first-letter case', async () => {
    const edits = await proposeEdits('Keep the dates, but drop greetings.\n\n{{email}}', {
      random: seeded(1),
      count: 3,
      operations: ['swap'],
    });
    expect(edits.map((edit) => edit.body)).toEqual(['But drop greetings, keep the dates.\n\n{{email}}']);
    expect(edits[0]!.description).toBe("swap: 'Keep the dates,' ↔ 'but drop greetings.'");
  });

  it('deletes a whole line without leaving a doubled blank line', async () => {
    const edits = await proposeEdits('Intro.\n\nBe brief.\n\nText: {{text}}\n', {
      random: seeded(5),
      count: 5,
      operations: ['delete'],
    });
    expect(edits.map((edit) => edit.body).sort()).toEqual([
      'Be brief.\n\nText: {{text}}\n',
      'Intro.\n\nText: {{text}}\n',
    ]);
  });

  it('paraphrases one word, keeping its capital and fixing its article', async () => {
    const edits = await proposeEdits('Classify the ticket.\n\n{{ticket}}', {
      random: seeded(11),
      count: 6,
      operations: ['paraphrase'],
    });
    expect(edits.length).toBeGreaterThan(1);
    for (const edit of edits) {
      const [, from, to] = /^paraphrase: '(.+)' → '(.+)'$/.exec(edit.description)!;
      expect(edit.body).toBe(`Classify the ticket.\n\n{{ticket}}`.replace(from!, to!));
      if (from === 'Classify') expect(to).toMatch(/^[A-Z]/);
    }
    const article = await proposeEdits('Write a reply.', {
      random: seeded(2),
      count: 8,
      operations: ['paraphrase'],
    });
    for (const edit of article) expect(edit.body).not.toMatch(/\ba [aeiou]/i);
  });

  it('adds a technique the body does not use yet', async () => {
    const edits = await proposeEdits(BODY, { random: seeded(1), count: 4, operations: ['add'] });
    const before = detectTechniques(BODY);
    for (const edit of edits) {
      const [, id, phrasing, count] = /^add: ([a-z-]+), phrasing (\d+) of (\d+) \('.+'\)$/.exec(
        edit.description,
      )!;
      expect(before).not.toContain(id);
      expect(detectTechniques(edit.body)).toContain(id);
      expect(Number(phrasing)).toBeLessThanOrEqual(Number(count));
      expect(getTechnique(id!).apply(BODY, { phrasing: Number(phrasing) })).toBe(edit.body);
    }
  });

  it('is deterministic for a seeded random, and differs across seeds', async () => {
    const run = (seed: number) => proposeEdits(BODY, { random: seeded(seed), count: 12 });
    const [first, again, other] = await Promise.all([run(42), run(42), run(43)]);
    expect(first).toEqual(again);
    expect(first).toHaveLength(12);
    expect(first).not.toEqual(other);
    const operations = new Set<EditOperation>(first.map((edit) => edit.operation));
    expect(operations.size).toBeGreaterThan(2);
  });

  it('gives fewer edits when the body allows few, and none for a count of 0', async () => {
    expect(
      await proposeEdits('{{text}}', { random: seeded(1), count: 5, operations: ['delete', 'swap'] }),
    ).toEqual([]);
    expect(await proposeEdits(BODY, { random: seeded(1), count: 0 })).toEqual([]);
    await expect(proposeEdits(BODY, { random: seeded(1), count: 1.5 })).rejects.toThrow(/whole count/);
  });

  it('draws additions the search has not raced yet first, then any', async () => {
    const additions = techniqueAdditions('Label: {{input}}\n');
    const left = additions.find(
      (addition) => addition.technique === 'output-format' && addition.phrasing === 4,
    )!;
    const tried = new Set(additions.filter((addition) => addition !== left).map(additionKey));
    const edits = await proposeEdits('Label: {{input}}\n', {
      random: seeded(9),
      count: 3,
      operations: ['add'],
      triedAdditions: tried,
    });
    expect(edits[0]!.body).toBe(left.body);
    expect(edits[0]!.addition).toEqual({ technique: 'output-format', phrasing: 4 });
    expect(edits).toHaveLength(3);
  });
});

describe('techniqueAdditions', () => {
  it('offers every technique the body lacks in every phrasing, each body once', () => {
    const additions = techniqueAdditions('Label: {{input}}\n');
    const techniques = new Set(additions.map((addition) => addition.technique));
    expect(techniques.has('task-statement')).toBe(false); // "Label" opens with a task verb
    expect(techniques.has('few-shot')).toBe(false);
    expect(additions.filter((addition) => addition.technique === 'output-format')).toHaveLength(5);
    expect(new Set(additions.map((addition) => addition.body)).size).toBe(additions.length);
    expect(additions.find((addition) => addition.technique === 'role')!.description).toBe(
      "add: role, phrasing 1 of 4 ('You are an expert assistant.')",
    );
  });

  it('spreads a sample over the techniques: every first pick before any second', () => {
    const additions = techniqueAdditions('Label: {{input}}\n');
    const techniques = new Set(additions.map((addition) => addition.technique)).size;
    const picked = spreadAdditions(additions, techniques + 2, seeded(4));
    expect(new Set(picked.map((addition) => addition.technique)).size).toBe(techniques);
    expect(spreadAdditions(additions, 1000, seeded(4))).toEqual(additions);
  });
});
