/** Which template language a prompt's text is written in. */
export type TemplateSyntax = 'nunjucks' | 'handlebars';

// Handlebars-only tags: blocks, partials, comments, triple braces, `{{else}}` and Dotprompt's
// helpers (`{{role "system"}}`, `{{history}}`, `{{json x}}`), none of which Nunjucks reads.
const HANDLEBARS_ONLY =
  /\{\{\{|\{\{~?\s*(?:[#/>^!&]|(?:else|history)\s*~?\}\}|(?:role|section|media|json|ifEquals|unlessEquals)\b(?!\s*[|.}]))/;
// Nunjucks-only tags: statements and comments.
const NUNJUCKS_ONLY = /\{%|(?<!\{)\{#/;

/**
 * The syntax of a prompt written in a suite or a promptfoo prompt file: Nunjucks, as promptfoo
 * renders prompts, unless the text is a plume prompt (front matter, or Handlebars' blocks,
 * partials or Dotprompt's helpers, and no Nunjucks statement). `{{name}}` and `{{a.b}}` read the
 * same in both.
 */
export function templateSyntaxOf(text: string): TemplateSyntax {
  if (/^---\r?\n/.test(text)) return 'handlebars';
  return HANDLEBARS_ONLY.test(text) && !NUNJUCKS_ONLY.test(text) ? 'handlebars' : 'nunjucks';
}
