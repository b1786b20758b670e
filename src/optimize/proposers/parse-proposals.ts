import { composeBody } from './compose-body.ts';
import { repairPlaceholders } from './repair-placeholders.ts';
import { taggedBlocks } from './tagged-blocks.ts';

/** How to turn proposer answers into candidate bodies. */
export interface ParseProposalsOptions {
  /** The body being improved: its placeholders must survive, and proposing it again is not new. */
  original: string;
  /** Other bodies that are not new either (earlier prompts of a trajectory). */
  known?: readonly string[];
  /** The meta-prompt ended with `<prompt>`, so an answer starts inside the tag (see taggedBlocks). */
  opened?: boolean;
  /** Proposals are bare instructions, made into bodies with composeBody instead of repaired. */
  instructions?: boolean;
  /** Keep at most this many candidates. */
  limit?: number;
}

/** Candidate bodies read from answers, and what parsing did. */
export interface ParsedProposals {
  candidates: string[];
  /** Candidates whose placeholders needed repair (some added or removed). */
  repaired: number;
  /** Proposals left out: empty, the original or a known body, a duplicate, or past the limit. */
  dropped: number;
}

/**
 * Candidates from proposer answers: the texts between `<prompt>` and `</prompt>` (several per
 * answer allowed), or, in an answer without the tag, the whole answer when it looks like a prompt
 * (not a refusal, at least three words). Each is trimmed, unwrapped from a code fence or quotes,
 * and repaired (repairPlaceholders) or composed (composeBody); then empty ones, the original,
 * known bodies and duplicates are dropped (compared with spacing collapsed). Never throws.
 */
export function parseProposals(
  answers: string | readonly string[],
  options: ParseProposalsOptions,
): ParsedProposals {
  const seen = new Set([options.original, ...(options.known ?? [])].map(comparable));
  const limit = options.limit ?? Number.POSITIVE_INFINITY;
  const candidates: string[] = [];
  let repaired = 0;
  let dropped = 0;
  for (const answer of typeof answers === 'string' ? [answers] : answers) {
    for (const proposal of proposalTexts(answer, options.opened ?? false)) {
      const text = unwrap(proposal);
      const body = shape(text, options);
      const key = comparable(body.text);
      // A proposal repeating a known body is not new, whether compared before or after shaping.
      if (key === '' || seen.has(key) || seen.has(comparable(text)) || candidates.length >= limit) {
        dropped++;
        continue;
      }
      seen.add(key);
      candidates.push(body.text);
      if (body.changed) repaired++;
    }
  }
  return { candidates, repaired, dropped };
}

/** Whether an untagged answer reads like a prompt rather than a refusal or a scrap. */
export function looksLikePrompt(text: string): boolean {
  const trimmed = text.trim();
  if (/^(i('| a)m sorry|i can(no|')t|as an ai\b)/i.test(trimmed)) return false;
  return (trimmed.match(/[\p{L}\p{N}]+/gu) ?? []).length >= 3;
}

function proposalTexts(answer: string, opened: boolean): string[] {
  const blocks = taggedBlocks(answer, 'prompt', { opened });
  if (blocks.length > 0 || /<\/?prompt>/i.test(answer))
    return opened ? blocks.filter(looksLikePrompt) : blocks;
  const whole = stripLabel(unwrap(answer));
  return looksLikePrompt(whole) ? [whole] : [];
}

function shape(text: string, options: ParseProposalsOptions): { text: string; changed: boolean } {
  if (text === '') return { text, changed: false };
  if (options.instructions) return { text: composeBody(text, options.original), changed: false };
  const repair = repairPlaceholders(text, options.original);
  return { text: repair.body, changed: repair.added + repair.removed > 0 };
}

/** Text inside a code fence or matching quotes that wrap all of it. */
function unwrap(text: string): string {
  let inner = text.trim();
  const fence = /^```[\w-]*\n([\s\S]*?)\n?```$/.exec(inner);
  if (fence) inner = fence[1]!.trim();
  const quoted = /^"([^"]*)"$/.exec(inner) ?? /^“([^“”]*)”$/.exec(inner);
  return quoted ? quoted[1]!.trim() : inner;
}

/** Drop a leading "New prompt:" style label from an untagged answer. */
function stripLabel(text: string): string {
  return text.replace(
    /^(?:here is (?:the|a|my) )?(?:new |improved )?(?:prompt|instruction|variation)\s*:\s*/i,
    '',
  );
}

function comparable(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}
