import { asSentence, prependParagraph } from './body-text.ts';
import { chosenPhrasing } from './phrasing.ts';
import type { Technique, TechniqueOptions, TechniquePhrasing } from './technique.ts';

const DEFAULT_ROLE = 'an expert assistant';

const who = (options: TechniqueOptions) => withArticle(options.role ?? DEFAULT_ROLE);

const PHRASINGS: readonly TechniquePhrasing[] = [
  { name: 'you are', render: (o) => asSentence(`You are ${who(o)}`) },
  { name: 'act as', render: (o) => asSentence(`Act as ${who(o)}`) },
  { name: 'take on the role', render: (o) => asSentence(`Take on the role of ${who(o)}`) },
  {
    name: 'you are, careful',
    render: (o) => asSentence(`You are ${who(o)}, and you take care to get every detail right`),
  },
];

const ROLE_WORDING = [
  /\b(you are|you're)\s+(a|an|the|my|our)\s+\w/i,
  /\bact(ing)? as\s+(a|an|the)?\s*\w/i,
  /\b(pretend|imagine) (to be|you are)\b/i,
  /\b(your role is|take on the role|you will play|play the role|assume the role)\b/i,
  /\bpersona\b/i,
];

/** Role / persona: open the prompt by telling the model who it is. */
export const role: Technique = {
  id: 'role',
  name: 'Role / persona',
  summary: 'Tell the model who it is ("You are an experienced support agent").',
  explanation:
    'A role sentence at the top of the prompt sets the vocabulary, level of detail and point of view ' +
    'of the answer. It helps when the task calls for domain knowledge or a consistent voice (a lawyer, ' +
    'a tutor, a support agent). It does little on purely mechanical tasks, and an inflated role ' +
    '("the world\'s best...") can make answers longer and more confident without making them more ' +
    'correct. Taught by learnprompting.org ("Role Prompting") and in the OpenAI and Anthropic guides.',
  example: {
    before: 'Summarize this support ticket for the on-call engineer:\n\n{{ticket}}',
    after:
      'You are an experienced support agent.\n\nSummarize this support ticket for the on-call engineer:\n\n{{ticket}}',
  },
  phrasings: PHRASINGS,
  detect: (body) => ROLE_WORDING.some((pattern) => pattern.test(body)),
  apply(body, options = {}) {
    if (role.detect(body)) return body;
    return prependParagraph(body, chosenPhrasing(role, options).render(options));
  },
};

/** "support agent" → "a support agent"; leaves "an expert", "the editor", "my ..." as written. */
function withArticle(text: string): string {
  const trimmed = text.trim().replace(/[.]+$/, '');
  if (/^(a|an|the|my|our|your)\s/i.test(trimmed)) return trimmed;
  return `${/^[aeiou]/i.test(trimmed) ? 'an' : 'a'} ${trimmed}`;
}
