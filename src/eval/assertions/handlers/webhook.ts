import { z } from 'zod';
import type { Assertion } from '../../../spec/assertion.ts';
import { safeJsonParse } from '../../../util/safe-json.ts';
import { configError, parseOption, parseValue } from '../assertion-config.ts';
import type { AssertionContext } from '../assertion-context.ts';
import { type AssertionOutcome, type CellHandler, undecided } from '../assertion-handler.ts';
import { isLoopbackHost, WEBHOOK_HOSTS_VARIABLE, webhookHostAllowed } from '../webhook-hosts.ts';

interface WebhookConfig {
  url: URL;
  timeoutMs: number;
}

const timeoutSchema = z.number().int().min(100).max(60_000).default(5000);
const answerSchema = z.object({
  pass: z.boolean(),
  score: z.number().min(0).max(1).optional(),
  reason: z.string().optional(),
});
const MAX_ANSWER_BYTES = 64 * 1024;

/**
 * POSTs `{output, context: {prompt, vars}}` to the URL of the value and reads `{pass, score?,
 * reason?}` back. The suite names the URL, so it may send outputs only to this machine (loopback)
 * or to hosts the person running plume lists in PLUME_WEBHOOK_HOSTS; no redirect is followed;
 * `config.timeoutMs` (5000) bounds the call. A failed call is undecided, not a fail.
 */
export const webhook: CellHandler<WebhookConfig> = {
  kind: 'cell',
  parse(assertion: Assertion) {
    const text = parseValue(assertion, z.string().min(1), 'the URL to POST the output to');
    const url = URL.canParse(text) ? new URL(text) : undefined;
    if (url === undefined || (url.protocol !== 'http:' && url.protocol !== 'https:'))
      throw configError(`"${assertion.type}": ${JSON.stringify(text)} is not an http(s) URL`);
    return { url, timeoutMs: parseOption(assertion, 'timeoutMs', timeoutSchema) };
  },
  async check(config: WebhookConfig, context: AssertionContext): Promise<AssertionOutcome> {
    const host = config.url.hostname;
    if (!isLoopbackHost(host) && !webhookHostAllowed(host))
      return undecided(
        `the webhook's host ${host} is not allowed: a suite may call this machine's webhooks, or hosts listed in ${WEBHOOK_HOSTS_VARIABLE}`,
      );
    let response: Response;
    try {
      response = await fetch(config.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          output: context.output,
          context: { prompt: context.prompt, vars: context.vars },
        }),
        redirect: 'error',
        signal: AbortSignal.timeout(config.timeoutMs),
      });
    } catch (error) {
      const timedOut = error instanceof Error && error.name === 'TimeoutError';
      return undecided(
        timedOut
          ? `the webhook did not answer within ${config.timeoutMs} ms`
          : `the webhook call failed: ${messageOf(error)}`,
      );
    }
    if (!response.ok) return undecided(`the webhook answered HTTP ${response.status}`);
    const body = await response.text();
    if (body.length > MAX_ANSWER_BYTES) return undecided('the webhook answered more than 64 KB');
    const parsed = safeJsonParse(body);
    const answer = parsed.ok ? answerSchema.safeParse(parsed.value) : undefined;
    if (!answer?.success)
      return undecided('the webhook did not answer {"pass": boolean, "score"?: 0..1, "reason"?: text}');
    const { pass, score, reason } = answer.data;
    return { pass, score: score ?? (pass ? 1 : 0), reason: reason ?? `The webhook returned pass: ${pass}` };
  },
};

function messageOf(error: unknown): string {
  const cause = error instanceof Error && error.cause instanceof Error ? `: ${error.cause.message}` : '';
  return `${error instanceof Error ? error.message : String(error)}${cause}`;
}
