import { asSentence, prependParagraph } from './body-text.ts';
import { chosenPhrasing } from './phrasing.ts';
import type { Technique, TechniqueOptions, TechniquePhrasing } from './technique.ts';

const DEFAULT_TASK = 'complete the request below accurately and completely';

/** The task given (`--task`), lower-cased first, without a leading "Your task:". */
const taskOf = (options: TechniqueOptions) =>
  lowerFirst((options.task ?? DEFAULT_TASK).trim().replace(/^your task( is)?:?\s*/i, ''));
/** "to classify ..." reads after "is"; a task given as a noun phrase keeps its words. */
const infinitive = (task: string) => (/^to\s/i.test(task) ? task : `to ${task}`);

const PHRASINGS: readonly TechniquePhrasing[] = [
  { name: 'label', render: (o) => asSentence(`Your task: ${taskOf(o)}`) },
  { name: 'your task is', render: (o) => asSentence(`Your task is ${infinitive(taskOf(o))}`) },
  { name: 'I want you to', render: (o) => asSentence(`I want you ${infinitive(taskOf(o))}`) },
  { name: 'heading', render: (o) => asSentence(`Task: ${taskOf(o)}`) },
];

/** Imperative verbs that open a task ("Classify the ticket ..."), at the start of a line or sentence. */
const TASK_VERBS =
  'classify|summari[sz]e|translate|write|answer|extract|rewrite|explain|generate|list|identify|describe|' +
  'analy[sz]e|compare|determine|label|decide|create|draft|review|evaluate|correct|convert|find|give|' +
  'tell|provide|categori[sz]e|detect|score|rate|grade|paraphrase|compose|solve|calculate|predict|tag';

const TASK_WORDING = [
  /\b(your|the) (task|job|goal|objective|mission) (is|will be)\b/i,
  /\byour (task|job|goal|objective)\s*:/i,
  /^\s*task\s*:/im,
  /\bi (want|need) you to\b/i,
  /\byou (will|must|should|need to) (\w+ ){0,2}(classify|summari[sz]e|translate|write|answer|extract|rewrite|explain|generate|identify|label|decide|review|solve)\b/i,
  new RegExp(`(^|[.!?]\\s+|\\n)\\s*(please\\s+)?(${TASK_VERBS})\\b`, 'i'),
];

/** Task statement: say plainly, in one sentence, what the model must do. */
export const taskStatement: Technique = {
  id: 'task-statement',
  name: 'Explicit task statement',
  summary: 'State the task in one plain sentence ("Your task: classify the ticket by urgency").',
  explanation:
    'A prompt that only shows material ("Here is a ticket: ...") leaves the model to guess what is ' +
    'wanted. One explicit sentence naming the task, its object and its goal removes most of that ' +
    'ambiguity. It helps most on short prompts and with smaller models; on a prompt that already ' +
    'opens with a clear instruction it only repeats it. Taught by learnprompting.org ("Basics: ' +
    'instructions") and the OpenAI guide ("Write clear instructions").',
  example: {
    before: 'Ticket:\n{{ticket}}\n\nUrgency (low, medium, high):',
    after:
      'Your task: classify the support ticket by urgency.\n\nTicket:\n{{ticket}}\n\nUrgency (low, medium, high):',
  },
  phrasings: PHRASINGS,
  detect: (body) => TASK_WORDING.some((pattern) => pattern.test(stripTemplateTags(body))),
  apply(body, options = {}) {
    if (taskStatement.detect(body)) return body;
    return prependParagraph(body, chosenPhrasing(taskStatement, options).render(options), {
      afterRole: true,
    });
  },
};

function lowerFirst(text: string): string {
  return /^[A-Z][a-z]/.test(text) ? text[0]!.toLowerCase() + text.slice(1) : text;
}

/** Role markers and other tags are not instructions: `{{role "user"}}` must not count as a verb. */
function stripTemplateTags(body: string): string {
  return body.replace(/\{\{[^}]*\}\}\}?/g, ' ');
}
