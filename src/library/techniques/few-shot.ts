import { insertBeforeInput } from './body-text.ts';
import { formatDemonstrations, parseDemonstrations } from './demonstrations.ts';
import type { Technique } from './technique.ts';

/** Few-shot: show worked examples of input and expected output. */
export const fewShot: Technique = {
  id: 'few-shot',
  name: 'Few-shot examples',
  summary: 'Show a few worked examples (input → output) before the real input.',
  explanation:
    'A handful of demonstrations shows the task, the format and the level of detail at once, and ' +
    'is often the single most effective change on classification and extraction tasks (Brown et ' +
    'al. 2020). Which examples, how many and in what order all matter: unbalanced labels bias the ' +
    'answers toward the majority label, and examples cost tokens on every call. plume writes them ' +
    'as an "Examples:" block of Input:/Output: pairs placed before the input; with no ' +
    'demonstrations given, the prompt is left unchanged. Taught by learnprompting.org ' +
    '("Few-Shot Prompting").',
  example: {
    before: 'Classify the sentiment as positive or negative.\n\n{{review}}',
    after: `Classify the sentiment as positive or negative.\n\n${formatDemonstrations([
      { input: 'Arrived broken and support never answered.', output: 'negative' },
      { input: 'Does exactly what it says, and fast.', output: 'positive' },
    ])}\n\n{{review}}`,
  },
  detect: (body) => parseDemonstrations(body).length > 0,
  apply(body, options = {}) {
    const demonstrations = options.demonstrations ?? [];
    if (demonstrations.length === 0 || fewShot.detect(body)) return body;
    return insertBeforeInput(body, formatDemonstrations(demonstrations));
  },
};
