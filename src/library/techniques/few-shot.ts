import {
  DEFAULT_STYLE,
  DEMONSTRATION_HEADINGS,
  type DemonstrationStyle,
  formatDemonstrations,
  parseDemonstrations,
} from './demonstrations.ts';
import { chosenPhrasing } from './phrasing.ts';
import type { Technique, TechniquePhrasing } from './technique.ts';
import {
  demonstrationPoint,
  finalInput,
  insertAtUnit,
  layoutOf,
  nextLine,
  type TemplateLayout,
} from './template-layout.ts';

const SAMPLE = [
  { input: 'Arrived broken and support never answered.', output: 'negative' },
  { input: 'Does exactly what it says, and fast.', output: 'positive' },
];

/** The phrasings are the headings above the demonstrations. */
const PHRASINGS: readonly TechniquePhrasing[] = DEMONSTRATION_HEADINGS.map((heading, index) => ({
  name: ['examples', 'here are some', 'for example', 'inputs and answers'][index] ?? heading,
  render: (options) =>
    formatDemonstrations(options.demonstrations?.length ? options.demonstrations : SAMPLE.slice(0, 1), {
      ...DEFAULT_STYLE,
      heading,
    }),
}));

/** A label a demonstration line may carry (what parseDemonstrations reads back). */
const LABEL = /^[A-Z][\w -]{0,30}$/;

/**
 * The prompt's own style, when its final input is labelled and followed by an answer cue
 * (`Review: {{review}}` then `Sentiment:`): demonstrations are written `Review: …` / `Sentiment: …`,
 * as the real input will read. Otherwise `Input:` / `Output:`.
 */
function styleOf(layout: TemplateLayout, heading: string): DemonstrationStyle {
  const input = finalInput(layout);
  if (input === undefined) return { ...DEFAULT_STYLE, heading };
  const unit = layout.units[input.unit]!;
  const line = layout.lines[unit.start]!;
  const label = /^\s*([^{}\n:]{1,31}):\s*\{\{\{?\s*[A-Za-z_][\w.-]*\s*\}?\}\}\s*$/.exec(line)?.[1]?.trim();
  const cue = /^\s*([^{}\n:]{1,31}):\s*$/
    .exec(nextLine(layout, input.section, input.unit) ?? '')?.[1]
    ?.trim();
  if (
    unit.end - unit.start !== 1 ||
    !label ||
    !cue ||
    label === cue ||
    !LABEL.test(label) ||
    !LABEL.test(cue)
  ) {
    return { ...DEFAULT_STYLE, heading };
  }
  return { heading, inputLabel: label, outputLabel: cue };
}

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
    'as an "Examples:" block of Input:/Output: pairs (labelled like the prompt\'s own input and ' +
    'answer cue when it has them, "Review:"/"Sentiment:") right before the final input, after the ' +
    'instructions; with no demonstrations given, the prompt is left unchanged. Taught by ' +
    'learnprompting.org ("Few-Shot Prompting").',
  example: {
    before: 'Classify the sentiment as positive or negative.\n\n{{review}}',
    after: `Classify the sentiment as positive or negative.\n\n${formatDemonstrations(SAMPLE)}\n\n{{review}}`,
  },
  phrasings: PHRASINGS,
  detect: (body) => parseDemonstrations(body).length > 0,
  apply(body, options = {}) {
    const demonstrations = options.demonstrations ?? [];
    const heading = DEMONSTRATION_HEADINGS[PHRASINGS.indexOf(chosenPhrasing(fewShot, options))]!;
    if (demonstrations.length === 0 || fewShot.detect(body)) return body;
    const layout = layoutOf(body);
    const block = formatDemonstrations(demonstrations, styleOf(layout, heading));
    return insertAtUnit(layout, demonstrationPoint(layout), block);
  },
};
