import { asSentence, prependParagraph } from './body-text.ts';
import type { Technique } from './technique.ts';

const DEFAULT_TASK = 'complete the request below accurately and completely';

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
  detect: (body) => TASK_WORDING.some((pattern) => pattern.test(stripTemplateTags(body))),
  apply(body, options = {}) {
    if (taskStatement.detect(body)) return body;
    const task = (options.task ?? DEFAULT_TASK).trim().replace(/^your task( is)?:?\s*/i, '');
    return prependParagraph(body, asSentence(`Your task: ${lowerFirst(task)}`), { afterRole: true });
  },
};

function lowerFirst(text: string): string {
  return /^[A-Z][a-z]/.test(text) ? text[0]!.toLowerCase() + text.slice(1) : text;
}

/** Role markers and other tags are not instructions: `{{role "user"}}` must not count as a verb. */
function stripTemplateTags(body: string): string {
  return body.replace(/\{\{[^}]*\}\}\}?/g, ' ');
}
