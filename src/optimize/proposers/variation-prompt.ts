/**
 * The resampling meta-prompt of APE (Zhou et al. 2022), also ProTeGi's Monte-Carlo step:
 * "Generate a variation of the following instruction while keeping the semantic meaning." The
 * answer is opened with `<prompt>`; `note` (asking to keep placeholders) follows the request.
 */
export function variationPrompt(text: string, note: string): string {
  const ask = 'Generate a variation of the following instruction while keeping the semantic meaning.';
  return [note === '' ? ask : `${ask} ${note}`, `Input: ${text}`, 'Output: <prompt>'].join('\n\n');
}
