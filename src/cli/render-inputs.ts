import { resolve } from 'node:path';
import type { Command } from 'commander';
import { coerceVariable } from '../library/coerce-variable.ts';
import { historyFileSchema, type PromptMessage } from '../spec/prompt.ts';
import { PlumeError } from '../util/errors.ts';
import { parseYamlSource, validateYaml } from '../util/yaml-source.ts';
import { readObjectFile, readPairs, readText } from './variables.ts';

/** Options of `plume render` beyond the variables: Dotprompt's context variables and earlier turns. */
export interface RenderInputOptions {
  contextVar: string[];
  context?: string;
  history?: string;
}

/** Add `--context-var`, `--context` and `--history` to a command. */
export function withRenderInputOptions(command: Command): Command {
  return command
    .option(
      '--context-var <key=value>',
      'a context variable, read as {{@key}} (repeatable; dotted keys nest: auth.email=a@b.c; JSON values are read as JSON)',
      (value: string, previous: string[] = []) => [...previous, value],
      [],
    )
    .option(
      '--context <file>',
      'context variables from a JSON or YAML object ({{@state.count}} reads state.count)',
    )
    .option(
      '--history <file>',
      'earlier turns (a JSON or YAML list of {role, content}), placed at {{history}}',
    );
}

/**
 * The context variables: `--context FILE`, then each `--context-var`, whose value is read as
 * JSON when it is JSON (`42`, `true`, `{"a":1}`), else kept as text. Undefined when none is given.
 */
export function readContext(cwd: string, options: RenderInputOptions): Record<string, unknown> | undefined {
  if (options.context === undefined && options.contextVar.length === 0) return undefined;
  const context = options.context ? readObjectFile(resolve(cwd, options.context), 'context variables') : {};
  for (const [key, text] of Object.entries(readPairs('--context-var', cwd, options.contextVar))) {
    setPath(context, key.split('.'), coerceVariable(text, { type: 'json' }));
  }
  return context;
}

/** The earlier turns of `--history FILE`, checked (errors at file:line), in Dotprompt's shape. */
export function readHistory(cwd: string, file: string | undefined): PromptMessage[] | undefined {
  if (file === undefined) return undefined;
  const path = resolve(cwd, file);
  const source = parseYamlSource(readText(path), path, 0, 'USAGE');
  return validateYaml(source, historyFileSchema, 'USAGE').map((message) => ({
    ...message,
    role: message.role === 'assistant' ? 'model' : message.role,
    content: typeof message.content === 'string' ? [{ text: message.content }] : message.content,
  }));
}

function setPath(target: Record<string, unknown>, keys: readonly string[], value: unknown): void {
  if (keys.some((key) => key === '' || key === '__proto__')) {
    throw new PlumeError({
      code: 'USAGE',
      message: `--context-var ${keys.join('.')}: not a usable key`,
      hint: 'write --context-var state.count=42',
    });
  }
  let node = target;
  for (const key of keys.slice(0, -1)) {
    const next = node[key];
    if (next === null || typeof next !== 'object' || Array.isArray(next)) {
      const created: Record<string, unknown> = {};
      node[key] = created;
      node = created;
    } else node = next as Record<string, unknown>;
  }
  node[keys.at(-1)!] = value;
}
