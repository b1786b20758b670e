import { describe, expect, it } from 'vitest';
import { DEFAULT_RETRY_POLICY, retryDelay, sleep } from '../../src/models/middleware/retry-middleware.ts';
import { parseRetryAfter } from '../../src/models/retry-after.ts';
import { type ErrorCode, PlumeError } from '../../src/util/errors.ts';

const policy = { ...DEFAULT_RETRY_POLICY, maxRetries: 4, baseDelayMs: 100, maxDelayMs: 1000 };
const error = (code: ErrorCode, retryable: boolean, retryAfterSeconds?: number) =>
  new PlumeError({ code, message: 'x', retryable, retryAfterSeconds });

const none = { failed: 0, unanswered: 0, rateLimited: 0 };
const failed = (count: number) => ({ ...none, failed: count });

describe('retryDelay', () => {
  it('backs off exponentially with full jitter, capped at maxDelayMs', () => {
    const server = error('PROVIDER_SERVER', true);
    expect(retryDelay(server, none, policy, () => 0.999)).toBeCloseTo(99.9);
    expect(retryDelay(server, failed(2), policy, () => 0.5)).toBe(200);
    expect(retryDelay(server, failed(3), policy, () => 0.999)).toBeCloseTo(799.2);
    expect(retryDelay(server, failed(3), { ...policy, maxDelayMs: 300 }, () => 0.999)).toBeCloseTo(299.7);
    expect(retryDelay(server, failed(1), policy, () => 0)).toBe(0);
  });

  it('waits what Retry-After says, and gives up when it asks for too long', () => {
    expect(retryDelay(error('PROVIDER_RATE_LIMITED', true, 2), none, policy)).toBe(2000);
    expect(retryDelay(error('PROVIDER_RATE_LIMITED', true, 120), none, policy)).toBeUndefined();
  });

  it('stops after maxRetries', () => {
    const server = error('PROVIDER_SERVER', true);
    expect(retryDelay(server, failed(3), policy)).toBeDefined();
    expect(retryDelay(server, failed(4), policy)).toBeUndefined();
  });

  it('retries a reset and a garbled body as a 500, with the same backoff', () => {
    for (const code of ['PROVIDER_DISCONNECTED', 'PROVIDER_BAD_RESPONSE'] as const) {
      expect(retryDelay(error(code, true), failed(2), policy, () => 0.5)).toBe(200);
      expect(retryDelay(error(code, true), failed(4), policy)).toBeUndefined();
    }
  });

  it('gives 429s their own budget, twice maxRetries: random 429s leave the other retries alone', () => {
    const limited = error('PROVIDER_RATE_LIMITED', true, 1);
    expect(retryDelay(limited, { ...none, failed: 4, rateLimited: 7 }, policy)).toBe(1000);
    expect(retryDelay(limited, { ...none, rateLimited: 8 }, policy)).toBeUndefined();
    expect(retryDelay(error('PROVIDER_SERVER', true), { ...none, rateLimited: 8 }, policy)).toBeDefined();
    expect(retryDelay(error('PROVIDER_SERVER', true), none, { ...policy, maxRetries: 0 })).toBeUndefined();
    expect(retryDelay(limited, none, { ...policy, maxRetries: 0 })).toBeUndefined();
  });

  it('never retries errors that are not retryable, or that are not PlumeErrors', () => {
    for (const code of ['PROVIDER_AUTH', 'PROVIDER_REQUEST', 'PROVIDER_BAD_RESPONSE'] as const) {
      expect(retryDelay(error(code, false), none, policy)).toBeUndefined();
    }
    expect(retryDelay(new Error('bug'), none, policy)).toBeUndefined();
  });

  it('retries an unreachable or silent provider only connectionRetries times', () => {
    for (const code of ['PROVIDER_CONNECTION', 'PROVIDER_TIMEOUT'] as const) {
      const down = error(code, true);
      expect(retryDelay(down, none, policy)).toBeDefined();
      expect(retryDelay(down, { ...none, failed: 1, unanswered: 1 }, policy)).toBeUndefined();
    }
    // A reset is not "unreachable": it keeps the full budget after a timeout.
    const reset = error('PROVIDER_DISCONNECTED', true);
    expect(retryDelay(reset, { ...none, failed: 1, unanswered: 1 }, policy)).toBeDefined();
  });
});

describe('parseRetryAfter', () => {
  const now = Date.parse('2025-06-01T12:00:00Z');
  it('reads seconds, HTTP dates and retry-after-ms', () => {
    expect(parseRetryAfter({ 'retry-after': '3' }, now)).toBe(3);
    expect(parseRetryAfter({ 'retry-after': 'Sun, 01 Jun 2025 12:00:30 GMT' }, now)).toBe(30);
    expect(parseRetryAfter({ 'retry-after': 'Sun, 01 Jun 2025 11:00:00 GMT' }, now)).toBe(0);
    expect(parseRetryAfter({ 'retry-after-ms': '250', 'retry-after': '9' }, now)).toBe(0.25);
  });
  it('is undefined when there is nothing readable', () => {
    expect(parseRetryAfter(undefined, now)).toBeUndefined();
    expect(parseRetryAfter({}, now)).toBeUndefined();
    expect(parseRetryAfter({ 'retry-after': 'soon' }, now)).toBeUndefined();
  });
});

describe('sleep', () => {
  it('ends early with the reason when its signal aborts', async () => {
    const controller = new AbortController();
    const started = performance.now();
    setTimeout(() => controller.abort(new Error('stop waiting')), 10);
    await expect(sleep(10_000, controller.signal)).rejects.toThrow('stop waiting');
    expect(performance.now() - started).toBeLessThan(1000);
  });
});
