import { Library } from '../../library/library.ts';
import { shortHash } from '../../library/normalize-content.ts';
import type { ModelParams } from '../../spec/model.ts';
import type { RenderedPrompt } from '../../spec/prompt.ts';
import { type CliContext, contextProject, emit, type RegisterCommand } from '../context.ts';
import { readVariables, type VariableOptions, withVariableOptions } from '../variables.ts';

interface RenderOptions extends VariableOptions {}

/** `plume render`: the messages a prompt produces for some variables, without calling a model. */
export const registerRender: RegisterCommand = (program, context) => {
  withVariableOptions(program.command('render'))
    .description('print the messages a prompt produces (no model call)')
    .argument('<prompt>', 'a prompt name, name@label, name@hash, or a prompt file')
    .action((prompt: string, options: RenderOptions) => renderPrompt(context, prompt, options));
};

async function renderPrompt(context: CliContext, ref: string, options: RenderOptions): Promise<void> {
  const library = Library.open(contextProject(context), { cwd: context.cwd, env: context.env });
  try {
    const resolved = await library.resolve(ref);
    const rendered = await resolved.render(readVariables(context.cwd, options.var, options.vars));
    emit(context, { prompt: resolved.name, version: resolved.version.hash, ...rendered }, () =>
      formatRendered(`${resolved.name}@${shortHash(resolved.version.hash)}`, rendered),
    );
  } finally {
    library.close();
  }
}

function formatRendered(title: string, rendered: RenderedPrompt): string {
  const settings = [rendered.model ?? 'default model', formatParams(rendered.params)]
    .filter(Boolean)
    .join('  ');
  const lines = [`${title}  ${settings}`];
  for (const message of rendered.messages) lines.push('', `── ${message.role} ──`, message.content);
  if (rendered.outputSchema) lines.push('', '── output schema ──', JSON.stringify(rendered.outputSchema));
  return lines.join('\n');
}

function formatParams(params: ModelParams): string {
  return Object.entries(params)
    .map(([key, value]) => `${key}=${Array.isArray(value) ? value.join(',') : String(value)}`)
    .join(' ');
}
