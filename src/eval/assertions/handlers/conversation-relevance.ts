import { z } from 'zod';
import type { Assertion } from '../../../spec/assertion.ts';
import { parseOption } from '../assertion-config.ts';
import type { AssertionContext } from '../assertion-context.ts';
import { type AssertionOutcome, type CellHandler, undecided } from '../assertion-handler.ts';
import { askGrader } from '../judge/ask-grader.ts';
import { parseVerdictGrader, type VerdictGraderConfig } from '../judge/grade-with-verdict.ts';
import { shareOutcome } from '../rag/rag-inputs.ts';

const SYSTEM = [
  "You judge the last reply of a conversation: is it relevant to the user's last message, given the turns",
  'before it? Answer with one JSON object and nothing else: {"relevant": true or false, "reason": one sentence}.',
].join(' ');
const TEMPLATE = 'Conversation:\n<conversation>\n{{conversation}}\n</conversation>';
const answerSchema = z.object({ relevant: z.boolean(), reason: z.string() });
const ANSWER_JSON_SCHEMA = {
  type: 'object',
  properties: { relevant: { type: 'boolean' }, reason: { type: 'string' } },
  required: ['relevant', 'reason'],
  additionalProperties: false,
};
const WINDOW_SIZE = z.number().int().positive().default(5);
const turnSchema = z.object({ input: z.string(), output: z.string() }).loose();
const conversationSchema = z.array(turnSchema).min(1);

type Turn = z.infer<typeof turnSchema>;

interface ConversationConfig extends VerdictGraderConfig {
  windowSize: number;
}

/**
 * Share of a conversation's replies relevant to their turn, each judged with up to `config.windowSize`
 * turns (default 5) before it. The turns are the `_conversation` var (`{input, output}` each, as
 * promptfoo), else the prompt and this output; passes at `threshold` (default 0, as promptfoo).
 */
export const conversationRelevance: CellHandler<ConversationConfig> = {
  kind: 'cell',
  needsModel: 'judge',
  parse: (assertion: Assertion) => ({
    windowSize: parseOption(assertion, 'windowSize', WINDOW_SIZE),
    ...parseVerdictGrader(assertion),
  }),
  async check(config: ConversationConfig, context: AssertionContext): Promise<AssertionOutcome> {
    const turns = turnsOf(context);
    if (!Array.isArray(turns)) return turns;
    const answers = await Promise.all(
      turns.map((_, index) =>
        askGrader(config, context, {
          system: SYSTEM,
          template: TEMPLATE,
          slots: {
            conversation: transcript(turns.slice(Math.max(0, index - config.windowSize + 1), index + 1)),
          },
          jsonSchema: ANSWER_JSON_SCHEMA,
          schema: answerSchema,
        }),
      ),
    );
    const reasons: string[] = [];
    let relevant = 0;
    for (const [index, answer] of answers.entries()) {
      if (!answer.ok) return answer.outcome;
      if (answer.value.relevant) relevant += 1;
      else reasons.push(`turn ${index + 1}: ${answer.value.reason}`);
    }
    return shareOutcome(
      'Conversation relevance',
      relevant,
      turns.length,
      config.threshold ?? 0,
      reasons.join('; '),
    );
  },
};

function turnsOf(context: AssertionContext): Turn[] | AssertionOutcome {
  const given = context.vars._conversation;
  if (given !== undefined && !(Array.isArray(given) && given.length === 0)) {
    const parsed = conversationSchema.safeParse(given);
    if (!parsed.success) {
      return undecided('the "_conversation" var must be a list of {input, output} turns');
    }
    return parsed.data;
  }
  if (context.prompt === undefined) return undecided('no conversation: give the test a "_conversation" var');
  return [{ input: context.prompt, output: context.output }];
}

function transcript(turns: readonly Turn[]): string {
  return turns.map((turn) => `User: ${turn.input}\nAssistant: ${turn.output}`).join('\n\n');
}
