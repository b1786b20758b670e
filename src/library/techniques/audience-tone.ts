import { asSentence } from './body-text.ts';
import { chosenPhrasing } from './phrasing.ts';
import type { Technique, TechniqueOptions, TechniquePhrasing } from './technique.ts';
import { insertInstruction } from './template-layout.ts';

const DEFAULT_AUDIENCE = 'a general reader with no special background';
const DEFAULT_TONE = 'clear and friendly';

/** The audience and tone given, else the defaults; the tone without an article or "tone". */
function readerOf(options: TechniqueOptions): { audience: string; tone: string; article: string } {
  const audience = options.audience?.trim() || DEFAULT_AUDIENCE;
  const tone = (options.tone?.trim() || DEFAULT_TONE).replace(/^(a|an)\s+/i, '').replace(/\s+tone$/i, '');
  return { audience, tone, article: /^[aeiou]/i.test(tone) ? 'an' : 'a' };
}

const PHRASINGS: readonly TechniquePhrasing[] = [
  {
    name: 'write for',
    render(options) {
      const { audience, tone, article } = readerOf(options);
      return asSentence(`Write for ${audience}, in ${article} ${tone} tone`);
    },
  },
  {
    name: 'your reader',
    render(options) {
      const { audience, tone } = readerOf(options);
      return asSentence(`Your reader is ${audience}; keep the tone ${tone}`);
    },
  },
  {
    name: 'as you would explain it',
    render(options) {
      const { audience, tone, article } = readerOf(options);
      return asSentence(`Answer as you would to ${audience}, in ${article} ${tone} tone, avoiding jargon`);
    },
  },
];

const AUDIENCE_WORDING = [
  /\b(audience|readership|reading level)\b/i,
  /\b(write|explain|answer|respond)\b[^.\n]{0,40}\bfor (a |an |the )?(beginner|child|children|kid|expert|specialist|layperson|layman|non-?technical|general|novice|student|customer|executive)s?\b/i,
  /\b(explain|write) (it )?(like|as if)\b/i,
  /\btone\b/i,
  /\bin plain (english|language|words)\b/i,
];

/** Audience and tone: say who reads the answer and how it should sound. */
export const audienceTone: Technique = {
  id: 'audience-tone',
  name: 'Audience and tone',
  summary: 'Say who will read the answer and in what tone it is written.',
  explanation:
    'Naming the reader ("a customer with no technical background") and the tone ("warm, concise") ' +
    'sets vocabulary, length and register in one sentence. It matters most for content written for ' +
    'people: emails, explanations, product copy. On extraction or classification tasks it changes ' +
    'nothing useful and can leak chattiness into answers meant for a program. Taught by ' +
    'learnprompting.org ("Style and tone prompting") and most copywriting guides.',
  example: {
    before: 'Explain what an API rate limit is.',
    after: `Explain what an API rate limit is.\n\nWrite for ${DEFAULT_AUDIENCE}, in a ${DEFAULT_TONE} tone.`,
  },
  phrasings: PHRASINGS,
  detect: (body) => AUDIENCE_WORDING.some((pattern) => pattern.test(body)),
  apply(body, options = {}) {
    if (audienceTone.detect(body)) return body;
    return insertInstruction(body, chosenPhrasing(audienceTone, options).render(options));
  },
};
