import type { ProviderResult } from '../../spec/model.ts';
import { PlumeError } from '../../util/errors.ts';
import type { SecretSet } from '../../util/secret-set.ts';
import { SecretStream } from '../../util/secret-stream.ts';
import type { ModelMiddleware } from './model-middleware.ts';

/**
 * Clears the credentials plume sends out of what comes back: a provider (or a proxy) that echoes a
 * key or a header into its answer or its error. Innermost, so the cache, the store, streams and
 * every report only ever see the redacted text. Streams hold back a tail that could begin a
 * secret, so a key split across two pieces does not get through either.
 */
export function redactMiddleware(secrets: SecretSet): ModelMiddleware {
  const clean = (result: ProviderResult): ProviderResult => {
    const text = secrets.redact(result.text);
    return text === result.text ? result : { ...result, text };
  };
  return {
    async generate(request, call, next) {
      try {
        return clean(await next(request, call));
      } catch (error) {
        throw redactError(error, secrets);
      }
    },
    async *stream(request, call, next) {
      const pieces = new SecretStream(secrets);
      try {
        for await (const event of next(request, call)) {
          if (event.type === 'text') {
            const text = pieces.push(event.text);
            if (text.length > 0) yield { type: 'text', text };
          } else {
            const rest = pieces.end();
            if (rest.length > 0) yield { type: 'text', text: rest };
            yield { type: 'finish', result: clean(event.result) };
          }
        }
      } catch (error) {
        throw redactError(error, secrets);
      }
    },
  };
}

/** `error` with any secret in its message (and hint) replaced; the same object when it holds none. */
export function redactError(error: unknown, secrets: SecretSet): unknown {
  if (!(error instanceof Error)) return error;
  const message = secrets.redact(error.message);
  if (error instanceof PlumeError) {
    const hint = error.hint === undefined ? undefined : secrets.redact(error.hint);
    if (message === error.message && hint === error.hint) return error;
    return new PlumeError({
      code: error.code,
      message,
      hint,
      location: error.location,
      statusCode: error.statusCode,
      retryable: error.retryable,
      retryAfterSeconds: error.retryAfterSeconds,
    });
  }
  if (message === error.message) return error;
  const copy = new Error(message);
  copy.name = error.name;
  return copy;
}
