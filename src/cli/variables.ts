import { readFileSync } from 'node:fs';
import { extname, resolve } from 'node:path';
import type { Command } from 'commander';
import { coerceVariables } from '../library/coerce-variable.ts';
import { PlumeError } from '../util/errors.ts';
import { safeJsonParse } from '../util/safe-json.ts';
import { parseYamlSource } from '../util/yaml-source.ts';

/** Options of a command that renders a prompt: `--var key=value` (repeatable) and `--vars FILE`. */
export interface VariableOptions {
  var: string[];
  vars?: string;
}

/** Add `--var` and `--vars` to a command; read them back with readVariables. */
export function withVariableOptions(command: Command): Command {
  return command
    .option(
      '--var <key=value>',
      'a template variable (repeatable; read as its input schema type: false, 3, JSON; a value @file reads a file, wherever it is)',
      collectVariable,
      [],
    )
    .option('--vars <file>', 'template variables from a JSON or YAML file');
}

function collectVariable(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}

/**
 * Template variables from `--vars FILE` (JSON or YAML object) then `--var key=value` pairs, the
 * latter winning. A value `@path` reads the variable from a file (as promptfoo's `file://`). A
 * `--var` is text, read as the type the prompt's input schema gives its field ("false" a
 * boolean, "3" a number, JSON for objects and lists); a `--vars` file's values are typed already.
 *
 * These paths are read wherever they are, not confined to the project as a suite's are: they are
 * arguments of the person running plume, who could as well `cat` the file. What the files hold is
 * taken as values, never as paths (`file://` and `@` in a `--vars` file are plain text), so a vars
 * file written by someone else cannot make plume read anything.
 */
export function readVariables(
  cwd: string,
  pairs: string[] = [],
  file?: string,
  inputSchema?: Record<string, unknown>,
): Record<string, unknown> {
  const variables: Record<string, unknown> = file ? readObjectFile(resolve(cwd, file), 'variables') : {};
  return { ...variables, ...coerceVariables(readPairs('--var', cwd, pairs), inputSchema) };
}

/** `key=value` pairs of an option, each value `@path` read from that file. */
export function readPairs(option: string, cwd: string, pairs: readonly string[]): Record<string, string> {
  const variables: Record<string, string> = {};
  for (const pair of pairs) {
    const equals = pair.indexOf('=');
    if (equals <= 0) {
      throw new PlumeError({
        code: 'USAGE',
        message: `${option} ${pair} is not of the form key=value`,
        hint: `write ${option} topic=autumn (quote values with spaces: ${option} "text=a b c")`,
      });
    }
    const value = pair.slice(equals + 1);
    variables[pair.slice(0, equals)] = value.startsWith('@') ? readText(resolve(cwd, value.slice(1))) : value;
  }
  return variables;
}

/** A JSON or YAML file holding an object (of variables, of context variables). */
export function readObjectFile(path: string, what: string): Record<string, unknown> {
  const text = readText(path);
  const value =
    extname(path) === '.json' ? parseJsonObject(text, path) : parseYamlSource(text, path, 0, 'USAGE').value;
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new PlumeError({
      code: 'USAGE',
      message: `${path} must hold an object of ${what}`,
      hint: 'write it as { "topic": "autumn" } (JSON) or topic: autumn (YAML)',
    });
  }
  return value as Record<string, unknown>;
}

function parseJsonObject(text: string, path: string): unknown {
  const parsed = safeJsonParse(text);
  if (!parsed.ok) {
    throw new PlumeError({ code: 'USAGE', message: `${path} is not valid JSON: ${parsed.error}` });
  }
  return parsed.value;
}

export function readText(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    throw new PlumeError({ code: 'USAGE', message: `cannot read ${path}`, hint: 'check the path' });
  }
}
