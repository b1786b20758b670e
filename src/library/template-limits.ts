import { PlumeError } from '../util/errors.ts';
import type { PartialLoader } from './partials.ts';
import { scanTemplate, type TemplateScan } from './template-scan.ts';

/**
 * What a template may hold before Handlebars parses it. Handlebars' compiler takes about half a
 * millisecond a tag (5,000 tags: 2.2 s and 126 MB) and its parser quadratic time in block depth,
 * so a file from others could hang a command; text alone is cheap (1 MB with 10 tags: 22 ms).
 */
export const TEMPLATE_LIMITS = {
  characters: 1_000_000,
  /** `{{ }}` tags in a template and the partials it includes, comments left out. */
  tags: 2_000,
  blockDepth: 100,
  /** Partials including partials. */
  partialDepth: 20,
} as const;

/** A template's text and where its first line is in its file. */
export interface TemplateText {
  file: string;
  body: string;
  bodyLine: number;
}

/**
 * Check a template and every partial it includes (by name) against TEMPLATE_LIMITS, and that no
 * partial includes itself: each is a PROMPT_INVALID error at the file:line that goes past.
 */
export function checkTemplateLimits(source: TemplateText, loadPartial: PartialLoader): void {
  let tags = 0;
  // A partial included many times is read and scanned once.
  const partials = new Map<string, TemplateText | undefined>();
  const scans = new Map<TemplateText, TemplateScan>();
  const visit = (template: TemplateText, chain: readonly string[]): void => {
    if (template.body.length > TEMPLATE_LIMITS.characters) {
      throw limitError(
        `the template is ${count(template.body.length)} characters long; the limit is ${count(TEMPLATE_LIMITS.characters)}`,
        { file: template.file },
        'pass long reference text in a variable (a file: variable in a suite) rather than in the template',
      );
    }
    let scan = scans.get(template);
    if (scan === undefined) {
      scan = scanTemplate(template.body, TEMPLATE_LIMITS.blockDepth + 1);
      scans.set(template, scan);
    }
    if (scan.depth > TEMPLATE_LIMITS.blockDepth) {
      throw limitError(
        `blocks are nested ${count(scan.depth)} deep; the limit is ${TEMPLATE_LIMITS.blockDepth}`,
        at(template, scan.depthLine),
        'close each {{#block}} with its {{/block}} before the next level, or flatten the conditions',
      );
    }
    if (tags + scan.tags > TEMPLATE_LIMITS.tags) {
      const line = scanTemplate(
        template.body,
        Number.POSITIVE_INFINITY,
        TEMPLATE_LIMITS.tags - tags + 1,
      ).tagLine;
      throw limitError(
        `the template ${chain.length > 0 ? 'and its partials hold' : 'holds'} more than ${count(TEMPLATE_LIMITS.tags)} {{ }} tags${chain.length > 0 ? ' (a partial counts at each inclusion)' : ''}`,
        at(template, line ?? 1),
        'pass repeated parts as one list variable and loop over it with {{#each}}',
      );
    }
    tags += scan.tags;
    for (const { name, line } of scan.partials) {
      if (chain.includes(name)) {
        throw limitError(
          `partial '${name}' includes itself (${[...chain, name].join(' → ')})`,
          at(template, line),
          `remove the {{> ${name}}} that closes the loop`,
        );
      }
      if (chain.length >= TEMPLATE_LIMITS.partialDepth) {
        throw limitError(
          `partials are included more than ${TEMPLATE_LIMITS.partialDepth} deep (${[...chain, name].join(' → ')})`,
          at(template, line),
          'include fewer levels of partials',
        );
      }
      if (!partials.has(name)) {
        const partial = loadPartial(name);
        partials.set(
          name,
          partial && { file: partial.file, body: partial.template, bodyLine: partial.bodyLine },
        );
      }
      const partial = partials.get(name);
      // A partial not found is reported when the template compiles, with its own message.
      if (partial) visit(partial, [...chain, name]);
    }
  };
  visit(source, []);
}

function at(template: TemplateText, line: number): { file: string; line: number } {
  return { file: template.file, line: template.bodyLine + line - 1 };
}

function limitError(message: string, location: { file: string; line?: number }, hint: string): PlumeError {
  return new PlumeError({ code: 'PROMPT_INVALID', message, location, hint });
}

function count(value: number): string {
  return value.toLocaleString('en-US');
}
