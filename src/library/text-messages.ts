import type { Message } from '../spec/model.ts';
import type { PromptMessage } from '../spec/prompt.ts';
import { PlumeError } from '../util/errors.ts';

const TEXT_ROLES: Record<PromptMessage['role'], Message['role'] | undefined> = {
  system: 'system',
  user: 'user',
  model: 'assistant',
  tool: undefined,
};

/**
 * The text messages a model is sent: each Dotprompt message's text parts joined and trimmed,
 * blank ones left out, `model` named `assistant`. Section markers carry no text. What a text
 * message cannot hold (a media part, a `tool` message) is refused, at the prompt's file, rather
 * than silently dropped.
 */
export function textMessages(messages: readonly PromptMessage[], file: string): Message[] {
  const result: Message[] = [];
  for (const message of messages) {
    const role = TEXT_ROLES[message.role];
    if (role === undefined) throw unsendable(file, `a {{role "${message.role}"}} message`);
    let text = '';
    for (const part of message.content) {
      if ('media' in part) throw unsendable(file, 'a media part ({{media}})');
      if ('text' in part) text += part.text;
    }
    const content = text.trim();
    if (content.length > 0) result.push({ role, content });
  }
  return result;
}

/** Earlier turns given as text messages, in Dotprompt's shape. */
export function promptMessages(messages: readonly Message[]): PromptMessage[] {
  return messages.map((message) => ({
    role: message.role === 'assistant' ? 'model' : message.role,
    content: [{ text: message.content }],
  }));
}

function unsendable(file: string, what: string): PlumeError {
  return new PlumeError({
    code: 'PROMPT_INVALID',
    message: `${what} cannot be sent to a model yet: plume sends system, user and assistant text messages`,
    location: { file },
    hint: 'plume render --json shows the prompt as Dotprompt renders it; to run it, keep to text',
  });
}
