import { asSentence } from './body-text.ts';
import { chosenPhrasing } from './phrasing.ts';
import type { Technique, TechniquePhrasing } from './technique.ts';
import { insertInstruction } from './template-layout.ts';

const DEFAULT_FORMAT = 'only the answer, with no preamble or explanation';

/** The format asked for, when given (`--format`), trimmed and without a final full stop. */
const given = (format: string | undefined) => format?.trim().replace(/[.]+$/, '') || undefined;

const PHRASINGS: readonly TechniquePhrasing[] = [
  { name: 'label', render: (o) => asSentence(`Output format: ${given(o.format) ?? DEFAULT_FORMAT}`) },
  {
    name: 'imperative',
    render: (o) => asSentence(`Answer with only ${given(o.format) ?? 'the final answer'}, and nothing else`),
  },
  {
    name: 'format your answer',
    render: (o) =>
      asSentence(`Format your answer as ${given(o.format) ?? 'a single line holding only the answer'}`),
  },
  {
    name: 'strict',
    render: (o) =>
      asSentence(
        `Respond in exactly this format: ${given(o.format) ?? 'the answer on one line, with no preamble, explanation or closing remark'}`,
      ),
  },
  {
    name: 'polite, long',
    render: (o) =>
      asSentence(
        `Please keep your reply to ${given(o.format) ?? 'the answer itself'}: a program reads it, so leave out any introduction, explanation or formatting around it`,
      ),
  },
];

const FORMAT_WORDING = [
  /\b(respond|answer|reply|output|return|write|give)\b[^.\n]{0,30}\b(only|in|as|with)\b[^.\n]{0,30}\b(json|yaml|xml|csv|markdown|list|table|format|word|words|sentence|sentences|number|label|bullet|bullets|paragraph|letter|one of)\b/i,
  /\b(respond|answer|reply)\s+(with|in)\s+(only|just|exactly|a single|one)\b/i,
  /\b(json|yaml|csv)\b/i,
  /^\s*(output )?format\s*:/im,
  /\b(output|response|answer) format\b/i,
  /\bformatted as\b/i,
  /\buse (the|this) (following )?(format|template)\b/i,
  /\bformat (your|the) (answer|reply|response|output)\b/i,
  /\bkeep your (reply|answer|response) to\b/i,
];

/** Output format: say exactly what the answer must look like. */
export const outputFormat: Technique = {
  id: 'output-format',
  name: 'Output format',
  summary: 'Say exactly what shape the answer takes ("Respond with JSON: {label, reason}").',
  explanation:
    'Naming the output format (one word, a label from a list, JSON with given keys, a bullet list) ' +
    'makes answers easy to check and to parse, and stops the model from wrapping them in preambles. ' +
    'It helps whenever a program or an assertion reads the answer. A strict format can hurt ' +
    'reasoning tasks when it leaves no room to think first (combine it with chain-of-thought by ' +
    'asking for the reasoning, then the answer on a last line). Taught by learnprompting.org ' +
    '("Output formatting") and the OpenAI guide ("Specify the desired format").',
  example: {
    before: 'Classify the sentiment of the review.\n\nReview: {{review}}',
    after:
      'Classify the sentiment of the review.\n\nOutput format: one word, positive, negative or neutral.\n\nReview: {{review}}',
  },
  phrasings: PHRASINGS,
  detect: (body) => FORMAT_WORDING.some((pattern) => pattern.test(body)),
  apply(body, options = {}) {
    if (outputFormat.detect(body)) return body;
    return insertInstruction(body, chosenPhrasing(outputFormat, options).render(options));
  },
};
