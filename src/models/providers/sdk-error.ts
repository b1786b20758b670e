import { AISDKError, APICallError, JSONParseError, RetryError, StreamProviderError } from 'ai';
import { type ErrorCode, isPlumeError, PlumeError } from '../../util/errors.ts';
import { parseRetryAfter } from '../retry-after.ts';

/** What an error message may say about the call: never the key, the prompt or the output. */
export interface ErrorContext {
  modelId: string;
  providerName: string;
  apiKeyEnv: string | undefined;
  /** Values to scrub from any text a provider sends back (the key). */
  secrets: readonly string[];
}

/**
 * What a network failure says about the provider. `unreachable`: no connection could be made, so the
 * provider is likely down and the call fails fast. `lost`: a connection was made and broke during the
 * call, which a busy server or proxy does now and then; retried like a 500. `silent`: the HTTP
 * client's own time limit ran out, as a hang does.
 */
type NetworkFailure = 'unreachable' | 'lost' | 'silent';

const NETWORK_FAILURES: ReadonlyMap<string, NetworkFailure> = new Map([
  ['ECONNREFUSED', 'unreachable'],
  ['ENOTFOUND', 'unreachable'],
  ['EAI_AGAIN', 'unreachable'],
  ['ETIMEDOUT', 'unreachable'],
  ['EHOSTUNREACH', 'unreachable'],
  ['ENETUNREACH', 'unreachable'],
  ['UND_ERR_CONNECT_TIMEOUT', 'unreachable'],
  ['ECONNRESET', 'lost'],
  ['EPIPE', 'lost'],
  ['UND_ERR_SOCKET', 'lost'],
  ['UND_ERR_HEADERS_TIMEOUT', 'silent'],
  ['UND_ERR_BODY_TIMEOUT', 'silent'],
]);

/**
 * Translate what the AI SDK throws into a PlumeError with a code, `statusCode`, `retryable` and
 * `retryAfterSeconds`. Aborts pass through untouched: the timeout middleware tells them apart.
 * The SDK's error is not kept as `cause`: it holds the request body, that is, the prompt.
 */
export function toPlumeError(error: unknown, context: ErrorContext): unknown {
  if (isPlumeError(error) || isAbort(error)) return error;
  if (RetryError.isInstance(error)) return toPlumeError(error.lastError, context);
  if (APICallError.isInstance(error)) return fromApiCallError(error, context);
  if (StreamProviderError.isInstance(error)) return fromStreamProviderError(error, context);
  const network = networkCode(error);
  if (network !== undefined) return networkError(context, network, undefined);
  if (AISDKError.isInstance(error)) {
    return new PlumeError({
      code: 'PROVIDER_BAD_RESPONSE',
      message: `${context.modelId}: the provider's answer could not be read (${error.name})`,
      hint: 'check that baseURL points at an endpoint speaking this provider type',
    });
  }
  return error;
}

function fromApiCallError(error: APICallError, context: ErrorContext): PlumeError {
  const status = error.statusCode;
  if (status === undefined) return networkError(context, networkCode(error) ?? 'no answer', error.url);
  return fromStatus(status, error, context);
}

/**
 * An error event inside an answer stream (an overload, a server error): AI SDK 7 reads its payload into
 * a StreamProviderError, with the status it names or implies. Without a status, a server-side failure.
 */
function fromStreamProviderError(error: StreamProviderError, context: ErrorContext): PlumeError {
  if (error.statusCode !== undefined) return fromStatus(error.statusCode, error, context);
  return new PlumeError({
    code: 'PROVIDER_SERVER',
    message: `${context.modelId}: the provider reported an error in its answer: ${sanitize(error.message, context.secrets)}`,
    hint: 'the provider is failing; try again later',
    retryable: error.isRetryable,
  });
}

function fromStatus(
  status: number,
  error: Pick<APICallError, 'message' | 'isRetryable' | 'responseHeaders' | 'cause'>,
  context: ErrorContext,
): PlumeError {
  const said = sanitize(error.message, context.secrets);
  const base = { statusCode: status, retryAfterSeconds: parseRetryAfter(error.responseHeaders) };
  const make = (code: ErrorCode, message: string, hint: string, retryable: boolean): PlumeError =>
    new PlumeError({ ...base, code, message: `${context.modelId}: ${message}`, hint, retryable });
  if (status < 300) {
    // A body that is not JSON at all was cut off or garbled on the way: transient, like a 500. JSON
    // of the wrong shape is an endpoint speaking another protocol, and asking again will not help.
    return make(
      'PROVIDER_BAD_RESPONSE',
      `malformed answer (HTTP ${status}): ${said}`,
      endpointHint(context),
      JSONParseError.isInstance(error.cause),
    );
  }
  if (status === 401 || status === 403) {
    const where = context.apiKeyEnv ? `the key in ${context.apiKeyEnv}` : 'the credentials of this provider';
    return make(
      'PROVIDER_AUTH',
      `the provider refused the credentials (HTTP ${status})`,
      `check ${where}`,
      false,
    );
  }
  if (status === 429) {
    return make(
      'PROVIDER_RATE_LIMITED',
      `rate limited (HTTP 429): ${said}`,
      'lower concurrency in plume.yaml or wait',
      true,
    );
  }
  if (status === 408)
    return make('PROVIDER_TIMEOUT', `the provider timed out (HTTP 408)`, 'try again later', true);
  if (status >= 500) {
    return make(
      'PROVIDER_SERVER',
      `server error (HTTP ${status}): ${said}`,
      'the provider is failing; try again later',
      true,
    );
  }
  const hint =
    status === 404 ? 'check the model name and the baseURL' : 'check the model parameters and the request';
  return make('PROVIDER_REQUEST', `request refused (HTTP ${status}): ${said}`, hint, error.isRetryable);
}

function networkError(context: ErrorContext, reason: string, url: string | undefined): PlumeError {
  const where = url === undefined ? '' : ` at ${originOf(url)}`;
  const failure = NETWORK_FAILURES.get(reason) ?? 'unreachable';
  if (failure === 'lost') {
    return new PlumeError({
      code: 'PROVIDER_DISCONNECTED',
      message: `${context.modelId}: the connection to the provider${where} broke during the call (${reason})`,
      hint: 'the provider or a proxy in between dropped the call; try again later',
      retryable: true,
    });
  }
  if (failure === 'silent') {
    return new PlumeError({
      code: 'PROVIDER_TIMEOUT',
      message: `${context.modelId}: the provider${where} stopped answering (${reason})`,
      hint: 'raise timeoutMs (in the prompt or under providers in plume.yaml), or try again later',
      retryable: true,
    });
  }
  return new PlumeError({
    code: 'PROVIDER_CONNECTION',
    message: `${context.modelId}: cannot reach the provider${where} (${reason})`,
    hint: `check the network, and that the server is running and providers.${context.providerName}.baseURL is right`,
    retryable: true,
  });
}

function endpointHint(context: ErrorContext): string {
  return `check that providers.${context.providerName}.baseURL points at an endpoint speaking this provider type`;
}

function isAbort(error: unknown): boolean {
  return (
    (error instanceof Error || error instanceof DOMException) &&
    (error.name === 'AbortError' || error.name === 'TimeoutError')
  );
}

/** The system error code of a network failure somewhere in the cause chain. */
function networkCode(error: unknown): string | undefined {
  const seen = new Set<unknown>();
  for (let current = error; current instanceof Error && !seen.has(current); current = current.cause) {
    seen.add(current);
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string' && NETWORK_FAILURES.has(code)) return code;
  }
  return undefined;
}

function originOf(url: string): string {
  try {
    return new URL(url).origin;
  } catch {
    return 'the configured URL';
  }
}

/** A provider's own words, short and with anything key-like removed. */
export function sanitize(text: string, secrets: readonly string[]): string {
  let clean = text;
  for (const secret of secrets) if (secret.length >= 4) clean = clean.split(secret).join('[redacted]');
  clean = clean.replace(/\b(sk|pk|rk|key|api|token)[-_][A-Za-z0-9_\-*.]{8,}/gi, '[redacted]');
  clean = clean.replace(/[A-Za-z0-9_-]{32,}/g, '[redacted]');
  return clean.length > 300 ? `${clean.slice(0, 300)}…` : clean;
}
