import type { DotpromptPrompt, PromptWarning } from '../spec/prompt.ts';
import { formatLocation } from '../util/errors.ts';
import { type CliContext, note } from './context.ts';

/** Tell people (stderr; silent under --json, where the command puts them in its document) what plume cannot use in a prompt. */
export function notePromptWarnings(context: CliContext, prompt: DotpromptPrompt): void {
  for (const warning of prompt.warnings) note(context, `warning: ${formatWarning(warning)}`);
}

/** `file:line: message` and its hint, as errors are shown. */
export function formatWarning(warning: PromptWarning): string {
  const where = formatLocation({
    file: warning.file,
    ...(warning.line === undefined ? {} : { line: warning.line }),
  });
  return `${where}: ${warning.message}${warning.hint ? `\n  hint: ${warning.hint}` : ''}`;
}
