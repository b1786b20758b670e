import { PlumeError } from '../util/errors.ts';

/** A prompt file split into its YAML front matter and its template body, with their first lines. */
export interface FrontMatterSplit {
  /** The YAML text, empty when the file has no front matter. */
  yaml: string;
  /** 1-based line of the first YAML line in the file. */
  yamlLine: number;
  body: string;
  /** 1-based line of the first body line in the file. */
  bodyLine: number;
}

const FENCE = /^---[ \t]*$/;

/** Split normalized (LF) content at its `---` fences; a file without them is all body. */
export function splitFrontMatter(content: string, file: string): FrontMatterSplit {
  const lines = content.split('\n');
  if (!FENCE.test(lines[0] ?? '')) return { yaml: '', yamlLine: 1, body: content, bodyLine: 1 };
  const close = lines.findIndex((line, index) => index > 0 && FENCE.test(line));
  if (close < 0) {
    throw new PlumeError({
      code: 'PROMPT_INVALID',
      message: 'the front matter opened on line 1 is never closed',
      location: { file, line: 1 },
      hint: "end the front matter with a line holding only '---', before the template",
    });
  }
  return {
    yaml: lines.slice(1, close).join('\n'),
    yamlLine: 2,
    body: lines.slice(close + 1).join('\n'),
    bodyLine: close + 2,
  };
}
