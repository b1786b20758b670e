import { isPlumeError, PlumeError } from '../util/errors.ts';

const HELPERS_HINT =
  "the helpers are role, history, json, section, media, ifEquals, unlessEquals, and Handlebars' if, unless, each, with, lookup";

/** Where a template starts: its file and the file line of its first line. */
export interface TemplateLocation {
  file: string;
  bodyLine: number;
}

/**
 * A Handlebars error as a PlumeError at file:line. Handlebars' own messages quote the template
 * around the error; that text is prompt content, so only the line and the expected tokens are kept.
 */
export function templateError(error: unknown, source: TemplateLocation): PlumeError {
  if (isPlumeError(error)) return error;
  const text = error instanceof Error ? error.message : String(error);
  const details = describe(text, error);
  const line = details.line === undefined ? undefined : source.bodyLine + details.line - 1;
  return new PlumeError({
    code: 'PROMPT_INVALID',
    message: `template error: ${details.message}`,
    location: {
      file: source.file,
      ...(line === undefined ? {} : { line }),
      ...(details.column === undefined ? {} : { column: details.column + 1 }),
    },
    hint: details.hint,
    cause: error,
  });
}

interface ErrorDetails {
  message: string;
  line?: number;
  column?: number;
  hint?: string;
}

function describe(text: string, error: unknown): ErrorDetails {
  const parse = /^Parse error on line (\d+):[\s\S]*\n(Expecting .*)$/.exec(text);
  if (parse) {
    const got = /got '([^']+)'/.exec(parse[2]!)?.[1];
    return {
      message: `Handlebars syntax error${got ? ` (unexpected ${got === 'EOF' ? 'end of template' : got})` : ''}`,
      line: Number(parse[1]),
      hint: 'check the {{ }} on this line: every {{ needs its }}, every {{#block}} its {{/block}}',
    };
  }
  const position = error as { lineNumber?: unknown; column?: unknown };
  const line = typeof position.lineNumber === 'number' ? position.lineNumber : undefined;
  const column = typeof position.column === 'number' ? position.column : undefined;
  const message = text.split('\n')[0]!.replace(/ - \d+:\d+$/, '');
  const helper = /unknown helper (\S+)/.exec(message)?.[1];
  if (helper) return { message: `unknown helper '${helper}'`, line, column, hint: HELPERS_HINT };
  const mismatch = /^(\S+) doesn't match (\S+)$/.exec(message);
  if (mismatch) {
    return {
      message: `{{/${mismatch[2]}}} closes {{#${mismatch[1]}}}`,
      line,
      column,
      hint: `close the block with {{/${mismatch[1]}}}`,
    };
  }
  return { message, line, column };
}
