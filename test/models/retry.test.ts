import { describe, expect, it } from 'vitest';
import { DEFAULT_RETRY_POLICY, retryDelay, sleep } from '../../src/models/middleware/retry-middleware.ts';
import { parseRetryAfter } from '../../src/models/retry-after.ts';
import { type ErrorCode, PlumeError } from '../../src/util/errors.ts';

const policy = { ...DEFAULT_RETRY_POLICY, maxRetries: 4, baseDelayMs: 100, maxDelayMs: 1000 };
const error = (code: ErrorCode, retryable: boolean, retryAfterSeconds?: number) =>
  new PlumeError({ code, message: 'x', retryable, retryAfterSeconds });

describe('retryDelay', () => {
  it('backs off exponentially with full jitter, capped at maxDelayMs', () => {
    const server = error('PROVIDER_SERVER', true);
    expect(retryDelay(server, 0, 0, policy, () => 0.999)).toBeCloseTo(99.9);
    expect(retryDelay(server, 2, 0, policy, () => 0.5)).toBe(200);
    expect(retryDelay(server, 3, 0, policy, () => 0.999)).toBeCloseTo(799.2);
    expect(retryDelay(server, 3, 0, { ...policy, maxDelayMs: 300 }, () => 0.999)).toBeCloseTo(299.7);
    expect(retryDelay(server, 1, 0, policy, () => 0)).toBe(0);
  });

  it('waits what Retry-After says, and gives up when it asks for too long', () => {
    expect(retryDelay(error('PROVIDER_RATE_LIMITED', true, 2), 0, 0, policy)).toBe(2000);
    expect(retryDelay(error('PROVIDER_RATE_LIMITED', true, 120), 0, 0, policy)).toBeUndefined();
  });

  it('stops after maxRetries', () => {
    const server = error('PROVIDER_SERVER', true);
    expect(retryDelay(server, 3, 0, policy)).toBeDefined();
    expect(retryDelay(server, 4, 0, policy)).toBeUndefined();
  });

  it('never retries errors that are not retryable, or that are not PlumeErrors', () => {
    for (const code of ['PROVIDER_AUTH', 'PROVIDER_REQUEST', 'PROVIDER_BAD_RESPONSE'] as const) {
      expect(retryDelay(error(code, false), 0, 0, policy)).toBeUndefined();
    }
    expect(retryDelay(new Error('bug'), 0, 0, policy)).toBeUndefined();
  });

  it('retries an unreachable provider only connectionRetries times', () => {
    const down = error('PROVIDER_CONNECTION', true);
    expect(retryDelay(down, 0, 1, policy)).toBeDefined();
    expect(retryDelay(down, 1, 2, policy)).toBeUndefined();
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
