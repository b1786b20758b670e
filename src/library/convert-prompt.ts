import { extname } from 'node:path';
import { PlumeError } from '../util/errors.ts';
import { convertPrompty } from './import-prompty.ts';
import { type ConvertedParts, convertText } from './import-text.ts';
import { normalizeContent } from './normalize-content.ts';
import { formatPromptFile } from './prompt-writer.ts';

/** A prompt in another format, turned into a `.prompt` file. */
export interface ConvertedPrompt {
  /** The `.prompt` file's normalized text. */
  content: string;
  /** Settings of the source that have no `.prompt` equivalent and were left out. */
  dropped: string[];
  /** 1-based line of the body's first line in the source, to point errors back at it. */
  sourceBodyLine: number;
}

/** Extensions `lib import` and file refs accept. */
export const IMPORT_EXTENSIONS = ['.prompt', '.prompty', '.txt', '.md'] as const;

/** Convert a `.prompty`, `.txt` or `.md` file's text (a `.prompt` passes through). */
export function convertToPrompt(text: string, file: string): ConvertedPrompt {
  const extension = extname(file).toLowerCase();
  const normalized = normalizeContent(text);
  if (extension === '.prompt') return { content: normalized, dropped: [], sourceBodyLine: 1 };
  let parts: ConvertedParts;
  if (extension === '.prompty') parts = convertPrompty(normalized, file);
  else if (extension === '.txt' || extension === '.md') parts = convertText(normalized, file);
  else {
    throw new PlumeError({
      code: 'IMPORT_INVALID',
      message: `cannot import ${extension || 'files without an extension'}`,
      location: { file },
      hint: `import one of: ${IMPORT_EXTENSIONS.join(', ')}`,
    });
  }
  return {
    content: formatPromptFile(parts.frontMatter, parts.body),
    dropped: parts.dropped,
    sourceBodyLine: parts.sourceBodyLine,
  };
}
