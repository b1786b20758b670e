import { describe, expect, it } from 'vitest';
import { detectTechniques, getTechnique, TECHNIQUES } from '../../src/library/techniques/catalogue.ts';
import type { TechniqueId } from '../../src/library/techniques/technique.ts';
import { isPlumeError } from '../../src/util/errors.ts';

const DEMONSTRATIONS = [
  { input: 'Arrived broken and support never answered.', output: 'negative' },
  { input: 'Does exactly what it says, and fast.', output: 'positive' },
];

const BODIES = [
  'Summarize this support ticket for the on-call engineer:\n\n{{ticket}}\n',
  '{{role "system"}}\nHere is a ticket.\n{{role "user"}}\nTicket: {{ticket}}',
  '{{role "user"}}\n{{question}}',
  'Here is the material.\n\nMaterial:\n{{material}}\n\n{{#if notes}}\nNotes:\n{{notes}}\n{{/if}}\n',
  'Here: {{#each items}}\n{{this}}\n{{/each}}',
];

function placeholders(body: string): string[] {
  return [...body.matchAll(/\{\{[^}]*\}\}/g)]
    .map((match) => match[0])
    .filter((tag) => !tag.startsWith('{{role'))
    .sort();
}

describe('the technique catalogue', () => {
  it('lists the ten techniques in the order of TechniqueId', () => {
    expect(TECHNIQUES.map((technique) => technique.id)).toEqual([
      'role',
      'task-statement',
      'output-format',
      'delimiters',
      'few-shot',
      'chain-of-thought',
      'step-decomposition',
      'self-check',
      'constraints',
      'audience-tone',
    ]);
    for (const technique of TECHNIQUES) {
      expect(technique.name.length).toBeGreaterThan(3);
      expect(technique.explanation).toMatch(/learnprompting\.org/);
    }
  });

  it('finds a technique by id, and names the known ids for an unknown one', () => {
    expect(getTechnique('few-shot').name).toBe('Few-shot examples');
    try {
      getTechnique('fewshot');
      expect.unreachable();
    } catch (error) {
      expect(isPlumeError(error) && error.category).toBe('user');
      expect((error as Error).message).toContain("'fewshot'");
      expect(isPlumeError(error) && error.hint).toMatch(/did you mean 'few-shot'\?.*role, task-statement/);
    }
  });

  it("has examples whose 'before' lacks the technique and whose 'after' has it", () => {
    for (const technique of TECHNIQUES) {
      expect(technique.detect(technique.example.before), technique.id).toBe(false);
      expect(technique.detect(technique.example.after), technique.id).toBe(true);
    }
  });

  it('applies each technique idempotently, keeping every placeholder', () => {
    for (const technique of TECHNIQUES) {
      for (const body of BODIES) {
        const applied = technique.apply(body, { demonstrations: DEMONSTRATIONS });
        const label = `${technique.id} on ${JSON.stringify(body)}`;
        expect(technique.apply(applied, { demonstrations: DEMONSTRATIONS }), label).toBe(applied);
        expect(placeholders(applied), label).toEqual(placeholders(body));
        if (applied !== body) expect(technique.detect(applied), label).toBe(true);
      }
    }
  });

  it('offers 3 to 6 distinct phrasings per technique, each detected once applied', () => {
    for (const technique of TECHNIQUES) {
      const texts = technique.phrasings.map((phrasing) =>
        phrasing.render({ demonstrations: DEMONSTRATIONS }),
      );
      expect(texts.length, technique.id).toBeGreaterThanOrEqual(3);
      expect(texts.length, technique.id).toBeLessThanOrEqual(6);
      expect(new Set(texts).size, technique.id).toBe(texts.length);
      for (const [index] of texts.entries()) {
        const applied = technique.apply(BODIES[0]!, { phrasing: index + 1, demonstrations: DEMONSTRATIONS });
        expect(technique.detect(applied), `${technique.id} #${index + 1}`).toBe(true);
      }
    }
    expect(() => getTechnique('role').apply('Hi {{x}}', { phrasing: 0 })).toThrow(/role has 4 phrasings/);
  });

  it('changes every body but delimiters on a body with no input line', () => {
    for (const technique of TECHNIQUES) {
      for (const body of BODIES) {
        const unchanged = technique.apply(body, { demonstrations: DEMONSTRATIONS }) === body;
        const expected = technique.detect(body) || (technique.id === 'delimiters' && body === BODIES[4]);
        expect(unchanged, `${technique.id} on ${JSON.stringify(body)}`).toBe(expected);
      }
    }
  });
});

describe('detecting techniques', () => {
  const cases: Array<[string, TechniqueId]> = [
    ['You are a meticulous editor.', 'role'],
    ["you're the support lead on call", 'role'],
    ['Act as a travel agent.', 'role'],
    ['Your job is to sort the mail.', 'task-statement'],
    ['Classify the review below.', 'task-statement'],
    ['I want you to label each line.', 'task-statement'],
    ['Respond with only the label.', 'output-format'],
    ['Return a JSON object with keys a and b.', 'output-format'],
    ['Format: a bullet list', 'output-format'],
    ['Text:\n"""\n{{text}}\n"""', 'delimiters'],
    ['<email>{{email}}</email>', 'delimiters'],
    ['```\n{{code}}\n```', 'delimiters'],
    ['Input: good\nOutput: positive', 'few-shot'],
    ["Let's think step by step.", 'chain-of-thought'],
    ['Think it through before you answer.', 'chain-of-thought'],
    ['Explain your reasoning, then answer.', 'chain-of-thought'],
    ['1. Read the ticket.\n2. Pick a team.', 'step-decomposition'],
    ['First read the text, then list the names.', 'step-decomposition'],
    ['Double-check the totals.', 'self-check'],
    ['Verify that every name appears in the text.', 'self-check'],
    ['Use at most 50 words.', 'constraints'],
    ["Don't mention prices.", 'constraints'],
    ['Explain it for a beginner.', 'audience-tone'],
    ['Keep a warm tone.', 'audience-tone'],
  ];
  it.each(cases)('%j uses %s', (body, id) => {
    expect(detectTechniques(body)).toContain(id);
  });

  it('finds nothing in a bare request and ignores role markers', () => {
    expect(detectTechniques('{{role "user"}}\nHere is a ticket: {{ticket}}')).toEqual([]);
  });
});

describe('applying techniques', () => {
  it('puts a role sentence after a leading system marker, or in a new system section', () => {
    const role = getTechnique('role');
    expect(role.apply('{{role "system"}}\nSort tickets.\n{{role "user"}}\n{{ticket}}')).toBe(
      '{{role "system"}}\nYou are an expert assistant.\n\nSort tickets.\n{{role "user"}}\n{{ticket}}',
    );
    expect(role.apply('{{role "user"}}\n{{ticket}}', { role: 'editor' })).toBe(
      '{{role "system"}}\nYou are an editor.\n\n{{role "user"}}\n{{ticket}}',
    );
  });

  it('states the task after a role sentence', () => {
    const task = getTechnique('task-statement');
    expect(task.apply('You are an editor.\nHere is the text: {{text}}', { task: 'Fix the spelling' })).toBe(
      'You are an editor.\n\nYour task: fix the spelling.\n\nHere is the text: {{text}}',
    );
    expect(task.apply('You are an editor.\n')).toBe(
      'You are an editor.\n\nYour task: complete the request below accurately and completely.\n',
    );
  });

  it('wraps input lines in triple quotes, never inside a block', () => {
    const delimiters = getTechnique('delimiters');
    const body = 'Summarize.\n\nEmail: {{email}}\n{{#if notes}}\n{{notes}}\n{{/if}}';
    expect(delimiters.apply(body)).toBe(
      'Summarize.\n\nEmail:\n"""\n{{email}}\n"""\n{{#if notes}}\n{{notes}}\n{{/if}}',
    );
    expect(delimiters.apply('Summarize {{email}} now.')).toBe('Summarize {{email}} now.');
  });

  it('places demonstrations before the input, and changes nothing without them', () => {
    const fewShot = getTechnique('few-shot');
    const body = 'Classify the sentiment.\n\n{{review}}';
    expect(fewShot.apply(body)).toBe(body);
    expect(fewShot.apply(body, { demonstrations: DEMONSTRATIONS.slice(0, 1) })).toBe(
      'Classify the sentiment.\n\nExamples:\n\nInput: Arrived broken and support never answered.\nOutput: negative\n\n{{review}}',
    );
  });

  it('uses the given format, constraints, audience and tone', () => {
    expect(getTechnique('output-format').apply('Name a colour.', { format: 'one word' })).toBe(
      'Name a colour.\n\nOutput format: one word.',
    );
    expect(getTechnique('constraints').apply('Name a colour.', { constraints: ['no red'] })).toBe(
      'Name a colour.\n\nConstraints:\n- no red.',
    );
    expect(
      getTechnique('audience-tone').apply('Name a colour.', { audience: 'children', tone: 'upbeat' }),
    ).toBe('Name a colour.\n\nWrite for children, in an upbeat tone.');
  });
});
