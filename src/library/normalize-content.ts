import { sha256 } from '../util/hash.ts';

/**
 * The form of a prompt file that is hashed and stored: no byte-order mark, LF line ends, exactly
 * one trailing newline. Editors and operating systems differ on these; the prompt does not.
 */
export function normalizeContent(text: string): string {
  const withoutBom = text.startsWith('\uFEFF') ? text.slice(1) : text;
  const lf = withoutBom.replace(/\r\n?/g, '\n');
  return `${lf.replace(/\n+$/, '')}\n`;
}

/** The version hash of a prompt: sha256 of its normalized content. */
export function contentHash(text: string): string {
  return sha256(normalizeContent(text));
}

/** The short form of a hash shown to people (as git shows 7 characters). */
export function shortHash(hash: string): string {
  return hash.slice(0, 7);
}
