import { Library } from '../../library/library.ts';
import { shortHash } from '../../library/normalize-content.ts';
import { textMessages } from '../../library/text-messages.ts';
import type { Message, ModelParams } from '../../spec/model.ts';
import type { PromptMessage } from '../../spec/prompt.ts';
import { isPlumeError } from '../../util/errors.ts';
import { type CliContext, contextProject, emit, type RegisterCommand } from '../context.ts';
import { notePromptWarnings } from '../prompt-warnings.ts';
import {
  type RenderInputOptions,
  readContext,
  readHistory,
  withRenderInputOptions,
} from '../render-inputs.ts';
import { readVariables, type VariableOptions, withVariableOptions } from '../variables.ts';

interface RenderOptions extends VariableOptions, RenderInputOptions {}

/** `plume render`: the messages a prompt produces for some variables, without calling a model. */
export const registerRender: RegisterCommand = (program, context) => {
  withRenderInputOptions(withVariableOptions(program.command('render')))
    .description('print the messages a prompt produces, as Dotprompt renders them (no model call)')
    .argument('<prompt>', 'a prompt name, name@label, name@hash, or a prompt file')
    .action((prompt: string, options: RenderOptions) => renderPrompt(context, prompt, options));
};

async function renderPrompt(context: CliContext, ref: string, options: RenderOptions): Promise<void> {
  const library = Library.open(contextProject(context), { cwd: context.cwd, env: context.env });
  try {
    const resolved = await library.resolve(ref);
    notePromptWarnings(context, resolved);
    const input = readVariables(context.cwd, options.var, options.vars, resolved.inputSchema);
    resolved.checkVariables(input);
    const data = {
      input,
      context: readContext(context.cwd, options),
      messages: readHistory(context.cwd, options.history),
    };
    const rendering = await resolved.renderDotprompt(data);
    const sent = sentMessages(rendering.messages, resolved.filePath ?? resolved.name);
    emit(
      context,
      {
        prompt: resolved.name,
        version: resolved.version.hash,
        ...rendering,
        params: resolved.params,
        ...(resolved.model === undefined ? {} : { modelRef: resolved.model }),
        ...(resolved.outputSchema === undefined ? {} : { outputSchema: resolved.outputSchema }),
        ...sent,
        warnings: resolved.warnings,
      },
      () =>
        formatRendered(
          `${resolved.name}@${shortHash(resolved.version.hash)}`,
          resolved.model,
          resolved.params,
          rendering.messages,
          resolved.outputSchema,
        ),
    );
  } finally {
    library.close();
  }
}

/** The text messages a model would be sent, or why none can be. */
function sentMessages(messages: PromptMessage[], file: string): { sent: Message[] } | { unsendable: string } {
  try {
    return { sent: textMessages(messages, file) };
  } catch (error) {
    if (isPlumeError(error)) return { unsendable: error.message };
    throw error;
  }
}

function formatRendered(
  title: string,
  model: string | undefined,
  params: ModelParams,
  messages: readonly PromptMessage[],
  outputSchema: Record<string, unknown> | undefined,
): string {
  const settings = [model ?? 'default model', formatParams(params)].filter(Boolean).join('  ');
  const lines = [`${title}  ${settings}`];
  for (const message of messages) {
    const purpose = typeof message.metadata?.purpose === 'string' ? ` (${message.metadata.purpose})` : '';
    lines.push('', `── ${message.role}${purpose} ──`, formatContent(message).trim());
  }
  if (outputSchema) lines.push('', '── output schema ──', JSON.stringify(outputSchema));
  return lines.join('\n');
}

// Text as it is; media and section markers shown in brackets.
function formatContent(message: PromptMessage): string {
  return message.content
    .map((part) => {
      if ('text' in part) return part.text;
      if ('media' in part)
        return `[media ${part.media.url}${part.media.contentType ? ` ${part.media.contentType}` : ''}]`;
      return `[section ${String(part.metadata.purpose ?? '')}]`;
    })
    .join('');
}

function formatParams(params: ModelParams): string {
  return Object.entries(params)
    .map(([key, value]) => `${key}=${Array.isArray(value) ? value.join(',') : String(value)}`)
    .join(' ');
}
